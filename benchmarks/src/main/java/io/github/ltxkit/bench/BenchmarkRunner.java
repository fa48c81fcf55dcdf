package io.github.ltxkit.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark command: runs the selected scenarios and writes {@code performance.md} with one chart per scenario
 * in {@code img/}. Reads its options from {@code bench.*} system properties (see {@code benchmarks/pom.xml}, profile
 * {@code benchmarks}). Runs on one thread.
 */
public final class BenchmarkRunner {
    private BenchmarkRunner() {
    }

    /**
     * Runs the benchmarks the system properties select and writes the report.
     *
     * @param args ignored; options are system properties
     * @throws Exception if a scenario fails; no report is written then
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path page = run(RunOptions.from(System.getProperties()), Scenarios.all(), System.out);
        System.out.println("bench: wrote " + page);
    }

    /** Runs the scenarios {@code options} selects from {@code all} and returns the page it wrote. */
    static Path run(RunOptions options, List<Scenario> all, PrintStream progress) throws Exception {
        List<Scenario> selected = options.select(all);
        BenchContext context = new BenchContext(options.quick(), options.warmups(), options.runs(),
                options.workDir());
        Files.createDirectories(options.workDir());
        Machine machine = Machine.detect(options.root());
        progress.printf("bench: %s; %s, %d cores, %s%n", options.command(), machine.cpu(), machine.cores(),
                machine.jdk());
        Optional<CpuUse> cpuAtStart = CpuUse.now();
        List<MarkdownReport.ScenarioRun> runs = new ArrayList<>();
        for (Scenario scenario : selected) {
            progress.println("bench: " + scenario.name() + ": running");
            long start = System.nanoTime();
            ScenarioResult result = scenario.run(context);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            for (Measurement m : result.measurements()) {
                progress.printf("bench: %s: %s: median %s %s (%s–%s, %d runs) %s%n", scenario.name(), m.label(),
                        Figures.format(m.median()), m.unit(), Figures.format(m.min()), Figures.format(m.max()),
                        m.runs(), scenario.goalFor(m).judge(m).mark());
            }
            String chart = "img/" + scenario.name() + ".png";
            BarChart.write(scenario.title(), result.measurements(), options.outDir().resolve(chart));
            runs.add(new MarkdownReport.ScenarioRun(scenario, result, elapsed, chart));
        }
        String otherWork = cpuAtStart.flatMap(start -> CpuUse.now().map(end -> start.othersUntil(end,
                machine.cores()))).orElse("unknown (no /proc/stat)");
        progress.println("bench: " + otherWork);
        Path page = options.outDir().resolve("performance.md");
        Path tmp = page.resolveSibling("performance.md.tmp");
        Files.writeString(tmp, MarkdownReport.render(options, machine, otherWork, context, runs),
                StandardCharsets.UTF_8);
        Files.move(tmp, page, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return page;
    }
}
