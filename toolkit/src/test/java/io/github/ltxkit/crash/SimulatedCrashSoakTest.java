package io.github.ltxkit.crash;

import static io.github.ltxkit.assertions.LtxkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.assertions.CommitHistory;
import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.fault.StorageFaults;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.testsupport.SharedS3Server;
import io.github.ltxkit.vfs.CrashPoint;
import io.github.ltxkit.vfs.DatabaseConfig;
import io.github.ltxkit.vfs.DatabaseConfig.BufferRecovery;
import io.github.ltxkit.vfs.LitestreamVfs;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
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
 * Random rounds of a writer on the embedded S3 under random storage faults, ended by a random crash (between syncs or
 * at a crash point; local disk kept or lost; buffer replayed or discarded). After each: the bucket holds a prefix of
 * the committed history no older than the last successful sync, no object is partial, the reopened database lost
 * nothing synced (and nothing at all when its buffer was replayed), integrity holds everywhere, and writing goes on
 * without a conflict.
 *
 * <p>{@code -Dltxkit.soak.rounds} (default 12; the soak profile runs 1,000) and {@code -Dltxkit.soak.seed} (default
 * 2026) pick the rounds; a failure names its round and seed so it can be replayed alone with
 * {@code -Dltxkit.soak.first=N -Dltxkit.soak.rounds=1}.
 */
