package io.github.ltxkit.cli;

import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What the commands take from the world outside the command line: the environment (S3 credentials), whether
 * standard error is a terminal (progress bars), and the clock. Immutable.
 *
 * @param environment    the environment variables
 * @param stderrTerminal whether standard error is a terminal
 * @param nanoTime       a monotonic clock in nanoseconds, such as {@link System#nanoTime()}
 */
record CliContext(Map<String, String> environment, boolean stderrTerminal, LongSupplier nanoTime) {
    CliContext {
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        Objects.requireNonNull(nanoTime, "nanoTime");
    }

    @Override
    public String toString() {
        return "CliContext[variables=" + environment.size() + ", stderrTerminal=" + stderrTerminal + "]";
    }
}
