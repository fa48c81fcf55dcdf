package io.github.ltxkit.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How the faults of several rules combine on one request, without any waiting. */
class InjectionPlanTest {

    @Test
    void jitterIsDrawnFromTheRulesRandomBetweenZeroAndTheJitter() {
        Fault.Latency latency = Fault.latency(Duration.ofMillis(100), Duration.ofMillis(50));
        long[] delays = new long[200];
        for (int i = 0; i < delays.length; i++) {
            InjectionPlan plan = new InjectionPlan();
            plan.add(latency, new Random(i));
            delays[i] = plan.delayNanos();
            InjectionPlan again = new InjectionPlan();
            again.add(latency, new Random(i));
            assertThat(again.delayNanos()).isEqualTo(delays[i]);
        }
        assertThat(Arrays.stream(delays).min().orElseThrow()).isGreaterThanOrEqualTo(100_000_000L);
        assertThat(Arrays.stream(delays).max().orElseThrow()).isLessThanOrEqualTo(150_000_000L);
        assertThat(Arrays.stream(delays).distinct().count()).isGreaterThan(150);
    }

    @Test
    void latenciesAddUpAndTheSlowestBandwidthAndShortestBodyWin() {
        InjectionPlan plan = new InjectionPlan();
        plan.add(Fault.latency(Duration.ofMillis(10)), new Random(1));
        plan.add(Fault.bandwidth(1000), new Random(1));
        plan.add(Fault.truncatedBody(0.5), new Random(1));
        plan.add(Fault.latency(Duration.ofMillis(20)), new Random(1));
        plan.add(Fault.bandwidth(500), new Random(1));
        plan.add(Fault.bandwidth(800), new Random(1));
        plan.add(Fault.truncatedBody(0.75), new Random(1));

        assertThat(plan.delayNanos()).isEqualTo(30_000_000L);
        assertThat(plan.bytesPerSecond()).isEqualTo(500);
        assertThat(plan.keptLength(1000)).isEqualTo(500);
        assertThat(plan.truncate(new byte[10])).hasSize(5);
        assertThat(plan.failure()).isNull();
        assertThat(plan.faults()).hasSize(7);
    }

    @Test
    void aFailingFaultTellsTheControllerToStopConsultingRules() {
        InjectionPlan plan = new InjectionPlan();
        assertThat(plan.add(Fault.ambiguousWrite(), new Random(1))).isTrue();
        assertThat(plan.add(Fault.connectionReset(), new Random(1))).isFalse();
        assertThat(plan.failure()).isEqualTo(Fault.connectionReset());
        assertThat(plan.ambiguous()).isTrue();
    }

    @Test
    void aStaleListingHidesTheNewestByTxidAndKeepsTheOrderOfTheRest() {
        InjectionPlan plan = new InjectionPlan();
        plan.add(Fault.staleListing(1), new Random(1));
        plan.add(Fault.staleListing(2), new Random(1));
        List<LtxFileInfo> files = List.of(info(1, 1, 10), info(1, 21, 30), info(1, 11, 20), info(1, 31, 31));

        assertThat(plan.hideNewest(files)).containsExactly(info(1, 1, 10), info(1, 11, 20));
    }

    @Test
    void aTruncatedBodyOfFractionZeroKeepsNothing() {
        InjectionPlan plan = new InjectionPlan();
        plan.add(Fault.truncatedBody(0), new Random(1));
        assertThat(plan.truncate(new byte[10])).isEmpty();
        assertThat(plan.keptLength(1 << 30)).isZero();
    }

    private static LtxFileInfo info(int level, long min, long max) {
        return new LtxFileInfo(LtxFileKey.of(level, min, max), 100, Instant.EPOCH);
    }
}
