package io.github.ltxkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementTest {
    @Test
    void theMedianOfAnOddCountIsTheMiddleSample() {
        Measurement m = new Measurement("x", "ms", List.of(5.0, 1.0, 9.0, 3.0, 7.0));

        assertThat(m.median()).isEqualTo(5.0);
        assertThat(m.min()).isEqualTo(1.0);
        assertThat(m.max()).isEqualTo(9.0);
        assertThat(m.runs()).isEqualTo(5);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleSamples() {
        assertThat(new Measurement("x", "ms", List.of(4.0, 1.0, 10.0, 2.0)).median()).isEqualTo(3.0);
    }

    @Test
    void throughputIsMegabytesOfTenToTheSixBytesPerSecond() {
        Measurement m = Measurement.megabytesPerSecond("encode", 50_000_000, List.of(500_000_000L, 250_000_000L));

        assertThat(m.unit()).isEqualTo("MB/s");
        assertThat(m.samples()).containsExactly(100.0, 200.0);
    }

    @Test
    void latencyIsMillisecondsPerOperation() {
        Measurement m = Measurement.millisecondsEach("read", 4, List.of(8_000_000L));

        assertThat(m.samples().getFirst()).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void samplesMustBePresentFiniteAndNotNegative() {
        assertThatThrownBy(() -> new Measurement("x", "ms", List.of()))
                .hasMessage("measurement \"x\" has no samples");
        assertThatThrownBy(() -> new Measurement("x", "ms", List.of(1.0, Double.NaN)))
                .hasMessage("measurement \"x\" has an invalid sample: NaN");
        assertThatThrownBy(() -> new Measurement("x", "ms", List.of(-1.0)))
                .hasMessage("measurement \"x\" has an invalid sample: -1.0");
    }
}
