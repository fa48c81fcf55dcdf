package io.github.ltxkit.bench.junit;

import io.github.ltxkit.bench.BenchContext;
import io.github.ltxkit.bench.Figures;
import io.github.ltxkit.bench.Goal;
import io.github.ltxkit.bench.Measurement;
import io.github.ltxkit.bench.Scenario;
import io.github.ltxkit.bench.ScenarioResult;
import io.github.ltxkit.bench.ScenarioResult.Fact;
import io.github.ltxkit.bench.support.ChildJvm;
import io.github.ltxkit.bench.support.Distribution;
import io.github.ltxkit.bench.support.RequestLatency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JUnit extension's overhead per test: a suite of small tests, each with its own database seeded from a 1 MB
 * fixture, run through the JUnit Platform launcher (issue 7). Used by one thread.
 */
public final class ExtensionOverhead implements Scenario {
    static final String MEDIAN = "per test after the first: median";
    static final String P90 = "per test after the first: p90";
    static final String MEAN = "per test after the first: mean";
    static final String FIRST_WARM = "first test of a run, warm JVM";
    static final String FIRST_FRESH = "first test in a fresh JVM";
    static final String JUNIT = "JUnit alone, per test: median";
    private static final double LIMIT_MS = 20;
    /** Tests in a run at 20 ms added latency, and at most how many such runs (one in quick mode). */
    private static final int TESTS_WITH_LATENCY = 50;
    private static final int QUICK_TESTS_WITH_LATENCY = 5;
    private static final int RUNS_WITH_LATENCY = 3;
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);

    /** Creates the scenario. */
    public ExtensionOverhead() {
    }

    @Override
    public String name() {
        return "extension-overhead";
    }

    @Override
    public String title() {
        return "JUnit extension overhead per test";
    }

    @Override
    public String description() {
        return """
                What `@LitestreamDatabase` adds to each test. A suite of 200 small tests (20 in quick mode), a \
                `@RepeatedTest` on a class annotated `@LitestreamDatabase(fixtureBuilder = OneMegabyte.class)` with \
                the extension's defaults (embedded S3 server, a new database per test, read-only, cleanup on \
                success): each test gets its own database, seeded from a fixture of 1 MB (252 pages of 4 KiB, \
                250 of them holding a random 3,500-byte blob, which does not compress), and takes a `Connection` and the \
                `ReplicaDatabase` as parameters; its body counts one row. The suite runs through the JUnit \
                Platform launcher (`LauncherFactory.create().execute(...)`, as a build tool runs tests) in the \
                benchmark's JVM; a listener times each test from its start event to its finish event, and the \
                test's own body time, which it publishes as a report entry, is subtracted. What remains is \
                JUnit's and the extension's work for that test: allocating a bucket, copying the fixture's \
                replica into it, opening the database, connecting, and after the body closing the connection and \
                the database and deleting the bucket.

                - *per test after the first*: median, p90 and mean over the tests of a run, the first excluded.
                - *first test of a run, warm JVM*: each run is a new launcher execution, so its first test also \
                starts the embedded S3 server, registers the VFS and builds the fixture (JIT-compiled code and \
                loaded classes are kept from earlier runs).
                - *first test in a fresh JVM*: the same first test as the very first thing a new JVM does (this \
                JDK, this class path, `--enable-native-access=ALL-UNNAMED`), which adds loading every class: \
                what a build's first test with a database costs. One fresh JVM per run (one in all in quick mode), \
                after one discarded.
                - *JUnit alone*: the same suite without the extension and without parameters other than \
                `RepetitionInfo` and `TestReporter`, median per test.

                Figures ending in *0 ms* come from the runs just described (warm-ups, then the measured runs, each \
                with both suites). Those ending in *20 ms* come from three more runs after them (fewer if fewer \
                runs are asked for; one in quick mode), without warm-up, of the first 50 tests only (5 in quick \
                mode), in which the extension's embedded S3 server holds every request for 20 ms before serving \
                it (the extension's diagnostic parameter `ltxkit.internal.embeddedRequestLatency=20ms`, applied by \
                the server's HTTP front end): copying the fixture's replica into the test's bucket and the \
                database's reads pay it, creating and deleting the bucket do not, as the embedded backend does \
                those in the JVM without a request. The fresh JVM and *JUnit alone* are measured at 0 ms only. \
                The goal is judged at 0 ms added latency; the 20 ms figures are reported beside it.""";
    }

    @Override
    public Goal goal() {
        return Goal.of("median per-test overhead after the first ≤ 20 ms, judged at 0 ms added latency",
                m -> goalFor(m).judge(m) != Goal.Verdict.MISSED);
    }

    @Override
    public Goal goalFor(Measurement measurement) {
        return measurement.label().equals(at(MEDIAN, 0)) ? Goal.medianAtMost(LIMIT_MS, "ms") : Goal.none();
    }

    /** Returns the label of {@code base}, one of the figures measured at both latencies, at {@code latencyMs}. */
    static String at(String base, int latencyMs) {
        return base + RequestLatency.suffix(latencyMs);
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        int tests = context.quick() ? 20 : OverheadSuite.TESTS;
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        for (String base : List.of(MEDIAN, P90, MEAN, FIRST_WARM)) {
            for (int latencyMs : RequestLatency.MEASURED_MS) {
                figures.put(at(base, latencyMs), new ArrayList<>());
            }
        }
        List<Double> outsidePerTest = new ArrayList<>();
        List<Double> junit = new ArrayList<>();
        List<Double> planPerTest = new ArrayList<>();
        List<Double> junitPlanPerTest = new ArrayList<>();
        Map<Integer, Map<String, List<Double>>> phases = new TreeMap<>();
        long databaseBytes = 0;
        for (int round = 0; round < context.warmups() + context.runs(); round++) {
            System.gc();
            SuiteRun with = SuiteRun.of(OverheadSuite.WithDatabases.class, tests);
            SuiteRun without = SuiteRun.of(OverheadSuite.WithoutDatabases.class, tests);
            if (round < context.warmups()) {
                continue;
            }
            add(figures, 0, with, phases);
            outsidePerTest.add(Math.max(0, with.planMs() - with.windowsMs()) / tests);
            junit.add(Distribution.of(without.overheadsMs().subList(1, tests)).median());
            planPerTest.add(with.planMs() / tests);
            junitPlanPerTest.add(without.planMs() / tests);
            databaseBytes = with.databaseBytes();
        }
        int testsWithLatency = context.quick() ? QUICK_TESTS_WITH_LATENCY : TESTS_WITH_LATENCY;
        int runsWithLatency = context.quick() ? 1 : Math.min(RUNS_WITH_LATENCY, context.runs());
        for (int run = 0; run < runsWithLatency; run++) {
            System.gc();
            add(figures, RequestLatency.ADDED_MS, SuiteRun.of(OverheadSuite.WithDatabases.class, testsWithLatency,
                    RequestLatency.ADDED_MS), phases);
        }
        List<Double> firstFresh = new ArrayList<>();
        List<Double> secondFresh = new ArrayList<>();
        Map<String, List<Double>> freshPhases = new TreeMap<>();
        // Full mode: one discarded fresh JVM (it brings the jars into the OS page cache), then one per run. Quick
        // mode: a single fresh JVM.
        int discarded = context.quick() ? 0 : Math.min(1, context.warmups());
        int fresh = context.quick() ? 1 : context.runs();
        for (int i = 0; i < discarded + fresh; i++) {
            ChildJvm.Outcome child = ChildJvm.run(FirstTestInFreshJvm.class,
                    List.of("--enable-native-access=ALL-UNNAMED"), List.of(), CHILD_TIMEOUT);
            if (i >= discarded) {
                firstFresh.add(child.value("first") / 1e6);
                secondFresh.add(child.value("second") / 1e6);
                child.values().forEach((key, nanos) -> {
                    if (key.startsWith(FirstTestInFreshJvm.PHASE)) {
                        freshPhases.computeIfAbsent(key.substring(FirstTestInFreshJvm.PHASE.length()),
                                k -> new ArrayList<>()).add(nanos / 1e6);
                    }
                });
            }
        }
        List<Measurement> measurements = new ArrayList<>();
        figures.forEach((label, samples) -> measurements.add(new Measurement(label, "ms", samples)));
        measurements.add(new Measurement(FIRST_FRESH, "ms", firstFresh));
        measurements.add(new Measurement(JUNIT, "ms", junit));
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Suite", tests + " tests a run at 0 ms, " + testsWithLatency + " tests a run in "
                + runsWithLatency + (runsWithLatency == 1 ? " run" : " runs") + " at 20 ms; each test has its own database of " + Figures.bytes(databaseBytes)));
        phases.forEach((latencyMs, byPhase) -> facts.add(new Fact("Where the time goes" + RequestLatency.suffix(
                latencyMs), "median per occurrence of each phase the extension times (`ltxkit.internal.timingsFile`; "
                + "the first occurrence of each run excluded; some phases contain others): " + medians(byPhase))));
        facts.addAll(facts(freshPhases, planPerTest, outsidePerTest, junitPlanPerTest, secondFresh));
        return new ScenarioResult(measurements, facts);
    }

    /** Adds one run's per-test figures at {@code latencyMs} and its phases. */
    private static void add(Map<String, List<Double>> figures, int latencyMs, SuiteRun with,
                            Map<Integer, Map<String, List<Double>>> phases) {
        List<Double> overheads = with.overheadsMs();
        Distribution rest = Distribution.of(overheads.subList(1, overheads.size()));
        figures.get(at(MEDIAN, latencyMs)).add(rest.median());
        figures.get(at(P90, latencyMs)).add(rest.percentile(90));
        figures.get(at(MEAN, latencyMs)).add(rest.mean());
        figures.get(at(FIRST_WARM, latencyMs)).add(overheads.getFirst());
        Map<String, List<Double>> mine = phases.computeIfAbsent(latencyMs, k -> new TreeMap<>());
        with.phases().forEach((phase, ms) -> mine.computeIfAbsent(phase, p -> new ArrayList<>())
                .addAll(ms.size() > 1 ? ms.subList(1, ms.size()) : ms));
    }

    private static List<Fact> facts(Map<String, List<Double>> freshPhases, List<Double> planPerTest,
                                    List<Double> outsidePerTest, List<Double> junitPlanPerTest,
                                    List<Double> second) {
        return List.of(
                new Fact("Where the first test in a fresh JVM spends it", "median of the first occurrence of each "
                        + "phase: " + medians(freshPhases)),
                new Fact("Whole runs", String.format(Locale.ROOT, "at 0 ms, launcher execution from plan start to end, "
                        + "per test: median %s ms with the extension, %s ms without; of it, %s ms per test fell "
                        + "outside the tests' start-to-finish windows (the class's and the run's set-up and "
                        + "tear-down)", Figures.format(Distribution.of(planPerTest).median()),
                        Figures.format(Distribution.of(junitPlanPerTest).median()),
                        Figures.format(Distribution.of(outsidePerTest).median()))),
                new Fact("Second test in a fresh JVM", "median " + Figures.format(Distribution.of(second).median())
                        + " ms: classes are loaded, the code is not compiled yet"));
    }

    private static String medians(Map<String, List<Double>> phases) {
        StringBuilder out = new StringBuilder();
        phases.forEach((phase, ms) -> {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append('`').append(phase).append("` ").append(Figures.format(Distribution.of(ms).median()))
                    .append(" ms");
        });
        return out.isEmpty() ? "none recorded" : out.toString();
    }
}
