package io.github.ltxkit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.LongSupplier;

/** Runs {@code ltxkit} in-process and captures what it prints. */
final class Cli {
    private Cli() {
    }

    /**
     * What one run left behind.
     *
     * @param status the exit status
     * @param out    standard output
     * @param err    standard error
     */
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    static Result run(Map<String, String> env, String... args) {
        return run(env, false, System::nanoTime, args);
    }

    static Result run(Map<String, String> env, boolean stderrTerminal, LongSupplier clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = LtxkitCli.withClock(env, new PrintWriter(out), new PrintWriter(err), stderrTerminal, clock)
                .execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    /** Runs with an empty environment (directory replicas need none). */
    static Result run(String... args) {
        return run(Map.of(), args);
    }
}
