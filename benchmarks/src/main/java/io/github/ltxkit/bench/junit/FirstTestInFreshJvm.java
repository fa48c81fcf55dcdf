package io.github.ltxkit.bench.junit;

import io.github.ltxkit.bench.support.ChildJvm;

/**
 * The child-JVM side of the "first test in a fresh JVM" figure: runs the first {@value #TESTS} tests of
 * {@link OverheadSuite.WithDatabases} as the first thing this JVM does, and reports the overhead of the first
 * ({@code first}) and second ({@code second}) test in nanoseconds and the whole run ({@code plan}). Runs on one
 * thread.
 */
public final class FirstTestInFreshJvm {
    static final int TESTS = 2;
    /** The start of the keys of the extension's phases, each reported with its first occurrence. */
    static final String PHASE = "phase-";

    private FirstTestInFreshJvm() {
    }

    /**
     * Runs the suite and reports.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws Exception {
        SuiteRun run = SuiteRun.of(OverheadSuite.WithDatabases.class, TESTS);
        ChildJvm.report("first", Math.round(run.overheadsMs().get(0) * 1e6));
        ChildJvm.report("second", Math.round(run.overheadsMs().get(1) * 1e6));
        ChildJvm.report("plan", Math.round(run.planMs() * 1e6));
        run.phases().forEach((phase, ms) -> ChildJvm.report(PHASE + phase, Math.round(ms.getFirst() * 1e6)));
    }
}
