package io.github.ltxkit.samples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * A JUnit Platform listener that prints a short summary of the run when it ends: how many tests passed, failed
 * and were skipped (with the reason), on which JUnit and against which backend, then one line per test class and
 * one per failure (with where the extension kept the failed test's replica). Registered in
 * {@code META-INF/services}, it prints under Surefire (even with {@code mvn -q}), the console launcher and IDEs.
 *
 * <p>Thread-safe: JUnit may report from several threads; every method synchronizes on this listener.
 */
public final class SamplesSummaryListener implements TestExecutionListener {
    /** The configuration parameter of the default backend (the extension's {@code ltxkit.backend}). */
    private static final String BACKEND = "ltxkit.backend";
    /** The report entry in which the extension says where a failed test's replica was kept. */
    private static final String KEPT_REPLICA = "ltxkit.keptReplica";

    private final PrintStream out;
    /** Guarded by {@code this}: the plan being run, {@code null} before it starts. */
    private TestPlan plan;
    /** Guarded by {@code this}: when the run started ({@link System#nanoTime()}). */
    private long startedAt;
    /** Guarded by {@code this}: the outcomes per test class, by class name. */
    private final Map<String, Tally> classes = new TreeMap<>();
    /** Guarded by {@code this}: one line per failed test or container. */
    private final List<String> failures = new ArrayList<>();
    /** Guarded by {@code this}: where replicas of tests were kept, by test unique id. */
    private final Map<String, String> keptReplicas = new TreeMap<>();

    /** Creates the listener printing to standard output; JUnit calls this constructor. */
    public SamplesSummaryListener() {
        this(System.out);
    }

    SamplesSummaryListener(PrintStream out) {
        this.out = out;
    }

    /** The outcomes of one test class. Guarded by the listener. */
    private static final class Tally {
        int passed;
        int failed;
        int skipped;
        String skipReason;
    }

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        startedAt = System.nanoTime();
        classes.clear();
        failures.clear();
        keptReplicas.clear();
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier id, String reason) {
        int tests = id.isTest() || id.getSource().filter(MethodSource.class::isInstance).isPresent() ? 1
                : (int) plan.getDescendants(id).stream().filter(d -> d.getSource()
                        .filter(MethodSource.class::isInstance).isPresent()).count();
        if (tests == 0) {
            return;
        }
        Tally tally = tally(id);
        tally.skipped += tests;
        if (tally.skipReason == null) {
            tally.skipReason = reason == null || reason.isBlank() ? "no reason given" : reason.strip().lines()
                    .findFirst().orElse("");
        }
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        String kept = entry.getKeyValuePairs().get(KEPT_REPLICA);
        if (kept != null) {
            keptReplicas.put(id.getUniqueId(), kept);
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        boolean failed = result.getStatus() == TestExecutionResult.Status.FAILED;
        if (id.isTest()) {
            Tally tally = tally(id);
            switch (result.getStatus()) {
                case SUCCESSFUL -> tally.passed++;
                case FAILED -> tally.failed++;
                case ABORTED -> {
                    tally.skipped++;
                    if (tally.skipReason == null) {
                        tally.skipReason = "aborted: " + result.getThrowable().map(t -> oneLine(t.getMessage()))
                                .orElse("no reason given");
                    }
                }
            }
        } else if (failed && id.getSource().isPresent()) {
            tally(id).failed++;
        }
        if (failed && id.getSource().isPresent()) {
            String kept = keptReplicas.get(id.getUniqueId());
            failures.add(name(id) + ": " + result.getThrowable().map(t -> t.getClass().getSimpleName() + ": "
                    + oneLine(t.getMessage())).orElse("failed") + (kept == null ? "" : System.lineSeparator()
                    + "      " + kept));
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (Tally t : classes.values()) {
            passed += t.passed;
            failed += t.failed;
            skipped += t.skipped;
        }
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "ltxkit samples on JUnit Jupiter %s: %d passed, %d failed, "
                + "%d skipped in %.1f s against %s%n", jupiterVersion(), passed, failed, skipped, seconds,
                backend(testPlan)));
        int width = classes.keySet().stream().mapToInt(n -> simpleName(n).length()).max().orElse(0);
        for (Map.Entry<String, Tally> e : classes.entrySet()) {
            text.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", simpleName(e.getKey()),
                    describe(e.getValue())));
        }
        for (String failure : failures) {
            text.append("  FAILED ").append(failure).append(System.lineSeparator());
        }
        out.print(text);
        out.flush();
    }

    private Tally tally(TestIdentifier id) {
        return classes.computeIfAbsent(className(id), n -> new Tally());
    }

    private static String describe(Tally t) {
        List<String> parts = new ArrayList<>();
        if (t.passed > 0) {
            parts.add(t.passed + " passed");
        }
        if (t.failed > 0) {
            parts.add(t.failed + " FAILED");
        }
        if (t.skipped > 0) {
            parts.add(t.skipped + " skipped (" + t.skipReason + ")");
        }
        return parts.isEmpty() ? "no tests" : String.join(", ", parts);
    }

    /** Returns the name of the class a test or container belongs to: the nearest class above it, or itself. */
    private String className(TestIdentifier id) {
        for (Optional<TestIdentifier> at = Optional.of(id); at.isPresent(); at = plan.getParent(at.get())) {
            var source = at.get().getSource();
            if (source.isPresent() && source.get() instanceof ClassSource c) {
                return c.getClassName();
            }
            if (source.isPresent() && source.get() instanceof MethodSource m) {
                return m.getClassName();
            }
        }
        return id.getDisplayName();
    }

    private String name(TestIdentifier id) {
        String owner = simpleName(className(id));
        return id.getSource().filter(MethodSource.class::isInstance).isPresent() ? owner + "." + id.getDisplayName()
                : owner;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** Returns {@code text} on one line, shortened to 200 characters. */
    private static String oneLine(String text) {
        if (text == null || text.isBlank()) {
            return "no message";
        }
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }

    /** Returns the version of the Jupiter engine running the tests. */
    private static String jupiterVersion() {
        for (TestEngine engine : ServiceLoader.load(TestEngine.class)) {
            if (engine.getId().equals("junit-jupiter")) {
                return engine.getVersion().orElse("(version unknown)");
            }
        }
        return "(not found)";
    }

    private static String backend(TestPlan plan) {
        String backend = plan.getConfigurationParameters().get(BACKEND).map(String::strip)
                .map(b -> b.toUpperCase(Locale.ROOT)).orElse("EMBEDDED");
        return switch (backend) {
            case "EMBEDDED" -> "the embedded S3";
            case "MINIO" -> "MinIO in Docker";
            case "EXTERNAL" -> "the external S3 " + plan.getConfigurationParameters()
                    .get("ltxkit.external.endpoint").orElse("(no endpoint set)");
            default -> backend;
        };
    }
}
