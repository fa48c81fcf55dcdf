package io.github.ltxkit.bench.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistributionTest {
    @Test
    void percentilesAreNearestRankSoThe99thOf200IsTheThirdLargest() {
        List<Double> samples = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            samples.add((double) i);
        }
        Collections.shuffle(samples, new java.util.Random(3));

        Distribution d = Distribution.of(samples);

        assertThat(d.percentile(99)).isEqualTo(198.0);
        assertThat(d.percentile(90)).isEqualTo(180.0);
        assertThat(d.median()).isEqualTo(100.0);
        assertThat(d.percentile(100)).isEqualTo(200.0);
        assertThat(d.percentile(0.1)).isEqualTo(1.0);
        assertThat(d.min()).isEqualTo(1.0);
        assertThat(d.max()).isEqualTo(200.0);
        assertThat(d.mean()).isEqualTo(100.5);
        assertThat(d.count()).isEqualTo(200);
    }

    @Test
    void theMedianOfAnEvenCountIsTheLowerMiddleSample() {
        assertThat(Distribution.of(4.0, 1.0, 10.0, 2.0).median()).isEqualTo(2.0);
        assertThat(Distribution.of(7.0).percentile(99)).isEqualTo(7.0);
    }

    @Test
    void theSamplesAreCopiedNotShared() {
        double[] samples = {3, 1, 2};
        Distribution d = Distribution.of(samples);
        samples[0] = 100;

        assertThat(d.max()).isEqualTo(3.0);
    }

    @Test
    void emptyOrNonFiniteSamplesAndPercentilesOutsideTheRangeAreRefused() {
        assertThatThrownBy(() -> Distribution.of(List.of()))
                .hasMessage("a distribution needs at least one sample");
        assertThatThrownBy(() -> Distribution.of(1.0, Double.POSITIVE_INFINITY))
                .hasMessage("a distribution's samples must be finite, got Infinity");
        assertThatThrownBy(() -> Distribution.of(1.0).percentile(0))
                .hasMessage("a percentile must be in (0, 100], got 0.0");
        assertThatThrownBy(() -> Distribution.of(1.0).percentile(100.5))
                .hasMessage("a percentile must be in (0, 100], got 100.5");
    }
}
