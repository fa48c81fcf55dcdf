package io.github.ltxkit.crash;

import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.vfs.CrashPoint;
import io.github.ltxkit.vfs.DatabaseConfig;
import io.github.ltxkit.vfs.LitestreamVfs;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The child process of {@link ProcessCrashHarness}: opens the database, runs the workload, and reports each
 * commit, each upload and an armed crash point on standard output until it is killed. Not API: the harness
 * starts it.
 */
public final class CrashChild {
    static final String PREFIX = "LTXKIT ";

    private CrashChild() {
    }

    /**
     * Runs the workload; arguments are {@code --name value} pairs (replica-url, database, buffer, sync-interval,
     * workload, crash-point). Credentials come from {@code LTXKIT_S3_ACCESS_KEY_ID} and
     * {@code LTXKIT_S3_SECRET_ACCESS_KEY}.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        PrintStream out = System.out;
        String key = System.getenv("LTXKIT_S3_ACCESS_KEY_ID");
        String secret = System.getenv("LTXKIT_S3_SECRET_ACCESS_KEY");
        S3Credentials credentials = key == null ? null : new S3Credentials(key, secret);
        DatabaseConfig config = DatabaseConfig.builder().replicaUrl(a.get("replica-url")).writeEnabled(true)
                .syncInterval(Duration.ofMillis(Long.parseLong(a.getOrDefault("sync-interval", "100"))))
                .bufferPath(Path.of(a.get("buffer"))).pollInterval(Duration.ofSeconds(1)).build();
        CrashWorkload workload = (CrashWorkload) Class.forName(a.get("workload")).getDeclaredConstructor()
                .newInstance();
        LitestreamVfs vfs = LitestreamVfs.register("ltxkit-crash-child", Map.of());
        ReplicaDatabase db = vfs.open(a.get("database"), config, credentials);
        if (a.containsKey("crash-point")) {
            CrashPoint point = CrashPoint.valueOf(a.get("crash-point"));
            db.atCrashPoint(point, () -> {
                report(out, "AT " + point);
                sleepForever();
            });
        }
        Thread syncWatcher = new Thread(() -> {
            long last = -1;
            while (true) {
                long txid = db.syncStatus().orElseThrow().lastSyncedTxid();
                if (txid != last) {
                    report(out, "SYNCED " + txid);
                    last = txid;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ltxkit-crash-child-sync-watcher");
        syncWatcher.setDaemon(true);
        syncWatcher.start();
        try (Connection c = db.connect()) {
            workload.prepare(c);
            report(out, "READY");
            // Acknowledgements go to a file too, one write(2) each: the kernel keeps what a killed process wrote,
            // whereas the harness's reading of a pipe is at the mercy of how the JDK drains it at process exit.
            try (FileChannel acks = FileChannel.open(Path.of(a.get("acks")), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                for (long seq = 1; ; seq++) {
                    workload.transaction(c, seq);
                    acks.write(ByteBuffer.wrap((seq + "\n").getBytes(StandardCharsets.US_ASCII)));
                    report(out, "COMMITTED " + seq);
                }
            }
        }
    }

    private static void report(PrintStream out, String line) {
        synchronized (out) {
            out.println(PREFIX + line);
            out.flush();
        }
    }

    private static void sleepForever() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // waiting to be killed
            }
        }
    }
}
