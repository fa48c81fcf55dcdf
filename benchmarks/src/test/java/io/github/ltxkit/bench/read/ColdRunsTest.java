package io.github.ltxkit.bench.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.bench.read.ColdRuns.Timed;
import io.github.ltxkit.bench.read.ReplicaFixtures.RequestCount;
import io.github.ltxkit.s3server.S3Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColdRunsTest {
    @Test
    void warmUpRunsAreDiscardedAndEachMeasuredRunReportsItsOwnTime() throws Exception {
        List<Integer> indexes = new ArrayList<>();

        ColdRuns.Result result = ColdRuns.measure(2, 3, i -> {
            indexes.add(i);
            return new Timed(1_000_000L * (i + 1), null);
        });

        assertThat(indexes).containsExactly(0, 1, 2, 3, 4);
        assertThat(result.nanos()).containsExactly(3_000_000L, 4_000_000L, 5_000_000L);
        assertThat(result.milliseconds("x").samples()).containsExactly(3.0, 4.0, 5.0);
        assertThat(result.requests()).isEmpty();
    }

    @Test
    void eachMeasuredRunFollowsAFullCollectionUnlessToldNothingComesBefore() throws Exception {
        List<Long> collectionsAtEachRun = new ArrayList<>();
        ColdRuns.Run run = i -> {
            collectionsAtEachRun.add(collections());
            return new Timed(1, null);
        };

        ColdRuns.measure(0, 3, null, ColdRuns.Before.FULL_COLLECTION, run);
        List<Long> collected = List.copyOf(collectionsAtEachRun);
        collectionsAtEachRun.clear();
        long before = collections();
        ColdRuns.measure(0, 3, null, ColdRuns.Before.NOTHING, run);

        assertThat(collected.get(1)).isGreaterThan(collected.get(0));
        assertThat(collected.get(2)).isGreaterThan(collected.get(1));
        assertThat(collectionsAtEachRun).as("nothing allocates enough to start a collection").containsOnly(before);
    }

    @Test
    void warmUpRunsGoOnUntilTheTimeSettlesThenTheMeasuredRunsFollowOn() throws Exception {
        // 40 runs falling from 100 to 61 ms, then flat at 60 ms
        ColdRuns.Run run = i -> new Timed(1_000_000L * (i < 40 ? 100 - i : 60), null);

        ColdRuns.Result result = ColdRuns.measureSteady(10, 500, 3, ColdRuns.Before.NOTHING, run);

        assertThat(result.warmups()).isBetween(40 + ColdRuns.STEADY_WINDOW, 40 + 2 * ColdRuns.STEADY_WINDOW);
        assertThat(result.nanos()).containsOnly(60_000_000L).hasSize(3);
    }

    @Test
    void warmUpsStopAtTheirMostWhenTheTimeNeverSettles() throws Exception {
        ColdRuns.Run run = i -> new Timed(1_000_000L * (1000 - 10L * i), null);

        assertThat(ColdRuns.measureSteady(10, 80, 2, ColdRuns.Before.NOTHING, run).warmups()).isEqualTo(80);
    }

    @Test
    void flatTimesSettleAfterTheFewestWarmUpsAndTwoWindows() throws Exception {
        ColdRuns.Run run = i -> new Timed(5_000_000L, null);

        assertThat(ColdRuns.measureSteady(10, 500, 1, ColdRuns.Before.NOTHING, run).warmups())
                .isEqualTo(2 * ColdRuns.STEADY_WINDOW);
    }

    private static long collections() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
    }

    @Test
    void runsStopOnceTheNextOneWouldEndPastTheBudgetButOneIsAlwaysMeasured() throws Exception {
        ColdRuns.Run slow = i -> {
            Thread.sleep(60);
            return new Timed(60_000_000L, null);
        };

        assertThat(ColdRuns.measure(0, 20, Duration.ofMillis(150), slow).nanos()).hasSizeBetween(1, 3);
        assertThat(ColdRuns.measure(0, 5, Duration.ofMillis(1), slow).nanos()).hasSize(1);
    }

    @Test
    void warmUpsStopOnceHalfTheBudgetIsSpent() throws Exception {
        List<Integer> indexes = new ArrayList<>();

        ColdRuns.measure(10, 1, Duration.ofMillis(100), i -> {
            indexes.add(i);
            Thread.sleep(60);
            return new Timed(1, null);
        });

        assertThat(indexes).hasSizeBetween(2, 3);
    }

    @Test
    void aRunStoppedAtItsCapEndsTheMeasurementWithTheRequestsMadeByThen() {
        RequestCount requests = new RequestCount(Map.of(S3Op.GET_OBJECT, 7L));

        assertThatThrownBy(() -> ColdRuns.measure(0, 3, Duration.ofSeconds(10), i -> {
            throw new ColdRuns.RunCappedException(Duration.ofSeconds(120), requests);
        })).isInstanceOfSatisfying(ColdRuns.RunCappedException.class, e -> {
            assertThat(e.requests()).isEqualTo(requests);
            assertThat(e.cap()).isEqualTo(Duration.ofSeconds(120));
            assertThat(e).hasMessage("stopped at the cap of 120 s");
        });
    }

    @Test
    void requestCountsAreDescribedOnceWhenEveryRunAgreesAndAsARangeWhenNot() throws Exception {
        RequestCount eight = new RequestCount(Map.of(S3Op.LIST_OBJECTS, 1L, S3Op.GET_OBJECT, 7L));
        RequestCount nine = new RequestCount(Map.of(S3Op.LIST_OBJECTS, 2L, S3Op.GET_OBJECT, 7L));

        String same = ColdRuns.measure(0, 2, i -> new Timed(1, eight)).describeRequests();
        String differ = ColdRuns.measure(0, 2, i -> new Timed(1, i == 0 ? eight : nine)).describeRequests();

        assertThat(same).isEqualTo("8 (1 LIST, 7 GET) in each run");
        assertThat(differ).isEqualTo("8–9 (runs differ; the last: 9 (2 LIST, 7 GET))");
    }

    @Test
    void noRunsIsRefused() {
        assertThatThrownBy(() -> ColdRuns.measure(0, 0, i -> new Timed(1, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("need warm-ups >= 0 and runs >= 1, got 0 and 0");
    }
}
