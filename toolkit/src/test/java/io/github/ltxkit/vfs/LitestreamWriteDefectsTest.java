package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.ltx.DatabaseFiles;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.replica.RestorePlanner;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One regression test per write-path defect of Litestream's VFS (litestream-vfs-behaviour.md §3). */
@DisplayName("Litestream write-path defects that ltxkit does not have")
class LitestreamWriteDefectsTest extends VfsTestCase {
    private DatabaseConfig.Builder writable(VfsFixture.TestReplica replica, String buffer) {
        return config(replica).writeEnabled(true).syncInterval(Duration.ZERO).bufferPath(dir.resolve(buffer));
    }

    @Test
    @DisplayName("§3.6 two writers racing for one TXID: the conditional PUT lets exactly one win")
    void twoIndependentWritersNeverBothTakeATxid() throws Exception {
        var replica = fx.replica("race");
        fx.primary(replica).commit("create table t(who)");
        try (LitestreamVfs other = LitestreamVfs.register("ltxkit-test-other-" + System.nanoTime(), Map.of())) {
            ReplicaDatabase a = fx.open("race.db", writable(replica, "a-buffer").build());
            ReplicaDatabase b = other.open("race.db", writable(replica, "b-buffer").build());
            try (Connection ca = a.connect(); Connection cb = b.connect()) {
                ca.createStatement().execute("insert into t values ('a')");
                cb.createStatement().execute("insert into t values ('b')");
            }
            // Both pass the listing check before either stores its file; only the conditional PUT can decide.
            a.faults().on(ReplicaOperation.WRITE).times(1).inject(Fault.latency(Duration.ofMillis(300)));
            b.faults().on(ReplicaOperation.WRITE).times(1).inject(Fault.latency(Duration.ofMillis(300)));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Long>> results = new ArrayList<>();
            for (Callable<Long> sync : List.<Callable<Long>>of(a::syncNow, b::syncNow)) {
                results.add(pool.submit(sync));
            }
            int won = 0;
            int lost = 0;
            for (Future<Long> f : results) {
                try {
                    assertThat(f.get()).isEqualTo(2);
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).hasMessageContaining("replica conflict");
                    lost++;
                }
            }
            pool.shutdown();
            assertThat(won).isEqualTo(1);
            assertThat(lost).isEqualTo(1);
            String winner = restore(replica);
            assertThat(winner).isIn("a", "b");
            ReplicaDatabase loser = winner.equals("a") ? b : a;
            assertThat(loser.syncStatus().orElseThrow().conflict()).contains("0000000000000002");
            b.close();
        }
    }

    @Test
    @DisplayName("§3.7 a failed final upload keeps the buffer, which the next open replays and uploads")
    void aCloseDuringAnOutageKeepsTheUnsyncedWritesForTheNextOpen() throws Exception {
        var replica = fx.replica("outage");
        fx.primary(replica).commit("create table t(x)");
        DatabaseConfig cfg = writable(replica, "outage-buffer").closeTimeout(Duration.ofSeconds(2)).build();
        ReplicaDatabase db = fx.open("outage.db", cfg);
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values ('kept')");
        }
        db.faults().partition();
        assertThatThrownBy(db::syncNow).hasMessageContaining("partition");
        assertThat(db.syncStatus().orElseThrow().lastError()).contains("partition");
        java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(Syncer.class.getName());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                warnings.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            db.close();
        } finally {
            log.removeHandler(capture);
        }
        assertThat(warnings).as("closing says where the unsynced writes are").anySatisfy(w -> assertThat(w)
                .startsWith("WARNING").contains("'outage.db' closed with unsynced writes")
                .contains(dir.resolve("outage-buffer").toString()));
        assertThat(Files.size(dir.resolve("outage-buffer"))).isGreaterThan(WriteBuffer.HEADER_SIZE);
        ReplicaDatabase again = fx.open("outage.db", cfg);
        assertThat(again.syncNow()).isEqualTo(2);
        assertThat(restore(replica)).isEqualTo("kept");
    }

    @Test
    @DisplayName("§3.11 a shrink is uploaded with its smaller commit, and a fresh reader sees the smaller database")
    void aVacuumShrinksTheReplica() throws Exception {
        var replica = fx.replica("vacuum");
        fx.primary(replica).commit("create table t(x)",
                "insert into t select randomblob(3000) from " + VfsFixture.series(1, 200));
        ReplicaDatabase db = fx.open("vacuum.db", writable(replica, "vacuum-buffer").build());
        long before = db.pageCount();
        try (Connection c = db.connect()) {
            c.createStatement().execute("delete from t where rowid > 10");
            c.createStatement().execute("vacuum");
        }
        db.syncNow();
        assertThat(db.pageCount()).isLessThan(before / 4);
        try (Connection c = fx.open("vacuum-reader.db", config(replica).build()).connect()) {
            assertThat(queryString(c, "select count(*) from t")).isEqualTo("10");
            assertThat(queryString(c, "pragma page_count")).isEqualTo(Long.toString(db.pageCount()));
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "auto_vacuum = {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"full", "incremental"})
    @DisplayName("§3.11 auto_vacuum shrinks the replica at commit, and every synced state opens whole")
    void autoVacuumShrinksTheReplicaAtCommit(String mode) throws Exception {
        var replica = fx.replica("auto-vacuum-" + mode);
        ReplicaDatabase db = fx.open("auto-vacuum-" + mode + ".db",
                writable(replica, "auto-vacuum-" + mode + "-buffer").build());
        try (Connection c = db.connect()) {
            c.createStatement().execute("pragma auto_vacuum = " + mode);
            c.createStatement().execute("create table t(id integer primary key, v)");
            c.createStatement().execute("insert into t select value, randomblob(3000) from "
                    + VfsFixture.series(1, 300));
        }
        db.syncNow();
        long before = db.pageCount();
        try (Connection c = db.connect()) {
            c.createStatement().execute("delete from t where id > 20");
            if (mode.equals("incremental")) {
                assertThat(queryString(c, "pragma freelist_count")).isNotEqualTo("0");
                c.createStatement().executeUpdate("pragma incremental_vacuum"); // execute() would free one page
            }
        }
        db.syncNow();
        assertThat(db.pageCount()).as("the commit shrank the database").isLessThan(before / 4);
        try (Connection c = fx.open("auto-vacuum-" + mode + "-reader.db", config(replica).build()).connect()) {
            assertThat(queryString(c, "select count(*) from t")).isEqualTo("20");
            assertThat(queryString(c, "pragma page_count")).isEqualTo(Long.toString(db.pageCount()));
            assertThat(queryString(c, "pragma freelist_count")).isEqualTo("0");
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
        assertThat(restore(replica)).isNotEmpty();
    }

    @Test
    @DisplayName("§3.1 the buffer is a journal: a torn last transaction is cut off and the rest replayed")
    void aTornTailIsDiscardedAndEveryCompleteTransactionReplayed() throws Exception {
        var replica = fx.replica("torn");
        fx.primary(replica).commit("create table t(x)");
        Path buffer = dir.resolve("torn-buffer");
        DatabaseConfig cfg = writable(replica, "torn-buffer").build();
        ReplicaDatabase db = fx.open("torn.db", cfg);
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values (1)");
            c.createStatement().execute("insert into t values (2)");
        }
        db.crash();
        Files.write(buffer, new byte[] {1, 0, 0, 0x10, 0, 42, 42}, java.nio.file.StandardOpenOption.APPEND);
        try (Connection c = fx.open("torn.db", cfg).connect()) {
            assertThat(queryString(c, "select group_concat(x) from t")).isEqualTo("1,2");
        }
    }

    private String restore(VfsFixture.TestReplica replica) throws Exception {
        var plan = RestorePlanner.plan(replica.client(), RestorePlanner.Target.latest());
        List<InputStream> streams = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (LtxFileInfo f : plan.files()) {
            streams.add(replica.client().open(f.key()));
            names.add(f.key().toString());
        }
        Path out = dir.resolve("restored-" + System.nanoTime() + ".db");
        DatabaseFiles.restore(streams, names, out);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out)) {
            return queryString(c, "select group_concat(" + (queryString(c, "select name from pragma_table_info('t')"))
                    + ") from t");
        }
    }
}
