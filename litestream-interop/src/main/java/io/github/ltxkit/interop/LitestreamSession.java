package io.github.ltxkit.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A long-running {@code sqlite3} process connected to the Litestream VFS: statements go to its standard input over
 * time and each call waits for its own output, so a test can commit on one connection every few milliseconds while
 * it polls the replica from Java.
 *
 * <p>Each {@link #query} ends its SQL with a {@code .print} of a unique marker and reads standard output up to that
 * marker. A failing statement ends the process ({@code -bail}); the call then throws with {@code sqlite3}'s error
 * and Litestream's log. {@link #stop} (or {@link #close}) quits the shell, which closes the database, so a writer
 * uploads its remaining changes before the process exits.
 *
 * <pre>{@code
 * try (LitestreamSession writer = vfs.openSession(LitestreamConfig.builder(url).writer(Duration.ofMillis(100)).build())) {
 *     writer.execute("update t set n = n + 1", Duration.ofSeconds(10));
 *     List<List<String>> rows = writer.query("select n from t", Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Thread-safe: calls are serialized. Two reader threads per session drain the process's output.
 */
public final class LitestreamSession implements AutoCloseable {
    /** How long {@link #close()} waits for the shell to quit (and a writer to upload) before killing it. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final ShellInvocation shell;
    private final Process process;
    private final long startNanos;
    // Guarded by this: the shell's standard input and the marker counter.
    private final Writer stdin;
    private long markers;
    // Guarded by this: the outcome of stop(), once it ran.
    private SqlResult stopped;
    // Guarded by output: standard output not yet consumed by a query, and whether it has ended.
    private final StringBuilder output = new StringBuilder();
    private boolean outputEnded;
    // Appended by the stderr reader thread only; StringBuffer is synchronized for the readers of it.
    private final StringBuffer errors = new StringBuffer();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private LitestreamSession(ShellInvocation shell, Process process) {
        this.shell = shell;
        this.process = process;
        this.startNanos = System.nanoTime();
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.stdoutReader = Thread.ofPlatform().daemon().name("litestream-session-stdout-" + process.pid())
                .start(() -> drainStdout(process.getInputStream()));
        this.stderrReader = Thread.ofPlatform().daemon().name("litestream-session-stderr-" + process.pid())
                .start(() -> drain(process.getErrorStream(), errors));
    }

    static LitestreamSession start(Path sqlite3, Path extension, LitestreamConfig config) {
        ShellInvocation shell = null;
        try {
            shell = ShellInvocation.prepare(sqlite3, extension, config, true);
            ProcessBuilder pb = new ProcessBuilder(shell.command()).directory(shell.workDir().toFile());
            pb.environment().clear();
            pb.environment().putAll(shell.environment());
            return new LitestreamSession(shell, pb.start());
        } catch (IOException e) {
            if (shell != null) {
                shell.close();
            }
            throw new LitestreamException("cannot start " + sqlite3 + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code sql} and returns the rows it printed, once every statement in it has run.
     *
     * @param sql     statements separated by semicolons (the last one's semicolon is optional)
     * @param timeout the longest to wait for the statements to finish
     * @throws LitestreamException if a statement failed (the shell has then exited), the session is stopped, or
     *                             the statements did not finish in time
     */
    public synchronized List<List<String>> query(String sql, Duration timeout) {
        if (stopped != null) {
            throw new LitestreamException("the session has been stopped (exit status " + stopped.exitCode() + ")");
        }
        String marker = "@@ltxkit-session-" + process.pid() + "-" + (++markers) + "@@";
        try {
            stdin.write(sql);
            stdin.write("\n;\n.print " + marker + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw ended("sqlite3 stopped reading its input", sql);
        }
        String needle = marker + "\n";
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (true) {
                int at = output.indexOf(needle);
                if (at >= 0) {
                    String rows = output.substring(0, at);
                    output.delete(0, at + needle.length());
                    return SqlResult.parseRows(rows);
                }
                if (outputEnded) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LitestreamException(SqlResult.failureMessage("statements did not finish within "
                            + timeout.toMillis() + " ms: " + abbreviate(sql), errors.toString(), log()));
                }
                try {
                    output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LitestreamException("interrupted while waiting for: " + abbreviate(sql), e);
                }
            }
        }
        throw ended("sqlite3 exited", sql);
    }

    /** Runs {@code sql} and waits for it to finish; see {@link #query}. */
    public void execute(String sql, Duration timeout) {
        query(sql, timeout);
    }

    /** Returns what Litestream has logged so far. */
    public String log() {
        return shell.log();
    }

    /** Returns {@code sqlite3}'s standard error so far. */
    public String stderr() {
        return errors.toString();
    }

    /** Returns whether the shell is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Quits the shell and waits for it to exit: the database is closed, so a writer uploads what it has not
     * uploaded yet. Kills it if it does not exit in time. Idempotent: later calls return the first outcome.
     *
     * @return the exit status (-1 if killed), unread output, standard error and Litestream's log
     */
    public synchronized SqlResult stop(Duration timeout) {
        if (stopped != null) {
            return stopped;
        }
        try {
            stdin.write("\n;\n.quit\n");
            stdin.close();
        } catch (IOException e) {
            // the shell is already gone: nothing left to tell it
        }
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        if (!exited) {
            ProcessRunner.kill(process);
        }
        join(stdoutReader);
        join(stderrReader);
        String rest;
        synchronized (output) {
            rest = output.toString();
            output.setLength(0);
        }
        String log = shell.log();
        stopped = new SqlResult(exited ? process.exitValue() : -1, rest, errors.toString(), log,
                Duration.ofNanos(System.nanoTime() - startNanos));
        shell.close();
        return stopped;
    }

    /** Stops the session, waiting up to {@link #DEFAULT_STOP_TIMEOUT}. */
    @Override
    public void close() {
        stop(DEFAULT_STOP_TIMEOUT);
    }

    @Override
    public String toString() {
        return "LitestreamSession[pid=" + process.pid() + ", alive=" + process.isAlive() + "]";
    }

    private LitestreamException ended(String what, String sql) {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        join(stderrReader);
        String status = process.isAlive() ? "still running" : "exit status " + process.exitValue();
        return new LitestreamException(SqlResult.failureMessage(what + " (" + status + ") while running: "
                + abbreviate(sql), errors.toString(), log()));
    }

    private void drainStdout(InputStream in) {
        char[] buf = new char[8192];
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            for (int n; (n = r.read(buf)) > 0; ) {
                synchronized (output) {
                    output.append(buf, 0, n);
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone; fall through to mark the end
        } finally {
            synchronized (output) {
                outputEnded = true;
                output.notifyAll();
            }
        }
    }

    private static void drain(InputStream in, StringBuffer sink) {
        char[] buf = new char[4096];
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            for (int n; (n = r.read(buf)) > 0; ) {
                sink.append(buf, 0, n);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private static void join(Thread t) {
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 100 ? oneLine.substring(0, 97) + "..." : oneLine;
    }
}
