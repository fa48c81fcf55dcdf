package io.github.ltxkit.bench.junit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectIteration;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * One run of a suite of {@link OverheadSuite} through the JUnit Platform launcher, as a build tool runs tests: the
 * first {@code tests} repetitions of its test method, one after another, with the extension's diagnostic per-phase
 * timings written to a file. Immutable.
 *
 * @param overheadsMs  each test's overhead in milliseconds (start to finish event, minus its own body), in run order
 * @param planMs       the whole run in milliseconds, from the plan's start to its end
 * @param windowsMs    the sum of every test's start-to-finish window in milliseconds (bodies included)
 * @param phases       the extension's work by phase, in milliseconds per occurrence (empty without the extension)
 * @param databaseBytes the size of a test's database, 0 without the extension
 */
record SuiteRun(List<Double> overheadsMs, double planMs, double windowsMs, Map<String, List<Double>> phases,
                long databaseBytes) {
    /** The extension's diagnostic parameter: where it writes {@code phase,nanos} lines when the run ends. */
    static final String TIMINGS_FILE = "ltxkit.internal.timingsFile";
    /** The extension's diagnostic parameter: a delay its embedded S3 server adds to every request, e.g. "20ms". */
    static final String REQUEST_LATENCY = "ltxkit.internal.embeddedRequestLatency";

    /** Copies the lists. */
    SuiteRun {
        overheadsMs = List.copyOf(overheadsMs);
        Map<String, List<Double>> copy = new TreeMap<>();
        phases.forEach((phase, ms) -> copy.put(phase, List.copyOf(ms)));
        phases = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Runs the first {@code tests} tests of {@code suite} and times them.
     *
     * @throws IllegalStateException naming the failures if a test failed, was skipped, or did not run
     */
    static SuiteRun of(Class<?> suite, int tests) throws IOException {
        return of(suite, tests, 0);
    }

    /**
     * Runs the first {@code tests} tests of {@code suite}, the extension's embedded S3 server holding every request
     * for {@code latencyMs} milliseconds, and times them.
     *
     * @throws IllegalStateException naming the failures if a test failed, was skipped, or did not run
     */
    static SuiteRun of(Class<?> suite, int tests, int latencyMs) throws IOException {
        if (latencyMs < 0) {
            throw new IllegalArgumentException("a request latency must not be negative, got " + latencyMs + " ms");
        }
        if (tests < 1 || tests > OverheadSuite.TESTS) {
            throw new IllegalArgumentException("a suite run has 1 to " + OverheadSuite.TESTS + " tests, not " + tests);
        }
        Method method = Arrays.stream(suite.getDeclaredMethods())
                .filter(m -> m.getName().equals(OverheadSuite.METHOD)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(suite + " has no method " + OverheadSuite.METHOD));
        Path timingsFile = Files.createTempFile("ltxkit-bench-timings-", ".csv");
        try {
            LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectIteration(selectMethod(suite, method), IntStream.range(0, tests).toArray()))
                    .configurationParameter(OverheadSuite.ENABLED, "true")
                    .configurationParameter(TIMINGS_FILE, timingsFile.toString());
            if (latencyMs > 0) {
                builder.configurationParameter(REQUEST_LATENCY, latencyMs + "ms");
            }
            LauncherDiscoveryRequest request = builder.build();
            Launcher launcher = LauncherFactory.create();
            TestTimings timings = new TestTimings();
            launcher.execute(request, timings);
            return from(suite, tests, timings, readPhases(timingsFile));
        } finally {
            Files.deleteIfExists(timingsFile);
        }
    }

    private static SuiteRun from(Class<?> suite, int tests, TestTimings timings, Map<String, List<Double>> phases) {
        StringBuilder problems = new StringBuilder();
        List<Double> overheads = new ArrayList<>();
        long windows = 0;
        long bytes = 0;
        for (TestTimings.Finished f : timings.finished()) {
            if (f.result().getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                problems.append("\n").append(f.name()).append(": ").append(trace(f.result()));
                continue;
            }
            String body = f.entries().get(OverheadSuite.BODY_NANOS);
            if (body == null) {
                problems.append("\n").append(f.name()).append(" published no ").append(OverheadSuite.BODY_NANOS);
                continue;
            }
            overheads.add((f.totalNanos() - Long.parseLong(body)) / 1e6);
            windows += f.totalNanos();
            bytes = Long.parseLong(f.entries().getOrDefault(OverheadSuite.DATABASE_BYTES, "0"));
        }
        timings.skipped().forEach(s -> problems.append("\nskipped ").append(s));
        if (problems.isEmpty() && overheads.size() != tests) {
            problems.append("\n").append(overheads.size()).append(" tests ran, not ").append(tests);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the overhead suite " + suite.getSimpleName() + " did not pass:" + problems);
        }
        return new SuiteRun(overheads, timings.planNanos() / 1e6, windows / 1e6, phases, bytes);
    }

    private static String trace(TestExecutionResult result) {
        return result.getThrowable().map(t -> {
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            return w.toString();
        }).orElse(result.getStatus().toString());
    }

    /** Reads the extension's {@code phase,nanos} lines, if it wrote any, in milliseconds. */
    private static Map<String, List<Double>> readPhases(Path csv) throws IOException {
        Map<String, List<Double>> phases = new TreeMap<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            int comma = line.indexOf(',');
            if (comma < 0 || line.startsWith("phase,")) {
                continue;
            }
            phases.computeIfAbsent(line.substring(0, comma), p -> new ArrayList<>())
                    .add(Long.parseLong(line.substring(comma + 1)) / 1e6);
        }
        return phases;
    }
}
