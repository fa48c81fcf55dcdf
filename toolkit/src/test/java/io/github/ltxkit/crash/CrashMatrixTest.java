package io.github.ltxkit.crash;

import static io.github.ltxkit.assertions.LtxkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.assertions.CommitHistory;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.seed.Seeder;
import io.github.ltxkit.testsupport.SharedS3Server;
import io.github.ltxkit.vfs.CrashPoint;
import io.github.ltxkit.vfs.DatabaseConfig;
import io.github.ltxkit.vfs.DatabaseConfig.BufferRecovery;
import io.github.ltxkit.vfs.LitestreamVfs;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every crash moment of a sync, with the local disk kept or lost, reopened with buffer recovery on (replay) or off
 * (discard), against the embedded S3 server. Each cell checks the outcome documented in
 * {@code docs/fault-injection.md}: synced commits always survive; unsynced ones come back exactly when the buffer
 * survives and is replayed, or when they reached the bucket; no partial object is ever visible; the database is
 * never corrupt; and writing continues without a conflict.
 *
 * <p>History of every cell: state #0 is the seeded table; commits #1..#3 are synced; commits #4 and #5 are not
 * when the crash comes.
 */
class CrashMatrixTest {
    static final int SYNCED = 3;
    static final int ALL = 5;
    static LitestreamVfs vfs;
    static EmbeddedS3Server s3;
    static String bucket;
    static S3Credentials creds;

    @TempDir
    Path dir;

    /** When the database dies: between two syncs, or at one of the sync's crash points. */
    enum CrashMoment {
        BETWEEN_SYNCS(null, false),
        BEFORE_UPLOAD(CrashPoint.BEFORE_UPLOAD, false),
        DURING_UPLOAD(CrashPoint.DURING_UPLOAD, false),
        AFTER_UPLOAD_BEFORE_ACK(CrashPoint.AFTER_UPLOAD_BEFORE_ACK, true),
        AFTER_ACK_BEFORE_TRIM(CrashPoint.AFTER_ACK_BEFORE_TRIM, true);

        final CrashPoint point;
        /** Whether the unsynced commits reached the bucket before the crash. */
        final boolean uploaded;

        CrashMoment(CrashPoint point, boolean uploaded) {
            this.point = point;
            this.uploaded = uploaded;
        }
    }

    enum LocalDisk { KEPT, LOST }

    @BeforeAll
    static void start() {
        s3 = SharedS3Server.get();
        bucket = SharedS3Server.newBucket("crash-matrix");
        creds = new S3Credentials(s3.credentials().accessKeyId(), s3.credentials().secretAccessKey());
        vfs = LitestreamVfs.register("ltxkit-crash-matrix", Map.of());
    }

    @AfterAll
    static void stop() {
        vfs.close();
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (CrashMoment moment : CrashMoment.values()) {
            for (LocalDisk disk : LocalDisk.values()) {
                for (BufferRecovery recovery : BufferRecovery.values()) {
                    cells.add(Arguments.of(moment, disk, recovery));
                }
            }
        }
        return cells.stream();
    }

    /** The state a reopened database holds: everything when the buffer is replayed, else what the bucket has. */
    static int expectedAfterReopen(CrashMoment moment, LocalDisk disk, BufferRecovery recovery) {
        if (disk == LocalDisk.KEPT && recovery == BufferRecovery.REPLAY) {
            return ALL;
        }
        return moment.uploaded ? ALL : SYNCED;
    }

    @ParameterizedTest(name = "crash {0}, local disk {1}, buffer recovery {2}")
    @MethodSource("cells")
    void aCrashLosesNothingSyncedAndRecoversExactlyAsDocumented(CrashMoment moment, LocalDisk disk,
                                                                  BufferRecovery recovery) throws Exception {
        String prefix = "cell-" + moment + "-" + disk + "-" + recovery;
        String url = "s3://" + bucket + "/" + prefix + "?endpoint=" + s3.endpoint() + "&region=" + s3.region()
                + "&force-path-style=true";
        seed(url);
        DatabaseConfig config = DatabaseConfig.builder().replicaUrl(url).writeEnabled(true)
                .syncInterval(Duration.ZERO).pollInterval(Duration.ofHours(1)).bufferPath(dir.resolve("buffer"))
                .bufferRecovery(recovery).build();
        ReplicaDatabase db = vfs.open(prefix + ".db", config, creds);
        CommitHistory history = CommitHistory.startingAt(db);
        for (int i = 1; i <= ALL; i++) {
            commit(db, i);
            history.record(db);
            if (i == SYNCED) {
                db.syncNow();
                history.markSynced(db);
            }
        }

        if (moment.point == null) {
            db.crash();
        } else {
            db.crashAt(moment.point);
            assertThatThrownBy(db::syncNow).isInstanceOf(IOException.class).hasMessageContaining("simulated crash at "
                    + moment.point);
        }
        assertThat(db.isOpen()).isFalse();
        if (disk == LocalDisk.LOST) {
            db.crash(true);
            assertThat(dir.resolve("buffer")).doesNotExist();
        }

        ReplicaObjects.assertEveryObjectIsComplete(url, creds);
        try (ReplicaDatabase bucketView = db.bucketView()) {
            assertThat(bucketView).remoteIsPrefixOf(history).passesIntegrityCheck();
            assertThat(history.indexOf(bucketView.checksum()))
                    .as("the bucket holds the unsynced commits exactly when they were uploaded")
                    .isEqualTo(moment.uploaded ? ALL : SYNCED);
        }

        ReplicaDatabase reopened = db.reopen();
        try {
            assertThat(reopened).hasLostNoSyncedData(history).passesIntegrityCheck();
            assertThat(history.indexOf(reopened.checksum())).as("state after reopening")
                    .isEqualTo(expectedAfterReopen(moment, disk, recovery));

            commit(reopened, ALL + 1);
            reopened.syncNow();
            assertThat(reopened).hasNothingUnsynced().remoteEqualsLocal().passesIntegrityCheck();
            ReplicaObjects.assertEveryObjectIsComplete(url, creds);
        } finally {
            reopened.close();
        }
    }

    private static void commit(ReplicaDatabase db, int n) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("insert into ledger(n, note) values (" + n + ", randomblob(300))");
        }
    }

    private void seed(String url) throws Exception {
        Path source = dir.resolve("seed.db");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + source);
             Statement s = c.createStatement()) {
            s.execute("create table ledger(n integer primary key, note blob)");
        }
        try (Replica replica = openReplica(url)) {
            Seeder.seedDatabase(source, replica.client());
        }
        Files.delete(source);
    }

    private static Replica openReplica(String url) {
        return ReplicaObjects.open(url, creds);
    }
}
