package io.github.ltxkit.bench.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code sqlite3} shell process driven over its standard input and output, whose exchanges are timed from the
 * benchmark: {@link #exchange} writes statements followed by a {@code .print} of a unique marker and returns the
 * lines printed before the marker with the time it took. The process is started and made ready (extension loaded,
 * nothing opened) before any timing, so a timed exchange excludes the process start, the dynamic loading of an
 * extension and the exit.
 *
 * <p>It runs in a private work directory (its {@code TMPDIR} and Litestream's log file), deleted on {@link #close()}.
 * The benchmark harness of the interop module ({@code io.github.ltxkit.interop.LitestreamVfs}) opens the database
 * as soon as the process starts, which is why the benchmarks drive the shell themselves.
 *
 * <p>Used by one thread; a daemon thread per stream drains the process's output.
 */
final class SqliteShell implements AutoCloseable {
    /** The entry point of the Litestream VFS extension. */
    static final String LITESTREAM_ENTRY_POINT = "sqlite3_litestreamvfs_init";
    private static final String END_OF_OUTPUT = "\u0000end-of-output";

    private final Process process;
    private final Path workDir;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    // Appended by the stderr thread; StringBuffer is synchronized for the readers.
    private final StringBuffer errors = new StringBuffer();
    private final Thread errorReader;
    // Owned by the calling thread: numbers the markers.
    private long markers;

    /**
     * What one exchange printed and how long it took.
     *
     * @param lines the lines printed before the marker
     * @param nanos the time from writing the statements to reading the marker
     */
    record Exchange(List<String> lines, long nanos) {
        /** Returns the only line printed, or fails naming what was printed. */
        String single() {
            if (lines.size() != 1) {
                throw new IllegalStateException("expected one line of output, got " + lines);
            }
            return lines.getFirst();
        }
    }

    private SqliteShell(Process process, Path workDir) {
        this.process = process;
        this.workDir = workDir;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("bench-sqlite3-stdout-" + process.pid())
                .start(() -> drainLines(process.getInputStream()));
        this.errorReader = Thread.ofPlatform().daemon().name("bench-sqlite3-stderr-" + process.pid())
                .start(() -> drainErrors(process.getErrorStream()));
    }

    /**
     * Starts {@code sqlite3} with {@code extension} loaded (or none when {@code null}) and waits until it answers.
     *
     * @param environment variables for the process on top of the inherited ones, from which every
     *                    {@code LITESTREAM_*} and {@code AWS_*} variable is removed
     */
    static SqliteShell start(Path sqlite3, Path extension, Map<String, String> environment, Duration timeout)
            throws IOException {
        Path workDir = Files.createTempDirectory("ltxkit-bench-sqlite3-");
        Path tmp = Files.createDirectory(workDir.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(sqlite3.toString(), "-batch", "-bail", "-noheader"));
        if (extension != null) {
            command.add("-cmd");
            command.add(".load '" + extension + "' " + LITESTREAM_ENTRY_POINT);
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LITESTREAM_") || k.startsWith("AWS_"));
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("TMPDIR", tmp.toString());
        env.put("LITESTREAM_LOG_FILE", workDir.resolve("litestream.log").toString());
        env.putAll(environment);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            deleteTree(workDir);
            throw e;
        }
        SqliteShell shell = new SqliteShell(process, workDir);
        try {
            shell.exchange("select 1;", timeout);
        } catch (IOException | RuntimeException e) {
            shell.close();
            throw e;
        }
        return shell;
    }

    /**
     * Runs {@code sql} (statements and dot-commands, one per line) and waits for it to finish.
     *
     * @throws IOException if the shell exits first (a failed statement ends it) or the time runs out; the message
     *                     holds the shell's errors and the tail of Litestream's log
     */
    Exchange exchange(String sql, Duration timeout) throws IOException {
        String marker = "@@bench-" + (++markers) + "@@";
        long start = System.nanoTime();
        try {
            stdin.write(sql);
            stdin.write("\n.print " + marker + "\n");
            stdin.flush();
        } catch (IOException e) {
            awaitErrors();
            throw failure("sqlite3 stopped reading its input", sql);
        }
        long deadline = start + timeout.toNanos();
        List<String> out = new ArrayList<>();
        while (true) {
            String line;
            try {
                line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sqlite3 ran: " + abbreviate(sql), e);
            }
            if (line == null) {
                throw new ShellTimeoutException(describe("sqlite3 did not finish within " + timeout.toMillis()
                        + " ms", sql));
            }
            if (line.equals(marker)) {
                return new Exchange(List.copyOf(out), System.nanoTime() - start);
            }
            if (line.equals(END_OF_OUTPUT)) {
                awaitErrors();
                throw failure("sqlite3 exited", sql);
            }
            out.add(line);
        }
    }

    /** Returns what Litestream has logged so far, or "" if nothing. */
    String log() {
        try {
            return Files.readString(workDir.resolve("litestream.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Quits the shell (killing it if it does not quit within ten seconds) and deletes its work directory. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                try {
                    stdin.write(".quit\n");
                    stdin.close();
                } catch (IOException alreadyGone) {
                    // the process closed its input: it is exiting anyway
                }
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(workDir);
        }
    }

    /** Kills the shell at once (for a run that hit its time cap) and deletes its work directory. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(workDir);
    }

    private IOException failure(String what, String sql) {
        return new IOException(describe(what, sql));
    }

    private String describe(String what, String sql) {
        String err = tail(errors.toString(), 3);
        String log = tail(log(), 3);
        return what + " running: " + abbreviate(sql) + (err.isEmpty() ? "" : "; stderr: " + err)
                + (log.isEmpty() ? "" : "; litestream log: " + log);
    }

    /** Waits briefly for the rest of standard error of a process that has exited. */
    private void awaitErrors() {
        try {
            errorReader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drainLines(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the process ended: the end marker below tells the waiting caller
        }
        lines.add(END_OF_OUTPUT);
    }

    private void drainErrors(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                errors.append(line).append('\n');
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static String tail(String text, int maxLines) {
        List<String> l = text.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        return String.join(" | ", l.subList(Math.max(0, l.size() - maxLines), l.size()));
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replace('\n', ' ').strip();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // already gone
        }
    }

    /** The shell did not answer within the time it was given; it is still running. */
    static final class ShellTimeoutException extends IOException {
        private static final long serialVersionUID = 1L;

        ShellTimeoutException(String message) {
            super(message);
        }
    }
}
