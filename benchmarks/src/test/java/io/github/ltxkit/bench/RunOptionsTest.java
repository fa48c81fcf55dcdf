package io.github.ltxkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
    private static final Path ROOT = Path.of("/repo");

    @Test
    void aFullRunOfEveryScenarioWritesToDocsWithSevenRunsAfterThreeWarmUps() {
        RunOptions o = RunOptions.from(props("bench.only", "all", "bench.quick", "false", "bench.out", "default",
                "bench.runs", "default"));

        assertThat(o.outDir()).isEqualTo(ROOT.resolve("docs"));
        assertThat(o.workDir()).isEqualTo(ROOT.resolve("benchmarks/target/bench-data"));
        assertThat(o.only()).isEmpty();
        assertThat(o.warmups()).isEqualTo(3);
        assertThat(o.runs()).isEqualTo(7);
        assertThat(o.command()).isEqualTo(RunOptions.COMMAND);
    }

    @Test
    void quickAndPartialRunsNeverOverwriteThePublishedPage() {
        RunOptions quick = RunOptions.from(props("bench.quick", "true"));
        RunOptions partial = RunOptions.from(props("bench.only", "codec"));

        assertThat(quick.outDir()).isEqualTo(ROOT.resolve("benchmarks/target/bench-report"));
        assertThat(quick.runs()).isEqualTo(2);
        assertThat(quick.warmups()).isEqualTo(1);
        assertThat(partial.outDir()).isEqualTo(ROOT.resolve("benchmarks/target/bench-report"));
        assertThat(partial.command()).isEqualTo(RunOptions.COMMAND + " -Dbench.only=codec");
    }

    @Test
    void anExplicitOutputDirectoryAndRunCountAreKeptAndShownInTheCommand() {
        RunOptions o = RunOptions.from(props("bench.out", "/tmp/report", "bench.runs", "11", "bench.only",
                " codec , other "));

        assertThat(o.outDir()).isEqualTo(Path.of("/tmp/report"));
        assertThat(o.only()).containsExactly("codec", "other");
        assertThat(o.command()).isEqualTo(RunOptions.COMMAND + " -Dbench.only=codec,other -Dbench.runs=11");
    }

    @Test
    void anUnknownScenarioNameIsRejectedWithTheKnownNames() {
        RunOptions o = RunOptions.from(props("bench.only", "codec,s3-startup"));

        assertThatThrownBy(() -> o.select(Scenarios.all()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown scenario \"s3-startup\" in bench.only; known: "
                        + String.join(", ", Scenarios.all().stream().map(Scenario::name).toList()));
    }

    @Test
    void aRunCountThatIsNotAPositiveNumberIsRejected() {
        assertThatThrownBy(() -> RunOptions.from(props("bench.runs", "0")))
                .hasMessage("bench.runs must be a whole number >= 1, got \"0\"");
        assertThatThrownBy(() -> RunOptions.from(props("bench.warmups", "many")))
                .hasMessage("bench.warmups must be a whole number >= 0, got \"many\"");
    }

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("bench.root", ROOT.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }
}
