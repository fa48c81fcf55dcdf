package io.github.ltxkit.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario runs with: the run mode, the number of warm-up and measured runs, and a directory for inputs it
 * builds once and reuses. Immutable.
 *
 * @param quick   whether this is a smoke run: scenarios use small inputs and few runs, and their figures are not
 *                published
 * @param warmups runs done and discarded before measuring, so that the JIT has compiled the hot code
 * @param runs    measured runs, at least 1
 * @param workDir a directory that survives between benchmark runs (under {@code target/}), for generated inputs
 */
public record BenchContext(boolean quick, int warmups, int runs, Path workDir) {
    /** Checks the counts. */
    public BenchContext {
        if (warmups < 0 || runs < 1) {
            throw new IllegalArgumentException("need warm-ups >= 0 and runs >= 1, got " + warmups + " and " + runs);
        }
    }

    /** One timed piece of work. */
    @FunctionalInterface
    public interface Task {
        /** Does the work once. */
        void run() throws Exception;
    }

    /**
     * Runs {@code task} {@link #warmups} times untimed, then {@link #runs} times timed with {@link System#nanoTime},
     * asking for a garbage collection before each run so that one run's garbage is not collected during the next.
     *
     * @return the elapsed nanoseconds of each measured run
     */
    public List<Long> time(Task task) throws Exception {
        for (int i = 0; i < warmups; i++) {
            task.run();
        }
        List<Long> nanos = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            System.gc();
            long start = System.nanoTime();
            task.run();
            nanos.add(System.nanoTime() - start);
        }
        return nanos;
    }
}