class SimulatedCrashSoakTest {
    static final int ROUNDS = Integer.getInteger("ltxkit.soak.rounds", 12);
    static final int FIRST = Integer.getInteger("ltxkit.soak.first", 0);
    static final long SEED = Long.getLong("ltxkit.soak.seed", 2026);
    static LitestreamVfs vfs;
    static EmbeddedS3Server s3;
    static String bucket;
    static S3Credentials creds;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        s3 = SharedS3Server.get();
        bucket = SharedS3Server.newBucket("soak");
        creds = new S3Credentials(s3.credentials().accessKeyId(), s3.credentials().secretAccessKey());
        vfs = LitestreamVfs.register("ltxkit-soak", Map.of());
    }

    @AfterAll
    static void stop() {
        vfs.close();
    }

    @Test
    void randomCrashesUnderStorageFaultsNeverLoseSyncedDataNorCorruptAnything() throws Exception {
        long started = System.nanoTime();
        int[] outcomes = new int[3];
        List<String> failures = new ArrayList<>();
        AssertionError first = null;
        for (int round = FIRST; round < FIRST + ROUNDS; round++) {
            try {
                outcomes[runRound(round, new Random(SEED * 1_000_003L + round))]++;
            } catch (AssertionError | Exception e) {
                failures.add("round " + round + " (replay it alone with -Dltxkit.soak.seed=" + SEED
                        + " -Dltxkit.soak.first=" + round + " -Dltxkit.soak.rounds=1): " + e.getMessage());
                if (first == null) {
                    first = new AssertionError(e.getMessage(), e);
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        SoakReport.record("simulated", ROUNDS, failures.size(), took, "seed " + SEED + "; reopened holding every "
                + "commit: " + outcomes[0] + ", exactly the synced ones: " + outcomes[1] + ", in between: "
                + outcomes[2]);
        System.out.printf("simulated soak: %d rounds, %d failures, %d s (seed %d)%n", ROUNDS, failures.size(),
                took.toSeconds(), SEED);
        if (first != null) {
            first.addSuppressed(new AssertionError(String.join("\n", failures)));
            throw new AssertionError(failures.size() + " of " + ROUNDS + " rounds failed; the first: "
                    + failures.getFirst(), first);
        }
    }

    /** Runs one round; returns 0 if the reopened database held every commit, 1 only the synced ones, 2 else. */
    private int runRound(int round, Random random) throws Exception {
        String prefix = "round-" + round;
        String url = "s3://" + bucket + "/" + prefix + "?endpoint=" + s3.endpoint() + "&region=" + s3.region()
                + "&force-path-style=true";
        BufferRecovery recovery = random.nextBoolean() ? BufferRecovery.REPLAY : BufferRecovery.DISCARD;
        DatabaseConfig config = DatabaseConfig.builder().replicaUrl(url).writeEnabled(true)
                .syncInterval(Duration.ZERO).pollInterval(Duration.ofHours(1)).snapshotTimeout(Duration.ofMillis(1))
                .bufferPath(dir.resolve("buffer-" + round)).bufferRecovery(recovery).build();
        ReplicaDatabase db = vfs.open(prefix + ".db", config, creds);
        CommitHistory history = CommitHistory.startingAt(db);
        SoakWorkload workload = new SoakWorkload(random);
        addRandomFault(db.faults(), random);

        int steps = 3 + random.nextInt(12);
        for (int step = 0; step < steps; step++) {
            try {
                workload.commit(db);
            } catch (java.sql.SQLException e) {
                // A read fault can fail a transaction; it then either committed or not, and record() sees which.
                assertThat(e.getMessage()).as("only injected storage faults may fail a commit").containsAnyOf(
                        "SQLITE_IOERR", "disk I/O error");
            }
            record(history, db);
            if (random.nextInt(3) == 0) {
                trySync(db, history);
            }
        }
        crashSomehow(db, random);
        boolean loseDisk = random.nextInt(3) == 0;
        if (loseDisk) {
            db.crash(true);
        }

        ReplicaObjects.assertEveryObjectIsComplete(url, creds);
        try (ReplicaDatabase bucketView = db.bucketView()) {
            assertThat(bucketView).remoteIsPrefixOf(history).passesIntegrityCheck();
        }
        ReplicaDatabase reopened = db.reopen();
        try {
            assertThat(reopened).hasLostNoSyncedData(history).passesIntegrityCheck();
            if (!loseDisk && recovery == BufferRecovery.REPLAY) {
                assertThat(reopened).holdsLatestStateOf(history);
            }
            int at = history.indexOf(reopened.checksum());
            workload.commit(reopened);
            reopened.syncNow();
            assertThat(reopened).hasNothingUnsynced().remoteEqualsLocal();
            return at == history.size() - 1 ? 0 : at == history.lastSyncedIndex() ? 1 : 2;
        } finally {
            reopened.close();
        }
    }

    /** Records the state, retrying reads that injected faults broke (reading the state is idempotent). */
    private static void record(CommitHistory history, ReplicaDatabase db) {
        for (int attempt = 1; ; attempt++) {
            try {
                history.record(db);
                return;
            } catch (java.io.UncheckedIOException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** Syncs; marks the history synced when the upload succeeded, accepts a failure the faults explain. */
    private static void trySync(ReplicaDatabase db, CommitHistory history) {
        try {
            db.syncNow();
            history.markSynced(db);
        } catch (IOException e) {
            assertThat(e.getMessage()).as("a single writer never meets a conflict").doesNotContain("conflict");
        }
    }

    private static void crashSomehow(ReplicaDatabase db, Random random) {
        CrashPoint[] points = CrashPoint.values();
        int pick = random.nextInt(points.length + 1);
        boolean pending = db.syncStatus().map(s -> !s.caughtUp()).orElse(false);
        if (pick < points.length && pending) {
            db.crashAt(points[pick]);
            try {
                db.syncNow();
            } catch (IOException expected) {
                // the crash itself, or a fault that stopped the upload before the crash point
            }
        }
        if (db.isOpen()) {
            db.crash();
        }
    }

    /** Half the rounds run under one random storage fault, with a seeded probability. */
    private static void addRandomFault(StorageFaults faults, Random random) {
        double p = 0.1 + 0.4 * random.nextDouble();
        double readP = p / 3;
        switch (random.nextInt(8)) {
            case 0 -> faults.on(ReplicaOperation.WRITE).probability(p).inject(Fault.serverError());
            case 1 -> faults.on(ReplicaOperation.WRITE).probability(p).inject(Fault.ambiguousWrite());
            case 2 -> faults.onAny().probability(readP).inject(Fault.connectionReset());
            case 3 -> faults.on(ReplicaOperation.READ).probability(readP).inject(Fault.truncatedBody(0.5));
            case 4 -> faults.on(ReplicaOperation.LIST).probability(p).inject(Fault.slowDown());
            default -> {
                // healthy storage
            }
        }
    }

    /** A small ledger workload: inserts, updates, deletes, a bigger transaction now and then. */
    private static final class SoakWorkload {
        private final Random random;
        private int nextId = 1;

        SoakWorkload(Random random) {
            this.random = random;
        }

        void commit(ReplicaDatabase db) throws Exception {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("create table if not exists ledger(id integer primary key, amount integer, note blob)");
                c.setAutoCommit(false);
                int rows = random.nextInt(10) == 0 ? 40 + random.nextInt(60) : 1 + random.nextInt(4);
                for (int i = 0; i < rows; i++) {
                    s.execute("insert into ledger values (" + nextId++ + ", " + random.nextInt(1000)
                            + ", randomblob(" + (50 + random.nextInt(1500)) + "))");
                }
                if (random.nextInt(4) == 0) {
                    s.execute("update ledger set amount = amount + 1 where id % 7 = " + random.nextInt(7));
                }
                if (random.nextInt(5) == 0) {
                    s.execute("delete from ledger where id % 11 = " + random.nextInt(11));
                }
                c.commit();
            }
        }
    }
}
