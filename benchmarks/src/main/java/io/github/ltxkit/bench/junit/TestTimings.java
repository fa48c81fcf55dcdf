package io.github.ltxkit.bench.junit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A launcher listener that times each test from its start event to its finish event with {@link System#nanoTime()}
 * and keeps the report entries the tests publish (their own body's time, see {@link OverheadSuite}). Between those
 * two events Jupiter runs the {@code beforeEach} callbacks, resolves the parameters, runs the body and the
 * {@code afterEach} callbacks, and closes the test's extension context with what it stores: everything the
 * extension does for a test that takes a parameter. Thread-safe: every field is guarded by {@code this}.
 */
final class TestTimings implements TestExecutionListener {
    /**
     * One finished test.
     *
     * @param name       its display name
     * @param totalNanos from its start event to its finish event
     * @param entries    the report entries it published
     * @param result     how it ended
     */
    record Finished(String name, long totalNanos, Map<String, String> entries, TestExecutionResult result) {
    }

    private final Map<String, Long> started = new HashMap<>();
    private final Map<String, Map<String, String>> entries = new HashMap<>();
    private final List<Finished> finished = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private long planStarted;
    private long planNanos;

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        planStarted = System.nanoTime();
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        planNanos = System.nanoTime() - planStarted;
    }

    @Override
    public synchronized void executionStarted(TestIdentifier test) {
        if (test.isTest()) {
            started.put(test.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier test, String reason) {
        skipped.add(test.getDisplayName() + ": " + reason);
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        entries.computeIfAbsent(test.getUniqueId(), id -> new HashMap<>()).putAll(entry.getKeyValuePairs());
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        long now = System.nanoTime();
        if (test.isTest()) {
            Long start = started.remove(test.getUniqueId());
            finished.add(new Finished(test.getDisplayName(), start == null ? 0 : now - start,
                    Map.copyOf(entries.getOrDefault(test.getUniqueId(), Map.of())), result));
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            finished.add(new Finished(test.getDisplayName(), 0, Map.of(), result));
        }
    }

    /** Returns the finished tests (and failed containers), in the order they finished. */
    synchronized List<Finished> finished() {
        return List.copyOf(finished);
    }

    /** Returns the skipped tests and containers with the reasons. */
    synchronized List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** Returns the nanoseconds from the start to the end of the whole test plan's execution. */
    synchronized long planNanos() {
        return planNanos;
    }
}
