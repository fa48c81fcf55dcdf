package io.github.ltxkit.assertions;

import static io.github.ltxkit.assertions.LtxkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.hydrate.HydrationProgress;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.seed.Seeder;
import io.github.ltxkit.vfs.DatabaseConfig;
import io.github.ltxkit.vfs.LitestreamVfs;
import io.github.ltxkit.vfs.ReplicaDatabase;
import io.github.ltxkit.vfs.SyncStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The waits on a database handle and the durability assertions, on directory replicas. */
class DurabilityAssertionsTest {
    @TempDir
    Path dir;
    LitestreamVfs vfs;
    Replica replica;
    String url;

    @BeforeEach
    void setUp() throws Exception {
        vfs = LitestreamVfs.register("ltxkit-assertions-" + System.nanoTime(), Map.of());
        Path replicaDir = Files.createDirectories(dir.resolve("replica"));
        url = "file://" + replicaDir;
        replica = Replica.open(ReplicaUrl.parse(url), ReplicaOptions.defaults());
        Path seed = dir.resolve("seed.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + seed); Statement s = c.createStatement()) {
            s.execute("create table t(a integer primary key, b text)");
            s.execute("create index t_b on t(b)");
            s.execute("insert into t values (1, 'one')");
        }
        Seeder.seedDatabase(seed, replica.client());
    }

    @AfterEach
    void tearDown() {
        vfs.close();
        replica.close();
    }

    private DatabaseConfig.Builder writable() {
        return DatabaseConfig.builder().replicaUrl(url).pollInterval(Duration.ofHours(1)).writeEnabled(true)
                .syncInterval(Duration.ZERO).bufferPath(dir.resolve("buffer-" + System.nanoTime()));
    }

