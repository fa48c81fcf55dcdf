package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.count;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.ltx.DatabaseFiles;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.ReplicaOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WritePathTest extends VfsTestCase {
    private DatabaseConfig.Builder writable(VfsFixture.TestReplica replica) {
        return config(replica).writeEnabled(true).syncInterval(Duration.ZERO).bufferPath(dir.resolve("buffer-"
                + System.nanoTime()));
    }

    @Test
    void aNewDatabaseIsCreatedWhenTheReplicaIsEmptyWithAnyPageSize() throws Exception {
        var replica = fx.replica("new");
        ReplicaDatabase db = fx.open("new.db", writable(replica).build());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("pragma page_size = 8192");
            s.execute("create table t(x text)");
            s.execute("insert into t(x) values ('first')");
            assertThat(queryString(c, "pragma page_size")).isEqualTo("8192");
        }
        assertThat(db.syncNow()).isEqualTo(1);
        assertThat(Files.exists(replica.dir().resolve("ltx/0/0000000000000001-0000000000000001.ltx"))).isTrue();
        assertThat(restore(replica)).isEqualTo("first");
    }

    @Test
    void aWriterReadsItsOwnWritesBeforeAnyUpload() throws Exception {
        var replica = fx.replica("ryw");
        fx.primary(replica).commit("create table t(x)");
        ReplicaDatabase db = fx.open("ryw.db", writable(replica).build());
        try (Connection c = db.connect(); Connection other = db.connect()) {
            c.createStatement().execute("insert into t values ('mine')");
            assertThat(queryString(c, "select x from t")).isEqualTo("mine");
            assertThat(queryString(other, "select x from t")).as("another connection of the database")
                    .isEqualTo("mine");
        }
        assertThat(replica.client().list(0, 2)).as("nothing uploaded yet").isEmpty();
    }

    @Test
    void committedWritesAreUploadedEverySyncInterval() throws Exception {
        var replica = fx.replica("periodic");
        fx.primary(replica).commit("create table t(x)");
        ReplicaDatabase db = fx.open("periodic.db", writable(replica).syncInterval(Duration.ofMillis(150)).build());
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values (1)");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !replica.client().list(0, 2).isEmpty());
        assertThat(db.syncStatus().orElseThrow().caughtUp()).isTrue();
        assertThat(db.syncStatus().orElseThrow().lastSyncedTxid()).isEqualTo(2);
    }

    @Test
    void nothingIsUploadedWhileATransactionIsOpenAndAllOfItAfterwards() throws Exception {
        var replica = fx.replica("txn");
        fx.primary(replica).commit("create table t(x)");
        ReplicaDatabase db = fx.open("txn.db", writable(replica).build());
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            c.createStatement().execute("insert into t values (1)");
            assertThat(db.syncNow()).as("uncommitted data never uploads").isZero();
            c.createStatement().execute("insert into t values (2)");
            c.commit();
        }
        assertThat(db.syncNow()).isEqualTo(2);
        assertThat(restore(replica)).isEqualTo("1,2");
    }

    @Test
    void aLargeTransactionRoundTripsThroughTheReplica() throws Exception {
        var replica = fx.replica("large");
        fx.primary(replica).commit("create table t(id integer primary key, v)");
        ReplicaDatabase db = fx.open("large.db", writable(replica).build());
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("insert into t(v) values (randomblob(1000))")) {
                for (int i = 0; i < 3000; i++) {
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
        }
        db.syncNow();
        db.close();
        ReplicaDatabase fresh = fx.open("large-reader.db", config(replica).build());
        try (Connection c = fresh.connect()) {
            assertThat(count(c, "t")).isEqualTo(3000);
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
    }

    @Test
    void aRollbackLeavesTheOriginalStateEvenAfterCacheSpills() throws Exception {
        var replica = fx.replica("rollback");
        fx.primary(replica).commit("create table t(x)", "insert into t values ('alice')");
        ReplicaDatabase db = fx.open("rollback.db", writable(replica).build());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("pragma cache_size = 2");
            c.setAutoCommit(false);
            for (int i = 0; i < 500; i++) {
                s.execute("insert into t values (randomblob(1000))");
            }
            c.rollback();
            c.setAutoCommit(true);
            assertThat(count(c, "t")).isEqualTo(1);
            s.execute("insert into t values ('bob')");
        }
        db.syncNow();
        assertThat(restore(replica)).isEqualTo("alice,bob");
    }

    @Test
    void aSecondWriterGetsBusyAndABusyTimeoutWaitsForTheFirst() throws Exception {
        var replica = fx.replica("busy");
        fx.primary(replica).commit("create table t(x)");
        ReplicaDatabase db = fx.open("busy.db", writable(replica).build());
        try (Connection a = db.connect();
             Connection b = DriverManager.getConnection(db.jdbcUrl() + "&busy_timeout=0");
             Connection waiting = DriverManager.getConnection(db.jdbcUrl() + "&busy_timeout=5000")) {
            a.setAutoCommit(false);
            a.createStatement().execute("insert into t values ('a')");
            assertThatThrownBy(() -> b.createStatement().execute("insert into t values ('b')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("locked");
            Thread t = new Thread(() -> {
                ReadPathTest.sleep(200);
                try {
                    a.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            waiting.createStatement().execute("insert into t values ('waited')");
            t.join();
            assertThat(count(waiting, "t")).isEqualTo(2);
        }
    }

    @Test
    void pooledWritersTakingTurnsNeverSeeAFalseConflict() throws Exception {
        var replica = fx.replica("pool");
        fx.primary(replica).commit("create table t(x)");
        ReplicaDatabase db = fx.open("pool.db", writable(replica).syncInterval(Duration.ofMillis(20)).build());
        List<Connection> pool = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pool.add(DriverManager.getConnection(db.jdbcUrl() + "&busy_timeout=5000"));
        }
        for (int i = 0; i < 40; i++) {
            pool.get(i % 4).createStatement().execute("insert into t values (" + i + ")");
            if (i % 10 == 0) {
                ReadPathTest.sleep(30);
            }
        }
        for (Connection c : pool) {
            c.close();
        }
        db.syncNow();
        assertThat(db.syncStatus().orElseThrow().conflict()).isNull();
        assertThat(restore(replica).split(",")).hasSize(40);
    }

    @Test
    void aPollThatSeesTheWritersOwnUploadBeforeItIsRecordedIsNotAConflict() throws Exception {
        var replica = fx.replica("own-upload");
        fx.primary(replica).commit("create table t(x)");
        ReplicaDatabase db = fx.open("own-upload.db", writable(replica).build());
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values (1)");
        }
        db.atCrashPoint(CrashPoint.AFTER_UPLOAD_BEFORE_ACK, () -> {
            try {
                assertThat(db.pollNow()).as("the poll leaves our upload to the writer").isFalse();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        assertThat(db.syncNow()).isEqualTo(2);
        assertThat(db.syncStatus().orElseThrow().conflict()).isNull();
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values (2)");
        }
        assertThat(db.syncNow()).isEqualTo(3);
        assertThat(restore(replica)).isEqualTo("1,2");
    }

    @Test
    void aPollThatSeesAnUploadWhoseResponseWasLostIsNotAConflict() throws Exception {
        var replica = fx.replica("lost-response");
        fx.primary(replica).commit("create table t(x)");
        ReplicaDatabase db = fx.open("lost-response.db", writable(replica).build());
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values (1)");
        }
        db.faults().on(ReplicaOperation.WRITE).always().inject(Fault.ambiguousWrite());
        assertThatThrownBy(db::syncNow).isInstanceOf(IOException.class);
        db.faults().clearRules();

        assertThat(db.pollNow()).as("the poll leaves the unconfirmed upload to the writer").isFalse();

        assertThat(db.syncStatus().orElseThrow().conflict()).isNull();
        assertThat(db.syncNow()).isIn(0L, 2L);
        assertThat(db.syncStatus().orElseThrow().lastSyncedTxid()).isEqualTo(2);
        assertThat(restore(replica)).isEqualTo("1");
    }

    @Test
    void afterASyncTheWriterReadsItsUploadedPagesFromTheReplicaEvenWhenEvicted() throws Exception {
        var replica = fx.replica("evict");
        fx.primary(replica).commit("create table t(id integer primary key, v)");
        ReplicaDatabase db = fx.open("evict.db", writable(replica).cacheSize(64 * 1024).build());
        try (Connection c = db.connect()) {
            for (int round = 0; round < 5; round++) {
                c.createStatement().execute("insert into t(v) select randomblob(500) from " + VfsFixture.series(1, 200));
                db.syncNow();
            }
            assertThat(count(c, "t")).isEqualTo(1000);
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
    }

    @Test
    void anotherWriterTakingTheNextTxidIsAConflictThatKeepsTheUnsyncedData() throws Exception {
        var replica = fx.replica("conflict");
        var primary = fx.primary(replica);
        primary.commit("create table t(x)");
        Path buffer = dir.resolve("conflict-buffer");
        ReplicaDatabase db = fx.open("conflict.db", writable(replica).bufferPath(buffer).build());
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values ('ours')");
            primary.commit("insert into t values ('theirs')");
            assertThatThrownBy(db::syncNow).hasMessageContaining("replica conflict")
                    .hasMessageContaining("0000000000000002");
            assertThatThrownBy(() -> c.createStatement().execute("insert into t values ('more')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("readonly")
                    .hasMessageContaining("replica conflict").hasMessageContaining("0000000000000002")
                    .hasMessageContaining(buffer.toString());
            assertThat(db.syncStatus().orElseThrow().conflict()).contains("0000000000000002");
            assertThat(queryString(c, "select group_concat(x) from t")).isEqualTo("ours");
        }
        assertThat(Files.size(buffer)).isGreaterThan(WriteBuffer.HEADER_SIZE);
        assertThat(restore(replica)).isEqualTo("theirs");
    }

    @Test
    void aPollThatFindsTheWritersOwnUploadBeforeItIsAcknowledgedIsNoConflict() throws Exception {
        var replica = fx.replica("own-upload");
        ReplicaDatabase db = fx.open("own-upload.db", writable(replica).build());
        List<Boolean> pollResults = new ArrayList<>();
        try (Connection c = db.connect()) {
            c.createStatement().execute("create table t(x)");
            c.createStatement().execute("insert into t values (1)");
            // The follower polls between the stored upload and its acknowledgement, as a poll racing it would.
            db.atCrashPoint(CrashPoint.AFTER_UPLOAD_BEFORE_ACK, () -> {
                try {
                    pollResults.add(db.pollNow());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            assertThat(db.syncNow()).isEqualTo(1);

            assertThat(pollResults).containsExactly(false);
            assertThat(db.syncStatus().orElseThrow().conflict()).isNull();
            c.createStatement().execute("insert into t values (2)");
            assertThat(db.syncNow()).isEqualTo(2);
            assertThat(db.pollNow()).isFalse();
            assertThat(queryString(c, "select group_concat(x) from t")).isEqualTo("1,2");
        }
        assertThat(restore(replica)).isEqualTo("1,2");
    }

    @Test
    void aCrashWithTheBufferKeptReplaysEveryCommittedTransaction() throws Exception {
        var replica = fx.replica("crash-a");
        fx.primary(replica).commit("create table t(x)");
        Path buffer = dir.resolve("crash-a-buffer");
        DatabaseConfig cfg = writable(replica).bufferPath(buffer).build();
        ReplicaDatabase db = fx.open("crash-a.db", cfg);
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values (1)");
            c.createStatement().execute("insert into t values (2)");
        }
        db.crash();
        ReplicaDatabase again = fx.open("crash-a.db", cfg);
        try (Connection c = again.connect()) {
            assertThat(queryString(c, "select group_concat(x) from t")).isEqualTo("1,2");
        }
        assertThat(again.syncNow()).isEqualTo(2);
        assertThat(restore(replica)).isEqualTo("1,2");
    }

    @Test
    void aCrashThatLosesTheBufferReopensAtTheLastSyncedState() throws Exception {
        var replica = fx.replica("crash-b");
        fx.primary(replica).commit("create table t(x)", "insert into t values ('synced')");
        DatabaseConfig cfg = writable(replica).bufferPath(dir.resolve("crash-b-buffer")).build();
        ReplicaDatabase db = fx.open("crash-b.db", cfg);
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values ('lost')");
        }
        db.crash(true);
        ReplicaDatabase again = fx.open("crash-b.db", cfg);
        try (Connection c = again.connect()) {
            assertThat(queryString(c, "select group_concat(x) from t")).isEqualTo("synced");
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
    }

    @Test
    void discardModeDropsTheBufferAsLitestreamDoes() throws Exception {
        var replica = fx.replica("discard");
        fx.primary(replica).commit("create table t(x)");
        DatabaseConfig cfg = writable(replica).bufferPath(dir.resolve("discard-buffer"))
                .bufferRecovery(DatabaseConfig.BufferRecovery.DISCARD).build();
        ReplicaDatabase db = fx.open("discard.db", cfg);
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values ('gone')");
        }
        db.crash();
        try (Connection c = fx.open("discard.db", cfg).connect()) {
            assertThat(count(c, "t")).isZero();
        }
    }

    /** Restores the replica with the codec alone and returns {@code group_concat(x)} of table t. */
    private String restore(VfsFixture.TestReplica replica) throws Exception {
        var plan = io.github.ltxkit.replica.RestorePlanner.plan(replica.client(),
                io.github.ltxkit.replica.RestorePlanner.Target.latest());
        List<InputStream> streams = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (LtxFileInfo f : plan.files()) {
            streams.add(replica.client().open(f.key()));
            names.add(f.key().toString());
        }
        Path out = dir.resolve("restored-" + System.nanoTime() + ".db");
        DatabaseFiles.restore(streams, names, out);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out)) {
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
            return queryString(c, "select group_concat(x) from t");
        }
    }
}
