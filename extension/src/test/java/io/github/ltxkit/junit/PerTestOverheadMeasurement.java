package io.github.ltxkit.junit;

import static io.github.ltxkit.junit.Sql.execute;
import static io.github.ltxkit.junit.Sql.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * Measures the extension's overhead per test: a suite of {@value #TESTS} small tests, each with its own database
 * seeded from a 1 MiB fixture, runs on the Jupiter engine; for each test, the time from its start event to its
 * finish event (what the extension does before and after the body, parameter injection and cleanup included)
 * minus the time its body took. The first test, which also starts the embedded S3 server, registers the VFS and
 * builds the fixture, is reported apart. The extension's own per-phase timings (written through
 * {@code ltxkit.internal.timingsFile}) say where the time goes.
 *
 * <p>Not a unit test (its name does not match the build's test patterns, and it asserts nothing about time): run it
 * with {@code ./mvnw -pl extension -am test -Dtest=PerTestOverheadMeasurement -Dsurefire.failIfNoSpecifiedTests=false},
 * or from {@link #main}. It writes {@code target/ltxkit-overhead.txt}. A benchmark scenario can call
 * {@link #measure(int)} and read the returned {@link Result}.
 */
public final class PerTestOverheadMeasurement {
    static final int TESTS = 200;
    static final Map<Integer, Long> BODY_NANOS = new ConcurrentHashMap<>();
    static final java.util.concurrent.atomic.AtomicLong DATABASE_BYTES = new java.util.concurrent.atomic.AtomicLong();

    /** Builds a database of 1 MiB: 256 pages of 4 KiB, mostly random (so it does not compress). */
    public static final class OneMebibyte implements DatabaseFixture {
        @Override
        public void build(Connection c) throws Exception {
            execute(c, "pragma page_size = 4096", "create table t(id integer primary key, payload blob not null)",
                    "insert into t(payload) select randomblob(3500) from (with recursive s(n) as (select 1 union all "
                            + "select n + 1 from s where n < 250) select n from s)");
        }
    }

    @EngineTestCase
    @LitestreamDatabase(fixtureBuilder = OneMebibyte.class)
    static class SuiteTestCase {
        @RepeatedTest(TESTS)
        void smallTest(RepetitionInfo repetition, Connection connection,
                       io.github.ltxkit.vfs.ReplicaDatabase database) throws Exception {
            long start = System.nanoTime();
            DATABASE_BYTES.set(database.pageCount() * 4096);
            assertThat(queryLong(connection, "select count(*) from t where id = " + repetition.getCurrentRepetition()))
                    .isEqualTo(repetition.getCurrentRepetition() <= 250 ? 1 : 0);
            BODY_NANOS.put(repetition.getCurrentRepetition(), System.nanoTime() - start);
        }
    }

    @EngineTestCase
    static class BaselineTestCase {
        @RepeatedTest(TESTS)
        void smallTest(RepetitionInfo repetition) {
            BODY_NANOS.put(repetition.getCurrentRepetition(), 0L);
        }
    }

    /**
     * What one measurement found, in milliseconds.
     *
     * @param tests          how many tests ran
     * @param first          the overhead of the first test
     * @param median         the median overhead of the others
     * @param p90            their 90th percentile
     * @param max            their maximum
     * @param junitMedian    the median overhead of the same suite without the extension (JUnit's own)
     * @param phaseMedians   the median of each phase of the extension's work, by phase
     * @param databaseBytes  the size of each test's database
     */
    public record Result(int tests, double first, double median, double p90, double max, double junitMedian,
                         Map<String, Double> phaseMedians, long databaseBytes) {
        /** Describes the result in a few lines. */
        public String report() {
            StringBuilder s = new StringBuilder();
            s.append(String.format("%d tests, each with its own %.2f MiB database seeded from a fixture%n", tests,
                    databaseBytes / 1048576.0));
            s.append(String.format("first test overhead: %.1f ms (server start, VFS registration, fixture build)%n",
                    first));
            s.append(String.format("per-test overhead after the first: median %.2f ms, p90 %.2f ms, max %.2f ms%n",
                    median, p90, max));
            s.append(String.format("JUnit alone (same suite, no database): median %.3f ms%n", junitMedian));
            s.append("median per phase (ms):");
            phaseMedians.forEach((phase, ms) -> s.append(String.format(" %s %.2f;", phase, ms)));
            return s.append(System.lineSeparator()).toString();
        }
    }

    /** Runs the suite of {@code tests} tests (at most {@value #TESTS}) and measures it. */
    public static Result measure(int tests) throws IOException {
        Path timings = Files.createTempFile("ltxkit-timings-", ".csv");
        try {
            BODY_NANOS.clear();
            EngineExecutionResults results = Engine.engine()
                    .with(Defaults.TIMINGS_FILE_PROPERTY, timings.toString())
                    .run(SuiteTestCase.class);
            Engine.assertAllSucceeded(results, TESTS);
            List<Double> overheads = overheads(results);
            BODY_NANOS.clear();
            List<Double> junit = overheads(Engine.engine().run(BaselineTestCase.class));
            Map<String, List<Double>> phases = phases(timings);
            Map<String, Double> phaseMedians = new LinkedHashMap<>();
            phases.forEach((phase, samples) -> phaseMedians.put(phase, percentile(samples.subList(
                    Math.min(1, samples.size() - 1), samples.size()), 50)));
            List<Double> rest = overheads.subList(1, Math.min(tests, overheads.size()));
            long bytes = DATABASE_BYTES.get();
            return new Result(rest.size() + 1, overheads.getFirst(), percentile(rest, 50), percentile(rest, 90),
                    rest.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    percentile(junit.subList(1, junit.size()), 50), phaseMedians, bytes);
        } finally {
            Files.deleteIfExists(timings);
        }
    }

    /** The per-test overheads in milliseconds, in the order the tests ran. */
    private static List<Double> overheads(EngineExecutionResults results) {
        Map<String, Event> started = new LinkedHashMap<>();
        List<Double> out = new ArrayList<>();
        for (Event e : results.testEvents().list()) {
            String id = e.getTestDescriptor().getUniqueId().toString();
            if (e.getType() == EventType.STARTED) {
                started.put(id, e);
            } else if (e.getType() == EventType.FINISHED
                    && e.getRequiredPayload(TestExecutionResult.class).getStatus()
                    == TestExecutionResult.Status.SUCCESSFUL) {
                Duration total = Duration.between(started.get(id).getTimestamp(), e.getTimestamp());
                int repetition = repetition(e.getTestDescriptor().getDisplayName());
                long body = BODY_NANOS.getOrDefault(repetition, 0L);
                out.add((total.toNanos() - body) / 1e6);
            }
        }
        return out;
    }

    private static int repetition(String displayName) {
        // "repetition 17 of 200"
        String[] words = displayName.split(" ");
        return Integer.parseInt(words[1]);
    }

    private static Map<String, List<Double>> phases(Path csv) throws IOException {
        Map<String, List<Double>> out = new TreeMap<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            int comma = line.indexOf(',');
            if (line.startsWith("phase,") || comma < 0) {
                continue;
            }
            out.computeIfAbsent(line.substring(0, comma), p -> new ArrayList<>())
                    .add(Long.parseLong(line.substring(comma + 1)) / 1e6);
        }
        return out;
    }

    static double percentile(List<Double> values, int percent) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /**
     * Measures {@code ltxkit.measurement.runs} times (3 unless set): on a shared machine the run with the lowest median
     * is the one least disturbed by other work.
     */
    @Test
    void measure() throws IOException {
        int runs = Integer.getInteger("ltxkit.measurement.runs", 3);
        StringBuilder report = new StringBuilder();
        double best = Double.MAX_VALUE;
        for (int run = 1; run <= runs; run++) {
            Result result = measure(TESTS);
            assertThat(result.tests()).isEqualTo(TESTS);
            best = Math.min(best, result.median());
            report.append("run ").append(run).append(": ").append(result.report());
        }
        report.append(String.format("lowest median of %d runs: %.2f ms%n", runs, best));
        System.out.print(report);
        Files.writeString(Path.of("target", "ltxkit-overhead.txt"), report);
    }

    /** Runs the measurement and prints it. */
    public static void main(String[] args) throws IOException {
        System.out.print(measure(TESTS).report());
    }

    /** The name of the diagnostic timings parameter (kept here so that the measurement compiles on its own). */
    static final class Defaults {
        static final String TIMINGS_FILE_PROPERTY = "ltxkit.internal.timingsFile";
    }
}