    private static void insert(ReplicaDatabase db, int a) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("insert into t values (" + a + ", 'row " + a + "')");
        }
    }

    @Test
    void awaitSyncedReturnsOnceThePeriodicUploadHasRun() throws Exception {
        ReplicaDatabase db = vfs.open("periodic.db", writable().syncInterval(Duration.ofMillis(50)).build());
        insert(db, 2);
        SyncStatus status = db.awaitSynced();
        assertThat(status.caughtUp()).isTrue();
        assertThat(status.lastSyncedTxid()).isEqualTo(2);
        assertThat(db.awaitSynced(2).lastSyncedTxid()).isEqualTo(2);
        assertThat(db).isSyncedThrough(2).hasNothingUnsynced().remoteEqualsLocal();
    }

    @Test
    void awaitSyncedFailsAtOnceWhenNothingUploadsOnItsOwn() throws Exception {
        ReplicaDatabase db = vfs.open("manual.db", writable().build());
        insert(db, 2);
        long started = System.nanoTime();
        assertThatThrownBy(db::awaitSynced).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sync_interval=0").hasMessageContaining("syncNow()");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aTimedOutWaitSaysWhichStateWasReachedInstead() throws Exception {
        ReplicaDatabase db = vfs.open("paused.db", writable().syncInterval(Duration.ofMillis(20)).build());
        db.pauseSync();
        insert(db, 2);
        assertThatThrownBy(() -> db.awaitSynced(0, Duration.ofMillis(200)))
                .isInstanceOf(ConditionTimeoutException.class)
                .hasMessageContaining("'paused.db' failed to upload everything committed within PT0.2S")
                .hasMessageContaining("the replica is at TXID 1")
                .hasMessageContaining("sync is paused");
        db.resumeSync();
        assertThat(db.awaitSynced().lastSyncedTxid()).isEqualTo(2);
    }

    @Test
    void awaitSyncedFailsAtOnceOnAConflictAndNamesIt() throws Exception {
        ReplicaDatabase first = vfs.open("first.db", writable().build());
        ReplicaDatabase second = vfs.open("second.db", writable().syncInterval(Duration.ofMillis(20)).build());
        second.pauseSync();
        insert(first, 2);
        first.syncNow();
        insert(second, 3);
        second.resumeSync();
        assertThatThrownBy(second::awaitSynced).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("uploads of 'second.db' stopped")
                .hasMessageContaining("already has TXID 0000000000000002");
    }

    @Test
    void awaitHydratedReturnsTheCompleteProgressAndTimesOutWhilePaused() throws Exception {
        DatabaseConfig config = DatabaseConfig.builder().replicaUrl(url).pollInterval(Duration.ofMillis(20))
                .hydrationEnabled(true).hydrationPath(dir.resolve("copy.db")).build();
        ReplicaDatabase db = vfs.open("hydrated.db", config);
        HydrationProgress progress = db.awaitHydrated();
        assertThat(progress.complete()).isTrue();
        assertThat(progress.txid()).isEqualTo(1);

        db.pauseHydration();
        ReplicaDatabase writer = vfs.open("writer.db", writable().build());
        insert(writer, 2);
        writer.syncNow();
        org.awaitility.Awaitility.await().until(() -> db.txid() == 2);
        assertThatThrownBy(() -> db.awaitHydrated(Duration.ofMillis(200)))
                .isInstanceOf(ConditionTimeoutException.class)
                .hasMessageContaining("the database is at TXID 2").hasMessageContaining("hydration is paused");
        db.resumeHydration();
        assertThat(db.awaitHydrated().txid()).isEqualTo(2);
    }

    @Test
    void remoteEqualsLocalFailsWhileCommitsAreUnsyncedAndNamesTheTables() throws Exception {
        ReplicaDatabase db = vfs.open("unsynced.db", writable().build());
        insert(db, 2);
        assertThatThrownBy(() -> assertThat(db).remoteEqualsLocal()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("the bucket holds TXID 1").hasMessageContaining("t: bucket 1 rows, local 2 rows");
        assertThatThrownBy(() -> assertThat(db).hasNothingUnsynced()).hasMessageContaining("not uploaded");
        assertThatThrownBy(() -> assertThat(db).isSyncedThrough(2)).hasMessageContaining("last upload was TXID 1");
        db.syncNow();
        assertThat(db).remoteEqualsLocal().isSyncedThrough(2);
    }

    @Test
    void aStateNeverRecordedIsReportedAsWrittenOutsideTheHistory() throws Exception {
        ReplicaDatabase db = vfs.open("outside.db", writable().build());
        CommitHistory history = CommitHistory.startingAt(db);
        insert(db, 2);
        history.record(db);
        assertThat(db).hasLostNoSyncedData(history).holdsLatestStateOf(history);
        insert(db, 3);
        assertThatThrownBy(() -> assertThat(db).hasLostNoSyncedData(history))
                .hasMessageContaining("holds none of them").hasMessageContaining("written outside the history");
        assertThatThrownBy(() -> assertThat(db).holdsLatestStateOf(history))
                .hasMessageContaining("a state never recorded");
    }

    @Test
    void aBucketThatLostSyncedFilesIsReportedAsLosingSyncedCommits() throws Exception {
        ReplicaDatabase db = vfs.open("lost.db", writable().build());
        CommitHistory history = CommitHistory.startingAt(db);
        insert(db, 2);
        history.record(db);
        db.syncNow();
        history.markSynced(db);
        assertThat(db).remoteIsPrefixOf(history);

        List<LtxFileInfo> files = replica.client().list(0, 2);
        replica.client().delete(files.stream().map(LtxFileInfo::key).toList());
        assertThatThrownBy(() -> assertThat(db).remoteIsPrefixOf(history))
                .hasMessageContaining("holds state #0").hasMessageContaining("synced commits were lost");
    }

    @Test
    void markSyncedRefusesWhileCommitsAreStillPending() throws Exception {
        ReplicaDatabase db = vfs.open("pending.db", writable().build());
        CommitHistory history = CommitHistory.startingAt(db);
        insert(db, 2);
        history.record(db);
        assertThatThrownBy(() -> history.markSynced(db)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not uploaded");
    }

    @Test
    void theIntegrityCheckAssertionReportsWhatSqliteFound() throws Exception {
        ReplicaDatabase db = vfs.open("healthy.db", writable().build());
        assertThat(db).passesIntegrityCheck();

        // Point index t_b at another column: its entries no longer match the table's rows.
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("insert into t values (2, 'two')");
            s.execute("pragma writable_schema = on");
            s.execute("update sqlite_schema set sql = 'CREATE INDEX t_b ON t(a)' where name = 't_b'");
        }
        db.syncNow();
        ReplicaDatabase reopened = db.bucketView();
        try (reopened) {
            assertThatThrownBy(() -> assertThat(reopened).passesIntegrityCheck())
                    .hasMessageContaining("to pass the integrity check").hasMessageContaining("t_b");
        }
    }
}
