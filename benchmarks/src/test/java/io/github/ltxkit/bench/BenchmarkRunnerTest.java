package io.github.ltxkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real runner, so that the harness that regenerates docs/performance.md cannot rot unnoticed. */
class BenchmarkRunnerTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void quickRunOfEveryScenarioWritesThePageWithAllItsSectionsAndCharts() throws Exception {
        RunOptions options = new RunOptions(true, List.of(), 1, 2, Path.of(".."), dir.resolve("report"),
                dir.resolve("work"));
        List<Scenario> scenarios = Scenarios.all();

        Path page = BenchmarkRunner.run(options, scenarios, silent());

        assertThat(page).isEqualTo(dir.resolve("report/performance.md"));
        String md = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(md).startsWith("# Performance\n")
                .contains("```shell\n" + RunOptions.COMMAND + " -Dbench.quick=true\n```")
                .contains("## Machine", "| CPU | ", "| Cores | ", "| RAM | ", "| OS | ", "| JDK | ", "| Date | ",
                        "| Load average at the start | ", "| Other work during the run | ")
                .contains("## Method", "1 warm-up + 2 measured per figure (quick mode)");
        for (Scenario s : scenarios) {
            String section = md.substring(md.indexOf("\n## " + s.title() + "\n"));
            assertThat(section)
                    .contains("**Goal:** " + s.goal().text())
                    .contains("**Reproduce:** `" + RunOptions.COMMAND + " -Dbench.only=" + s.name())
                    .contains("| Figure | Median | Min–max | Runs | Goal | Met |")
                    .contains("](img/" + s.name() + ".png)");
            BufferedImage chart = ImageIO.read(dir.resolve("report/img/" + s.name() + ".png").toFile());
            assertThat(chart.getWidth()).isEqualTo(1000);
        }
        assertThat(md).contains("| encode to a null stream | **", "| decode and verify | **",
                "| random page decode | **", "| compact snapshot + 20 incrementals | **", "compression ratio");
    }

    @Test
    void eachFigureIsJudgedAgainstTheGoalItsScenarioGivesIt() throws Exception {
        Scenario fixed = new FixedScenario(List.of(
                new Measurement("cold start", "ms", List.of(900.0, 1100.0, 1000.0)),
                new Measurement("warm start", "ms", List.of(3000.0, 2500.0, 2600.0))));
        RunOptions options = new RunOptions(false, List.of("fixed"), 0, 3, Path.of(".."), dir, dir.resolve("work"));

        String md = Files.readString(BenchmarkRunner.run(options, List.of(fixed), silent()));

        assertThat(md).contains("| cold start | **1,000 ms** | 900–1,100 ms | 3 | median ≤ 2,000 ms | ✅ |")
                .contains("| warm start | **2,600 ms** | 2,500–3,000 ms | 3 | median ≤ 2,000 ms | ❌ |")
                .contains("-Dbench.only=fixed")
                .doesNotContain("Smoke run");
    }

    @Test
    void aFailingScenarioStopsTheRunWithoutWritingAPage() {
        Scenario failing = new FixedScenario(List.of()) {
            @Override
            public ScenarioResult run(BenchContext context) {
                throw new IllegalStateException("no S3 endpoint");
            }
        };
        RunOptions options = new RunOptions(true, List.of(), 0, 1, Path.of(".."), dir, dir.resolve("work"));

        assertThatThrownBy(() -> BenchmarkRunner.run(options, List.of(failing), silent()))
                .hasMessage("no S3 endpoint");
        assertThat(dir.resolve("performance.md")).doesNotExist();
    }

    private static PrintStream silent() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** A scenario that returns the figures it was given, judged against "median ≤ 2,000 ms". */
    private static class FixedScenario implements Scenario {
        private final List<Measurement> figures;

        FixedScenario(List<Measurement> figures) {
            this.figures = figures;
        }

        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public String title() {
            return "Fixed figures";
        }

        @Override
        public String description() {
            return "Figures given in advance.";
        }

        @Override
        public Goal goal() {
            return Goal.medianAtMost(2_000, "ms");
        }

        @Override
        public ScenarioResult run(BenchContext context) {
            return new ScenarioResult(figures, List.of());
        }
    }
}
