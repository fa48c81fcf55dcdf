package io.github.ltxkit.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process to completion with a time limit: its input comes from a file and its output goes to files,
 * so no pipe can fill up and no thread is needed. Stateless.
 */
final class ProcessRunner {
    private ProcessRunner() {
    }

    /**
     * What a finished (or killed) process left behind.
     *
     * @param exitCode  the exit status, or -1 if the process was killed at the time limit
     * @param stdout    its standard output, decoded as UTF-8
     * @param stderr    its standard error, decoded as UTF-8
     * @param timedOut  whether the time limit ended it
     * @param elapsed   how long it ran
     */
    record Completed(int exitCode, String stdout, String stderr, boolean timedOut, Duration elapsed) {
    }

    /**
     * Runs {@code command} in {@code workDir} with exactly the environment {@code env}.
     *
     * @param stdin   the file to feed on standard input, or {@code null} for none
     * @param outputs the directory to write {@code stdout}/{@code stderr} files into
     * @throws IOException if the program cannot be started (its message names the program)
     */
    static Completed run(List<String> command, Map<String, String> env, Path workDir, Path stdin, Path outputs,
            Duration timeout) throws IOException {
        Path out = Files.createTempFile(outputs, "stdout-", ".txt");
        Path err = Files.createTempFile(outputs, "stderr-", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(nullFile()) : ProcessBuilder.Redirect
                    .from(stdin.toFile()));
            pb.environment().clear();
            pb.environment().putAll(env);
            long start = System.nanoTime();
            Process process = pb.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + command.getFirst(), e);
            }
            if (!finished) {
                kill(process);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new Completed(finished ? process.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), !finished, elapsed);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Ends a process and its descendants: politely, then after two seconds by force. */
    static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Returns the last {@code maxLines} non-blank lines of {@code text}, joined with " | ", for messages. */
    static String tail(String text, int maxLines) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }
}
