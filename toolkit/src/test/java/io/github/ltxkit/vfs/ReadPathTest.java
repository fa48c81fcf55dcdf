package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.count;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaOperation;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadPathTest extends VfsTestCase {
    @Test
    void aQueryIsServedFromTheReplicaWithoutDownloadingIt() throws Exception {
        var replica = fx.replica("orders");
        var primary = fx.primary(replica);
        primary.commit("create table t(id integer primary key, v text)",
                "insert into t(v) select hex(randomblob(200)) from " + VfsFixture.series(1, 2000));
        ReplicaDatabase db = fx.open("orders.db", config(replica).build());
        try (Connection c = db.connect()) {
            assertThat(queryString(c, "select count(*) from t where id = 1000")).isEqualTo("1");
        }
        long fileSize = Files.size(replica.dir().resolve("ltx/0/0000000000000001-0000000000000001.ltx"));
        assertThat(db.metrics().get(ReplicaOperation.READ).bytes()).isLessThan(fileSize / 4);
        assertThat(db.txid()).isEqualTo(1);
    }

    @Test
    void aPlainJdbcUrlWithLitestreamParametersOpensTheReplica() throws Exception {
        var replica = fx.replica("plain");
        fx.primary(replica).commit("create table t(x)", "insert into t values (42)");
        String url = "jdbc:sqlite:file:plain.db?vfs=" + fx.vfs.name() + "&replica_url=" + replica.url()
                + "&poll_interval=250ms";
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(queryString(c, "select x from t")).isEqualTo("42");
            assertThat(queryString(c, "pragma journal_mode")).isEqualTo("delete");
            assertThat(queryString(c, "pragma litestream_txid")).isEqualTo("0000000000000001");
        }
    }

    @Test
    void anUnknownParameterFailsTheOpenNamingIt() throws Exception {
        var replica = fx.replica("bad");
        fx.primary(replica).commit("create table t(x)");
        String url = "jdbc:sqlite:file:bad.db?vfs=" + fx.vfs.name() + "&replica_url=" + replica.url()
                + "&pol_interval=1s";
        assertThatThrownBy(() -> DriverManager.getConnection(url).createStatement().execute("select 1 from t"))
                .isInstanceOf(SQLException.class);
        assertThat(io.github.ltxkit.sqlite.SqliteEngine.get().lastError())
                .contains("unknown parameter 'pol_interval'").contains("poll_interval");
    }

    @Test
    void aMalformedValueFailsTheOpenNamingTheParameter() throws Exception {
        var replica = fx.replica("bad2");
        fx.primary(replica).commit("create table t(x)");
        String url = "jdbc:sqlite:file:bad2.db?vfs=" + fx.vfs.name() + "&replica_url=" + replica.url()
                + "&poll_interval=soon";
        assertThatThrownBy(() -> DriverManager.getConnection(url).createStatement().execute("select 1 from t"))
                .isInstanceOf(SQLException.class);
        assertThat(io.github.ltxkit.sqlite.SqliteEngine.get().lastError())
                .contains("invalid value for poll_interval: 'soon'");
    }

    @Test
    void aReadOnlyOpenOfAnEmptyReplicaWaitsForTheSnapshotThenFailsClearly() throws Exception {
        var replica = fx.replica("empty");
        long start = System.nanoTime();
        assertThatThrownBy(() -> fx.open("empty.db", config(replica).snapshotTimeout(Duration.ofMillis(400)).build()))
                .hasMessageContaining("has no LTX files yet").hasMessageContaining("snapshot_timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aReadOnlyOpenWaitsUntilTheFirstSnapshotArrives() throws Exception {
        var replica = fx.replica("late");
        var primary = fx.primary(replica);
        Thread writer = new Thread(() -> {
            sleep(300);
            primary.commit("create table t(x)", "insert into t values ('late')");
        });
        writer.start();
        ReplicaDatabase db = fx.open("late.db", config(replica).snapshotTimeout(Duration.ofSeconds(10)).build());
        writer.join();
        try (Connection c = db.connect()) {
            assertThat(queryString(c, "select x from t")).isEqualTo("late");
        }
    }

    @Test
    void aGapInTheHistoryFailsTheOpenWithAClearMessage() throws Exception {
        var replica = fx.replica("gap");
        var primary = fx.primary(replica);
        primary.commit("create table t(x)");
        primary.commit("insert into t values (1)");
        primary.commit("insert into t values (2)");
        Files.delete(replica.dir().resolve("ltx/0/0000000000000002-0000000000000002.ltx"));
        assertThatThrownBy(() -> fx.open("gap.db", config(replica).build()))
                .hasMessageContaining("non-contiguous");
    }

    @Test
    void aReadTransactionKeepsItsSnapshotWhileNewDataArrives() throws Exception {
        var replica = fx.replica("iso");
        var primary = fx.primary(replica);
        primary.commit("create table t(x)", "insert into t select value from " + VfsFixture.series(1, 100));
        ReplicaDatabase db = fx.open("iso.db", config(replica).build());
        try (Connection reader = db.connect(); Connection other = db.connect()) {
            reader.setAutoCommit(false);
            assertThat(count(reader, "t")).isEqualTo(100);
            primary.commit("insert into t select value from " + VfsFixture.series(101, 150));
            assertThat(db.pollNow()).isTrue();
            assertThat(count(reader, "t")).as("same transaction").isEqualTo(100);
            assertThat(count(other, "t")).as("a new transaction on another connection").isEqualTo(150);
            reader.commit();
            assertThat(count(reader, "t")).as("the reader's next transaction").isEqualTo(150);
        }
    }

    @Test
    void aShrinkArrivingWhileAReaderHoldsItsLockLeavesTheReaderItsWholeSnapshot() throws Exception {
        var replica = fx.replica("shrink-locked");
        var primary = fx.primary(replica);
        primary.commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(2000) from " + VfsFixture.series(1, 600));
        long before = Long.parseLong(queryString(primary.connection(), "pragma page_count"));
        ReplicaDatabase db = fx.open("shrink-locked.db", config(replica).cacheSize(128 * 1024).build());
        try (Connection reader = db.connect(); Connection other = db.connect()) {
            reader.setAutoCommit(false);
            assertThat(queryString(reader, "select count(*) from t where id < 5")).isEqualTo("4");

            primary.commit("delete from t where id > 50");
            primary.sql("vacuum");
            primary.publish();
            long after = Long.parseLong(queryString(primary.connection(), "pragma page_count"));
            assertThat(after).as("the database shrank").isLessThan(before / 4);
            assertThat(db.pollNow()).isTrue();

            // Same transaction: pages far above the new size are still readable, through a small cache.
            assertThat(queryString(reader, "select count(*) || ':' || sum(length(v)) from t")).isEqualTo("600:1200000");
            assertThat(queryString(reader, "pragma integrity_check")).isEqualTo("ok");
            assertThat(queryString(other, "select count(*) from t")).as("a new transaction").isEqualTo("50");
            reader.commit();
            assertThat(queryString(reader, "select count(*) from t")).isEqualTo("50");
            assertThat(queryString(reader, "pragma page_count")).isEqualTo(Long.toString(after));
            assertThat(queryString(reader, "pragma integrity_check")).isEqualTo("ok");
        }
    }

    @Test
    void pausedPollingLeavesTheDatabaseWhereItIsUntilResumedOrPolledByHand() throws Exception {
        var replica = fx.replica("paused-polling");
        var primary = fx.primary(replica);
        primary.commit("create table t(x)");
        ReplicaDatabase db = fx.open("paused-polling.db", config(replica).pollInterval(Duration.ofMillis(20)).build());
        db.pausePolling();
        primary.commit("insert into t values (1)");
        sleep(300);
        assertThat(db.txid()).as("fifteen intervals later, still paused").isEqualTo(1);
        assertThat(db.pollNow()).as("a poll by hand still works").isTrue();
        assertThat(db.txid()).isEqualTo(2);
        primary.commit("insert into t values (2)");
        sleep(150);
        assertThat(db.txid()).isEqualTo(2);
        db.resumePolling();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> db.txid() == 3);
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(2);
        }
    }

    @Test
    void newFilesFoundByPollingMoveLitestreamTimeAndTxidForward() throws Exception {
        var replica = fx.replica("time");
        var primary = fx.primary(replica);
        primary.commit("create table t(x)");
        ReplicaDatabase db = fx.open("time.db", config(replica).build());
        String before;
        try (Connection c = db.connect()) {
            before = queryString(c, "pragma litestream_time");
            sleep(20);
            primary.commit("insert into t values (1)");
            db.pollNow();
            assertThat(queryString(c, "pragma litestream_txid")).isEqualTo("0000000000000002");
            assertThat(queryString(c, "pragma litestream_time")).isGreaterThan(before);
            assertThat(Long.parseLong(queryString(c, "pragma litestream_lag"))).isBetween(0L, 5L);
        }
    }

    @Test
    void settingAReadOnlyPragmaFailsWithItsName() throws Exception {
        var replica = fx.replica("ro");
        fx.primary(replica).commit("create table t(x)");
        ReplicaDatabase db = fx.open("ro.db", config(replica).build());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("pragma litestream_txid = '5'"))
                    .hasMessageContaining("litestream_txid is read-only");
            assertThatThrownBy(() -> s.execute("insert into t values (1)")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("readonly");
        }
    }

    @Test
    void aSecondConnectionIsServedFromTheSharedCache() throws Exception {
        var replica = fx.replica("shared");
        fx.primary(replica).commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(300) from " + VfsFixture.series(1, 500));
        ReplicaDatabase db = fx.open("shared.db", config(replica).build());
        try (Connection a = db.connect()) {
            assertThat(count(a, "t")).isEqualTo(500);
        }
        long reads = db.metrics().get(ReplicaOperation.READ).requests();
        try (Connection b = db.connect()) {
            assertThat(count(b, "t")).isEqualTo(500);
        }
        assertThat(db.metrics().get(ReplicaOperation.READ).requests()).isEqualTo(reads);
    }

    @Test
    void theFirstSnapshotCanLiveAtLevelNine() throws Exception {
        var replica = fx.replica("l9");
        var primary = fx.primary(replica).snapshotsAtLevel9();
        primary.commit("create table t(x)", "insert into t values ('nine')");
        primary.commit("insert into t values ('ten')");
        assertThat(Files.exists(replica.dir().resolve("ltx/9/0000000000000001-0000000000000001.ltx"))).isTrue();
        ReplicaDatabase db = fx.open("l9.db", config(replica).build());
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(2);
        }
        assertThat(LtxFileKey.SNAPSHOT_LEVEL).isEqualTo(9);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
