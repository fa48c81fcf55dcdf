package io.github.ltxkit.crash;

import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.vfs.CrashPoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a write workload in a child JVM against a replica and kills it with SIGKILL: after a number of commits,
 * after a delay, or at an armed {@link CrashPoint} of an upload. The ground truth that simulated crashes are checked
 * against: afterwards, a test inspects what the replica and the child's write buffer hold.
 *
 * <pre>{@code
 * CrashRun run = ProcessCrashHarness.builder(replicaUrl, bufferPath).credentials(creds)
 *         .killAfterCommits(50).build().run();
 * // open the replica and check: a prefix of 1..run.acknowledgedCommits() (+1), integrity_check ok
 * }</pre>
 *
 * <p>The child uses this JVM's class path and {@code java} executable, with {@code --enable-native-access}.
 * Thread-safe: each {@link #run()} starts its own child.
 */
public final class ProcessCrashHarness {
    private final String replicaUrl;
    private static final System.Logger LOG = System.getLogger(ProcessCrashHarness.class.getName());
    private final Path bufferPath;
    private final S3Credentials credentials;
    private final Duration syncInterval;
    private final Class<? extends CrashWorkload> workload;
    private final long killAfterCommits;
    private final Duration killAfter;
    private final CrashPoint killAt;
    private final Duration timeout;

    private ProcessCrashHarness(Builder b) {
        this.replicaUrl = b.replicaUrl;
        this.bufferPath = b.bufferPath;
        this.credentials = b.credentials;
        this.syncInterval = b.syncInterval;
        this.workload = b.workload;
        this.killAfterCommits = b.killAfterCommits;
        this.killAfter = b.killAfter;
        this.killAt = b.killAt;
        this.timeout = b.timeout;
    }

    /** Starts a builder for a child writing to {@code replicaUrl} with its buffer at {@code bufferPath}. */
    public static Builder builder(String replicaUrl, Path bufferPath) {
        return new Builder(replicaUrl, bufferPath);
    }

    /** Runs the child until a kill condition holds, kills it with SIGKILL and reports what it had said. */
    public CrashRun run() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                "--replica-url", replicaUrl, "--database", "crash-" + ProcessHandle.current().pid() + ".db",
                "--buffer", bufferPath.toString(), "--acks", acksFile().toString(), "--sync-interval", Long.toString(syncInterval.toMillis()),
                "--workload", workload.getName()));
        if (killAt != null) {
            command.addAll(List.of("--crash-point", killAt.name()));
        }
        // Standard error stays a separate pipe: merged, a log line written at the same moment could split a
        // COMMITTED line, and a commit the child reported would go uncounted.
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("LTXKIT_S3_ACCESS_KEY_ID");
        pb.environment().remove("LTXKIT_S3_SECRET_ACCESS_KEY");
        if (credentials != null) {
            pb.environment().put("LTXKIT_S3_ACCESS_KEY_ID", credentials.accessKeyId());
            pb.environment().put("LTXKIT_S3_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        }
        Files.deleteIfExists(acksFile());
        long start = System.nanoTime();
        Process child = pb.start();
        AtomicLong committed = new AtomicLong();
        AtomicLong synced = new AtomicLong();
        AtomicReference<String> reason = new AtomicReference<>();
        AtomicLong readyAt = new AtomicLong();
        StringBuilder output = new StringBuilder();
        Object lock = new Object();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        if (output.length() < 200_000) {
                            output.append(line).append('\n');
                        }
                    }
                    if (!line.startsWith(CrashChild.PREFIX)) {
                        continue;
                    }
                    String msg = line.substring(CrashChild.PREFIX.length());
                    if (msg.equals("READY")) {
                        readyAt.set(System.nanoTime());
                    } else if (msg.startsWith("COMMITTED ")) {
                        committed.set(Long.parseLong(msg.substring(10)));
                        if (killAfterCommits > 0 && committed.get() >= killAfterCommits) {
                            kill(reason, "after " + killAfterCommits + " commits", lock);
                        }
                    } else if (msg.startsWith("SYNCED ")) {
                        synced.set(Long.parseLong(msg.substring(7)));
                    } else if (msg.startsWith("AT ")) {
                        kill(reason, "at crash point " + msg.substring(3), lock);
                    }
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "ltxkit-crash-harness-reader");
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        if (output.length() < 200_000) {
                            output.append("[stderr] ").append(line).append('\n');
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "ltxkit-crash-harness-stderr");
        errors.setDaemon(true);
        errors.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (reason.get() == null && child.isAlive()) {
                long now = System.nanoTime();
                long ready = readyAt.get();
                long killAtNanos = killAfter == null || ready == 0 ? Long.MAX_VALUE : ready + killAfter.toNanos();
                if (now >= killAtNanos) {
                    reason.set("after " + killAfter.toMillis() + " ms");
                    break;
                }
                if (now >= deadline) {
                    reason.set("timed out after " + timeout.toMillis() + " ms without a kill condition");
                    break;
                }
                lock.wait(Math.min(20, Math.max(1, Math.min(killAtNanos, deadline) - now) / 1_000_000 + 1));
            }
        }
        child.destroyForcibly();
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
            throw new IOException("the child did not die after SIGKILL");
        }
        // Everything the child printed before it died is still in the pipe: count it all before reporting.
        reader.join(60_000);
        errors.join(10_000);
        if (reader.isAlive()) {
            throw new IOException("the child's output was not fully read within 60 s after it died");
        }
        long inFile = lastAcknowledged();
        long acknowledged = Math.max(committed.get(), inFile);
        if (inFile > committed.get() + 1) {
            // The child reports each commit in the file first, then on the pipe: one apart is a kill in between.
            LOG.log(System.Logger.Level.WARNING, "the child's output pipe lost acknowledgements: its file says "
                    + inFile + " commits, the pipe " + committed.get());
        }
        String why = reason.get() != null ? reason.get() : "exited by itself with code " + child.exitValue();
        String out;
        synchronized (output) {
            out = output.toString();
        }
        return new CrashRun(acknowledged, synced.get(), why, child.exitValue(),
                Duration.ofNanos(System.nanoTime() - start), out);
    }

    /** The file the child appends each acknowledged sequence number to, beside its buffer. */
    private Path acksFile() {
        return bufferPath.resolveSibling(bufferPath.getFileName() + ".acks");
    }

    /** Returns the last sequence number the child wrote to its acknowledgement file (0 if none). */
    private long lastAcknowledged() throws IOException {
        Path acks = acksFile();
        if (!Files.exists(acks)) {
            return 0;
        }
        long last = 0;
        for (String line : Files.readAllLines(acks, StandardCharsets.US_ASCII)) {
            if (!line.isBlank()) {
                last = Math.max(last, Long.parseLong(line.strip()));
            }
        }
        return last;
    }

    private static void kill(AtomicReference<String> reason, String why, Object lock) {
        synchronized (lock) {
            reason.compareAndSet(null, why);
            lock.notifyAll();
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Configures a {@link ProcessCrashHarness}; not thread-safe. */
    public static final class Builder {
        private final String replicaUrl;
        private final Path bufferPath;
        private S3Credentials credentials;
        private Duration syncInterval = Duration.ofMillis(100);
        private Class<? extends CrashWorkload> workload = SequenceWorkload.class;
        private long killAfterCommits;
        private Duration killAfter;
        private CrashPoint killAt;
        private Duration timeout = Duration.ofSeconds(60);

        private Builder(String replicaUrl, Path bufferPath) {
            this.replicaUrl = Objects.requireNonNull(replicaUrl, "replicaUrl");
            this.bufferPath = Objects.requireNonNull(bufferPath, "bufferPath");
        }

        /** S3 credentials for the child (passed in its environment, never on its command line). */
        public Builder credentials(S3Credentials value) {
            this.credentials = value;
            return this;
        }

        /** The child's sync interval (default 100 ms). */
        public Builder syncInterval(Duration value) {
            this.syncInterval = value;
            return this;
        }

        /** The workload class (default {@link SequenceWorkload}). */
        public Builder workload(Class<? extends CrashWorkload> value) {
            this.workload = value;
            return this;
        }

        /** Kills the child once it reported {@code n} commits. */
        public Builder killAfterCommits(long n) {
            this.killAfterCommits = n;
            return this;
        }

        /** Kills the child {@code delay} after its workload started (after the JVM and the database opened). */
        public Builder killAfter(Duration delay) {
            this.killAfter = delay;
            return this;
        }

        /** Kills the child when its next upload reaches {@code point}. */
        public Builder killAt(CrashPoint point) {
            this.killAt = point;
            return this;
        }

        /** The longest the child may run before it is killed anyway (default 60 s). */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /** Returns the harness. */
        public ProcessCrashHarness build() {
            return new ProcessCrashHarness(this);
        }
    }
}
