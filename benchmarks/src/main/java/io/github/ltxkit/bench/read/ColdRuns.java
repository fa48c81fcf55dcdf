package io.github.ltxkit.bench.read;

import io.github.ltxkit.bench.Measurement;
import io.github.ltxkit.bench.read.ReplicaFixtures.RequestCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a measurement whose every run starts from nothing (a new VFS instance, a new process, a new download), so
 * that each run is cold: warm-up runs are discarded, then each measured run follows a {@code System.gc()} (unless
 * told otherwise, see {@link Before}) and reports the nanoseconds of its own timed part (setting up and tearing down
 * are not timed). Stateless.
 */
final class ColdRuns {
    private ColdRuns() {
    }

    /** What comes before each measured run. */
    enum Before {
        /**
         * A full collection ({@code System.gc()}), so that garbage of earlier runs is not collected during the run.
         * Right after one, the JVM runs compiled code slowly for a while (measured here: the first S3 request after
         * it takes several times as long as the next), which is part of a run's time.
         */
        FULL_COLLECTION,
        /** Nothing: the run meets the JVM as the previous run left it, as an application's next query would. */
        NOTHING
    }

    /** One cold run: sets up, times its part, tears down. */
    @FunctionalInterface
    interface Run {
        /**
         * Does run number {@code index} (warm-ups first, counting from 0) and returns what it measured.
         *
         * @throws Exception if the run fails or its result is wrong
         */
        Timed run(int index) throws Exception;
    }

    /**
     * What one run measured.
     *
     * @param nanos    the elapsed time of the timed part
     * @param requests the requests the server received during it, or {@code null} when not counted
     */
    record Timed(long nanos, RequestCount requests) {
    }

    /**
     * What the measured runs produced.
     *
     * @param nanos    the elapsed time of each measured run
     * @param requests the requests of each measured run that counted them
     * @param warmups  how many warm-up runs came before them
     */
    record Result(List<Long> nanos, List<RequestCount> requests, int warmups) {
        /** Returns the times in milliseconds as a figure. */
        Measurement milliseconds(String label) {
            return new Measurement(label, "ms", nanos.stream().map(n -> n / 1e6).toList());
        }

        /** Returns the times in seconds as a figure. */
        Measurement seconds(String label) {
            return new Measurement(label, "s", nanos.stream().map(n -> n / 1e9).toList());
        }

        /** Returns the throughput of {@code bytes} in each run, in MB/s. */
        Measurement megabytesPerSecond(String label, long bytes) {
            return Measurement.megabytesPerSecond(label, bytes, nanos);
        }

        /** Describes the requests of the measured runs: one count if they all agree, else the range of totals. */
        String describeRequests() {
            if (requests.isEmpty()) {
                return "not counted";
            }
            RequestCount first = requests.getFirst();
            if (requests.stream().allMatch(first::equals)) {
                return first.describe() + (requests.size() > 1 ? " in each run" : "");
            }
            long min = requests.stream().mapToLong(RequestCount::total).min().orElseThrow();
            long max = requests.stream().mapToLong(RequestCount::total).max().orElseThrow();
            return String.format(Locale.ROOT, "%,d–%,d (runs differ; the last: %s)", min, max,
                    requests.getLast().describe());
        }
    }

    /** Does {@code warmups} discarded runs, then {@code runs} measured ones. */
    static Result measure(int warmups, int runs, Run run) throws Exception {
        return measure(warmups, runs, null, run);
    }

    /**
     * Does up to {@code warmups} discarded runs, then up to {@code runs} measured ones, within about {@code budget}
     * of wall time (setting up and tearing down included): warm-ups stop once half the budget is spent, measured
     * runs once the next run would likely end past it. At least one run is measured.
     *
     * @param budget the wall time to stay within, or {@code null} for no limit
     * @throws RunCappedException if a run was stopped at its cap; nothing is measured then
     */
    static Result measure(int warmups, int runs, Duration budget, Run run) throws Exception {
        return measure(warmups, runs, budget, Before.FULL_COLLECTION, run);
    }

    /** Like {@link #measure(int, int, Duration, Run)}, with {@code before} before each measured run. */
    static Result measure(int warmups, int runs, Duration budget, Before before, Run run) throws Exception {
        if (runs < 1 || warmups < 0) {
            throw new IllegalArgumentException("need warm-ups >= 0 and runs >= 1, got " + warmups + " and " + runs);
        }
        long limit = budget == null ? Long.MAX_VALUE : budget.toNanos();
        long begin = System.nanoTime();
        int index = 0;
        for (int i = 0; i < warmups && System.nanoTime() - begin < limit / 2; i++) {
            run.run(index++);
        }
        int warmed = index;
        List<Long> nanos = new ArrayList<>(runs);
        List<RequestCount> requests = new ArrayList<>(runs);
        long longest = 0;
        for (int i = 0; i < runs; i++) {
            long spent = System.nanoTime() - begin;
            if (i > 0 && spent + longest > limit) {
                break;
            }
            if (before == Before.FULL_COLLECTION) {
                System.gc();
            }
            long wallStart = System.nanoTime();
            Timed t = run.run(index++);
            longest = Math.max(longest, System.nanoTime() - wallStart);
            nanos.add(t.nanos());
            if (t.requests() != null) {
                requests.add(t.requests());
            }
        }
        return new Result(List.copyOf(nanos), List.copyOf(requests), warmed);
    }

    /**
     * Warms up until the runs' time settles, then measures: at least {@code minWarmups} warm-up runs, and more until
     * the median of the last {@value #STEADY_WINDOW} is within {@value #STEADY_TOLERANCE_PERCENT}% of the median
     * of the {@value #STEADY_WINDOW} before them, or {@code maxWarmups} ran; then {@code runs} measured runs.
     */
    static Result measureSteady(int minWarmups, int maxWarmups, int runs, Before before, Run run) throws Exception {
        List<Long> times = new ArrayList<>();
        int index = 0;
        while (index < maxWarmups && (index < minWarmups || !settled(times))) {
            times.add(run.run(index++).nanos());
        }
        int warmed = index;
        Result measured = measure(0, runs, null, before, i -> run.run(warmed + i));
        return new Result(measured.nanos(), measured.requests(), warmed);
    }

    static final int STEADY_WINDOW = 20;
    static final int STEADY_TOLERANCE_PERCENT = 5;

    /** Returns whether the last window's median is within the tolerance of the window's before it. */
    static boolean settled(List<Long> times) {
        if (times.size() < 2 * STEADY_WINDOW) {
            return false;
        }
        double last = median(times.subList(times.size() - STEADY_WINDOW, times.size()));
        double before = median(times.subList(times.size() - 2 * STEADY_WINDOW, times.size() - STEADY_WINDOW));
        return Math.abs(last - before) <= before * STEADY_TOLERANCE_PERCENT / 100.0;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    /** A run was stopped because it reached its time cap; no figure is reported for it. */
    static final class RunCappedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Duration cap;
        private final transient RequestCount requests;

        /** Creates the exception with the requests made until the run was stopped. */
        RunCappedException(Duration cap, RequestCount requests) {
            super("stopped at the cap of " + cap.toSeconds() + " s");
            this.cap = cap;
            this.requests = requests;
        }

        /** Returns how long the run was allowed to take. */
        Duration cap() {
            return cap;
        }

        /** Returns the requests the server received until the run was stopped. */
        RequestCount requests() {
            return requests;
        }
    }
}
