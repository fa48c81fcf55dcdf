package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.count;
import static io.github.ltxkit.vfs.VfsFixture.queryLong;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.replica.ReplicaOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadPathRobustnessTest extends VfsTestCase {
    private ReplicaDatabase seeded(String name, int rows) throws Exception {
        var replica = fx.replica(name);
        fx.primary(replica).commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(700) from " + VfsFixture.series(1, rows));
        return fx.open(name + ".db", config(replica).build());
    }

    @Test
    void anInjectedStorageFailureFailsOneQueryAndTheNextSucceeds() throws Exception {
        ReplicaDatabase db = seeded("inject", 300);
        try (Connection c = db.connect()) {
            db.faults().on(ReplicaOperation.READ).times(1).inject(Fault.accessDenied());
            assertThatThrownBy(() -> count(c, "t")).isInstanceOf(SQLException.class);
            assertThat(db.lastError()).hasValueSatisfying(m -> assertThat(m).contains("injected"));
            assertThat(count(c, "t")).isEqualTo(300);
        }
        assertThat(db.faults().injected()).hasSize(1);
    }

    @Test
    void transientFailuresAreRetriedWithoutTheQueryNoticing() throws Exception {
        ReplicaDatabase db = seeded("transient", 300);
        db.faults().on(ReplicaOperation.READ).times(2).inject(Fault.slowDown());
        db.faults().on(ReplicaOperation.READ).times(2).inject(Fault.truncatedBody(0.3));
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(300);
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
        assertThat(db.faults().injected()).hasSize(4);
    }

    @Test
    void thePollerRecoversFromAFailedListing() throws Exception {
        var replica = fx.replica("list");
        var primary = fx.primary(replica);
        primary.commit("create table t(x)");
        ReplicaDatabase db = fx.open("list.db", config(replica).pollInterval(Duration.ofMillis(50)).build());
        db.faults().on(ReplicaOperation.LIST).times(3).inject(Fault.accessDenied());
        primary.commit("insert into t values (1)");
        await().atMost(Duration.ofSeconds(5)).until(() -> db.txid() == 2);
        assertThat(db.faults().injected()).hasSize(3);
    }

    @Test
    void aCorruptPageIndexFailsTheOpenAndAHealthyReplicaOpensAfterwards() throws Exception {
        var replica = fx.replica("corrupt");
        fx.primary(replica).commit("create table t(x)", "insert into t values (1)");
        Path file = replica.dir().resolve("ltx/0/0000000000000001-0000000000000001.ltx");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 0x55;
        Path good = dir.resolve("good.ltx");
        Files.copy(file, good);
        Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        assertThatThrownBy(() -> fx.open("corrupt.db", config(replica).build()))
                .hasMessageContaining("0000000000000001-0000000000000001.ltx").hasMessageContaining("page index");
        Files.copy(good, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (Connection c = fx.open("corrupt.db", config(replica).build()).connect()) {
            assertThat(count(c, "t")).isEqualTo(1);
        }
    }

    @Test
    void rapidUpdatesBecomeVisibleOnTheNextPolls() throws Exception {
        var replica = fx.replica("rapid");
        var primary = fx.primary(replica);
        primary.commit("create table t(k primary key, v)", "insert into t values (1, 0)");
        ReplicaDatabase db = fx.open("rapid.db", config(replica).pollInterval(Duration.ofMillis(5)).build());
        for (int i = 1; i <= 200; i++) {
            primary.commit("update t set v = " + i);
        }
        try (Connection c = db.connect()) {
            await().atMost(Duration.ofSeconds(3)).until(() -> queryLong(c, "select v from t") == 200);
        }
    }

    @Test
    void everyStreamOpenedOnTheReplicaIsClosedAndReadsNeverExceedTheConnectionPool() throws Exception {
        ReplicaDatabase db = seeded("budget", 2000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            results.add(pool.submit(() -> {
                try (Connection c = db.connect()) {
                    return count(c, "t");
                }
            }));
        }
        for (Future<Long> f : results) {
            assertThat(f.get()).isEqualTo(2000);
        }
        pool.shutdown();
        db.faults().journal().assertNoneInFlight();
        // At most one request per SQL thread, plus the read-ahead pool (4) and the scheduler (2): far below the
        // client's connection pool, so no request ever waits for a connection and no handle is left open.
        int peak = Journals.peakConcurrency(db.faults().journal().requests().list());
        assertThat(peak).isBetween(1, 8 + 4 + 2)
                .isLessThanOrEqualTo(io.github.ltxkit.replica.ReplicaOptions.DEFAULT_MAX_CONNECTIONS);
    }


    @Test
    void readersUnderChaosSeeOnlySqlErrorsNeverWrongRowsAndConvergeAfterwards() throws Exception {
        var replica = fx.replica("chaos");
        var primary = fx.primary(replica);
        primary.commit("create table t(id integer primary key, grp, v)",
                "insert into t select value, value % 10, randomblob(500) from " + VfsFixture.series(1, 2000));
        ReplicaDatabase db = fx.open("chaos.db", config(replica).pollInterval(Duration.ofMillis(20))
                .cacheSize(256 * 1024).build());
        var faults = db.faults();
        faults.onAny().probability(0.05).inject(Fault.serverError());
        faults.on(ReplicaOperation.READ).probability(0.05).inject(Fault.truncatedBody(0.5));
        faults.onAny().probability(0.3).inject(Fault.latency(Duration.ZERO, Duration.ofMillis(4)));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong queries = new AtomicLong();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        ExecutorService readers = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            futures.add(readers.submit(() -> {
                while (!stop.get()) {
                    try (Connection c = db.connect()) {
                        c.setAutoCommit(false);
                        long total = count(c, "t");
                        long perGroup = queryLong(c, "select count(*) from t where grp = 3");
                        if (perGroup * 10 != total) {
                            wrong.add("group 3 has " + perGroup + " of " + total);
                        }
                        queries.incrementAndGet();
                        c.commit();
                    } catch (SQLException expected) {
                        // the only thing chaos may cause
                    }
                }
                return null;
            }));
        }
        for (int i = 0; i < 20; i++) {
            primary.commit("insert into t select max(id) + value, (max(id) + value) % 10, randomblob(500) from t, "
                    + VfsFixture.series(1, 10) + " group by value");
            ReadPathTest.sleep(40);
        }
        stop.set(true);
        for (Future<?> f : futures) {
            f.get();
        }
        readers.shutdown();
        assertThat(wrong).isEmpty();
        assertThat(queries.get()).isPositive();
        assertThat(faults.injected()).isNotEmpty();
        faults.clearRules();
        await().atMost(Duration.ofSeconds(10)).until(() -> db.txid() == primary.txid());
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(2200);
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
    }

    @Test
    void aFileWhoseIndexHoldsTheLockPageIsRefusedNamingIt() throws Exception {
        var replica = fx.replica("lock-page");
        var primary = fx.primary(replica);
        primary.sql("pragma page_size = 512");
        primary.commit("create table t(x)");
        long lockPgno = io.github.ltxkit.ltx.Ltx.lockPgno(512);
        byte[] bad = io.github.ltxkit.ltx.RawLtxFiles.incremental(512, lockPgno + 1, 2, 2, lockPgno);
        replica.client().createIfAbsent(io.github.ltxkit.replica.LtxFileKey.of(0, 2, 2),
                io.github.ltxkit.replica.UploadContent.of(bad), java.time.Instant.now());
        assertThatThrownBy(() -> fx.open("lock-page.db", config(replica).build()))
                .hasMessageContaining("0000000000000002-0000000000000002.ltx")
                .hasMessageContaining("page " + lockPgno + " is the lock page");
    }
}
