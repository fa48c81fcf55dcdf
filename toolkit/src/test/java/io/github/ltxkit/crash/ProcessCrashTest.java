package io.github.ltxkit.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.testsupport.SharedS3Server;
import io.github.ltxkit.vfs.CrashPoint;
import io.github.ltxkit.vfs.DatabaseConfig;
import io.github.ltxkit.vfs.LitestreamVfs;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Child JVMs writing to the embedded S3 are killed with SIGKILL at random moments; every time, the replica opens,
 * passes {@code integrity_check} and holds exactly a prefix of the committed transactions, and recovery from the
 * kept buffer brings back all of them.
 */
class ProcessCrashTest {
    static final int ROUNDS = Integer.getInteger("ltxkit.crash.rounds", 20);
    static final long SEED = Long.getLong("ltxkit.crash.seed", 2026);
    static LitestreamVfs vfs;
    static EmbeddedS3Server s3;
    static String bucket;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        s3 = SharedS3Server.get();
        bucket = SharedS3Server.newBucket("crash");
        vfs = LitestreamVfs.register("ltxkit-crash-test", Map.of());
    }

    @AfterAll
    static void stop() {
        vfs.close();
    }

    @Test
    void killedWritersLeaveAPrefixOfTheirCommitsAndRecoveryBringsBackAllOfThem() throws Exception {
        Random random = new Random(SEED);
        S3Credentials creds = new S3Credentials(s3.credentials().accessKeyId(), s3.credentials().secretAccessKey());
        CrashPoint[] points = CrashPoint.values();
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        AssertionError first = null;
        for (int round = 0; round < ROUNDS; round++) {
            try {
                runRound(round, random, creds, points);
            } catch (AssertionError | Exception e) {
                failures.add("round " + round + ": " + e.getMessage());
                if (first == null) {
                    first = new AssertionError(e.getMessage(), e);
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        SoakReport.record("process", ROUNDS, failures.size(), took, "seed " + SEED + "; SIGKILL after N commits, "
                + "after a delay, or at a crash point, in turn");
        if (first != null) {
            throw new AssertionError(failures.size() + " of " + ROUNDS + " rounds failed:\n"
                    + String.join("\n", failures), first);
        }
    }

    private void runRound(int round, Random random, S3Credentials creds, CrashPoint[] points) throws Exception {
        String url = "s3://" + bucket + "/round-" + round + "?endpoint=" + s3.endpoint() + "&region="
                + s3.region() + "&force-path-style=true";
        Path buffer = dir.resolve("buffer-" + round);
        ProcessCrashHarness.Builder harness = ProcessCrashHarness.builder(url, buffer).credentials(creds)
                .syncInterval(Duration.ofMillis(20 + random.nextInt(100)));
        switch (round % 3) {
            case 0 -> harness.killAfterCommits(1 + random.nextInt(150));
            case 1 -> harness.killAfter(Duration.ofMillis(random.nextInt(600)));
            default -> harness.killAt(points[random.nextInt(points.length)]);
        }
        CrashRun run = harness.build().run();
        String context = "round " + round + " (" + run.killedBecause() + ", acknowledged "
                + run.acknowledgedCommits() + ")\n" + run.childOutput().lines().filter(l -> !l.startsWith(
                "LTXKIT")).limit(20).reduce("", (a, b) -> a + b + "\n");
        assertThat(run.exitCode()).as(context).isNotZero();

        long remote = prefixLength(url, creds, "remote-" + round, null, context);
        assertThat(remote).as("the replica holds a prefix of the commits; " + context)
                .isLessThanOrEqualTo(run.acknowledgedCommits() + 1);

        long recovered = prefixLength(url, creds, "recovered-" + round, buffer, context);
        assertThat(recovered).as("recovery brings back every acknowledged commit; " + context)
                .isBetween(run.acknowledgedCommits(), run.acknowledgedCommits() + 1);
        assertThat(prefixLength(url, creds, "after-recovery-" + round, null, context))
                .as("recovery uploaded them; " + context).isEqualTo(recovered);
        System.out.printf("round %2d: killed %-45s acknowledged %4d, replica %4d, recovered %4d, %d ms%n",
                round, run.killedBecause(), run.acknowledgedCommits(), remote, recovered, run.ran().toMillis());
    }

    /**
     * Opens the replica (read-only, or writable from {@code buffer}, then uploading), checks integrity and that
     * {@code crash_log} holds exactly 1..n, and returns n.
     */
    private long prefixLength(String url, S3Credentials creds, String name, Path buffer, String context)
            throws Exception {
        DatabaseConfig.Builder config = DatabaseConfig.builder().replicaUrl(url)
                .snapshotTimeout(Duration.ofMillis(1)).pollInterval(Duration.ofHours(1));
        if (buffer != null) {
            config.writeEnabled(true).syncInterval(Duration.ZERO).bufferPath(buffer);
        }
        ReplicaDatabase db;
        try {
            db = vfs.open(name, config.build(), creds);
        } catch (java.io.IOException e) {
            assertThat(e).as(context).hasMessageContaining("has no LTX files yet");
            return 0;
        }
        try (db; Connection c = db.connect()) {
            assertThat(string(c, "pragma integrity_check")).as(context).isEqualTo("ok");
            if (string(c, "select name from sqlite_master where name = 'crash_log'") == null) {
                return 0;
            }
            long n = Long.parseLong(string(c, "select count(*) from crash_log"));
            if (n > 0) {
                assertThat(string(c, "select min(seq) || '-' || max(seq) from crash_log")).as(context)
                        .isEqualTo("1-" + n);
            }
            if (buffer != null) {
                db.syncNow();
            }
            return n;
        }
    }

    private static String string(Connection c, String sql) throws SQLException {
        try (ResultSet r = c.createStatement().executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }
}
