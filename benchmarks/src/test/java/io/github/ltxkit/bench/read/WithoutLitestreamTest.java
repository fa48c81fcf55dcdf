package io.github.ltxkit.bench.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.bench.BenchContext;
import io.github.ltxkit.bench.Goal;
import io.github.ltxkit.bench.Measurement;
import io.github.ltxkit.bench.ScenarioResult;
import io.github.ltxkit.interop.HarnessSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the Litestream VFS cannot run, the read scenarios measure the rest and say why Litestream is missing. */
class WithoutLitestreamTest {
    @TempDir
    Path dir;

    private static LitestreamSide missing() {
        return LitestreamSide.detect(HarnessSettings.fromEnvironment()
                .withSqlite3Override(Path.of("/nonexistent/sqlite3")));
    }

    @Test
    void anUnavailableLitestreamIsNamedWithItsReason() {
        LitestreamSide side = missing();

        assertThat(side.available()).isFalse();
        assertThat(side.unavailableReason()).startsWith("LTXKIT_SQLITE3 names /nonexistent/sqlite3");
        assertThat(side.describe()).startsWith("unavailable: ");
    }

    @Test
    void hydrationWithoutLitestreamMeasuresLtxkitAndTheDownloadAndStatesTheReason() throws Exception {
        HydrationThroughput scenario = new HydrationThroughput(WithoutLitestreamTest::missing);

        ScenarioResult result = scenario.run(new BenchContext(true, 0, 1, dir));

        // quick mode runs at 0 ms only; the local directory replica is measured once, after the latencies
        assertThat(result.measurements()).extracting(Measurement::label).containsExactly(
                "download, whole files, 0 ms", "hydration, ltxkit, 0 ms",
                "hydration, ltxkit, local directory replica");
        assertThat(result.facts()).anySatisfy(f -> {
            assertThat(f.name()).isEqualTo("Litestream unavailable");
            assertThat(f.value()).contains("/nonexistent/sqlite3");
        });
        Measurement ltxkit = result.measurements().get(1);
        assertThat(scenario.goalFor(ltxkit).text()).startsWith("≥ 0.8× the download's (≥ ");
        assertThat(scenario.goalFor(ltxkit).judge(ltxkit)).isNotEqualTo(Goal.Verdict.NO_GOAL);
        assertThat(scenario.goalFor(result.measurements().get(0)).judge(result.measurements().get(0)))
                .isEqualTo(Goal.Verdict.NO_GOAL);
        Measurement local = result.measurements().get(2);
        assertThat(scenario.goalFor(local)).isEqualTo(Goal.none());
        assertThat(result.facts()).anySatisfy(f -> {
            assertThat(f.name()).isEqualTo("Time the goal allows at 0 ms");
            assertThat(f.value()).contains("local directory replica").contains("took a median of");
        });
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("hydration-replica-"));
    }

    @Test
    void firstQueryWithoutLitestreamMeasuresLtxkitAndTheLocalFileAndLeavesItsRatioGoalUnjudged() throws Exception {
        FirstQueryLatency scenario = new FirstQueryLatency(WithoutLitestreamTest::missing);

        ScenarioResult result = scenario.run(new BenchContext(true, 0, 1, dir));

        assertThat(result.measurements()).extracting(Measurement::label).containsExactly(
                "cold first query, ltxkit, 0 ms", "cold first query, local file", "warm point lookup, ltxkit",
                "warm point lookup, ltxkit, plain JDBC connection", "warm point lookup, local file");
        assertThat(result.facts()).anySatisfy(f -> {
            assertThat(f.name()).isEqualTo("Litestream unavailable");
            assertThat(f.value()).contains("/nonexistent/sqlite3");
        });
        Measurement cold = result.measurements().get(0);
        assertThat(scenario.goalFor(cold).text()).isEqualTo("≤ 0.5× Litestream's (not measured)");
        assertThat(scenario.goalFor(cold).judge(cold)).isEqualTo(Goal.Verdict.NO_GOAL);
        Measurement warm = result.measurements().get(2);
        assertThat(scenario.goalFor(warm).judge(warm)).isNotEqualTo(Goal.Verdict.NO_GOAL);
    }
}
