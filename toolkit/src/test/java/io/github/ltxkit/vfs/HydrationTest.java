package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.count;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.ReplicaOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HydrationTest extends VfsTestCase {
    /** A replica and the primary that wrote it. */
    record Seeded(VfsFixture.TestReplica replica, LocalPrimary primary) {
    }

    private Seeded seed(String name, int rows) throws Exception {
        var replica = fx.replica(name);
        var primary = fx.primary(replica);
        primary.commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(800) from " + VfsFixture.series(1, rows));
        return new Seeded(replica, primary);
    }

    private VfsFixture.TestReplica seeded(String name, int rows) throws Exception {
        return seed(name, rows).replica();
    }

    private static void awaitHydrated(ReplicaDatabase db) {
        await().atMost(Duration.ofSeconds(20)).until(() -> db.hydrationProgress().orElseThrow().complete());
    }

    @Test
    void aHydratedDatabaseServesReadsLocallyAndReportsItsProgress() throws Exception {
        var replica = seeded("local", 2000);
        ReplicaDatabase db = fx.open("local.db", config(replica).hydrationEnabled(true).build());
        awaitHydrated(db);
        long readsBefore = db.metrics().get(ReplicaOperation.READ).requests();
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(2000);
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
            assertThat(queryString(c, "pragma litestream_hydration_progress")).isEqualTo("100.0");
            assertThat(queryString(c, "pragma litestream_hydration_file")).endsWith("hydration.db");
        }
        assertThat(db.metrics().get(ReplicaOperation.READ).requests()).isEqualTo(readsBefore);
        assertThat(fx.vfs.registry().running("local.db").hydration.fileReads.get()).isPositive();
    }

    @Test
    void readersSeeConsistentStatesAcrossTheSwitchWhileAWriterCommitsAndTheCopyEqualsAFreshRestore()
            throws Exception {
        var replica = fx.replica("switch");
        fx.primary(replica).commit("create table t(id integer primary key, v integer, pad)",
                "insert into t select value, value, randomblob(1500) from " + VfsFixture.series(1, 3000));
        Path copy = dir.resolve("switch-copy.db");
        ReplicaDatabase db = fx.open("switch.db", config(replica).writeEnabled(true).syncInterval(
                Duration.ofMillis(30)).bufferPath(dir.resolve("switch-buffer")).hydrationEnabled(true)
                .hydrationPath(copy).cacheSize(512 * 1024).build());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong checks = new AtomicLong();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            try (Connection c = db.connect()) {
                while (!stop.get()) {
                    c.setAutoCommit(false);
                    try (ResultSet r = c.createStatement().executeQuery("select count(*), sum(v) from t")) {
                        r.next();
                        long n = r.getLong(1);
                        if (r.getLong(2) != n * (n + 1) / 2) {
                            wrong.add("count " + n + " sum " + r.getLong(2));
                        }
                    }
                    c.commit();
                    checks.incrementAndGet();
                }
            } catch (Exception e) {
                wrong.add(e.toString());
            }
        });
        reader.start();
        try (Connection w = db.connect()) {
            for (int i = 3001; i <= 3200; i++) {
                w.createStatement().execute("insert into t values (" + i + ", " + i + ", randomblob(1500))");
                if (i % 40 == 0) {
                    ReadPathTest.sleep(20);
                }
            }
        }
        awaitHydrated(db);
        ReadPathTest.sleep(200);
        stop.set(true);
        reader.join();
        assertThat(wrong).isEmpty();
        assertThat(checks.get()).isPositive();
        db.syncNow();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.vfs.registry().running("switch.db").hydration
                .progress().txid() == db.txid());
        db.close();
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(fx.restore(replica)));
    }

    @Test
    void aPersistentCopyResumesWithoutDownloadingItAgainAndFollowsNewData() throws Exception {
        Seeded seeded = seed("resume", 3000);
        var replica = seeded.replica();
        Path copy = dir.resolve("resume-copy.db");
        DatabaseConfig cfg = config(replica).hydrationEnabled(true).hydrationPath(copy).build();
        ReplicaDatabase first = fx.open("resume.db", cfg);
        awaitHydrated(first);
        long fullDownload = first.hydrationProgress().orElseThrow().bytesDownloaded();
        first.close();
        assertThat(Files.exists(Path.of(copy + ".meta"))).isTrue();
        assertThat(fullDownload).isGreaterThan(1_000_000);

        ReplicaDatabase unchanged = fx.open("resume.db", cfg);
        awaitHydrated(unchanged);
        assertThat(unchanged.hydrationProgress().orElseThrow().bytesDownloaded()).as("nothing changed").isZero();
        unchanged.close();

        seeded.primary().commit("insert into t select value, randomblob(800) from " + VfsFixture.series(3001, 3020));
        ReplicaDatabase second = fx.open("resume.db", cfg);
        awaitHydrated(second);
        assertThat(second.hydrationProgress().orElseThrow().bytesDownloaded()).isPositive()
                .isLessThan(fullDownload / 20);
        try (Connection c = second.connect()) {
            assertThat(count(c, "t")).isEqualTo(3020);
        }
        second.close();
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(fx.restore(replica)));
    }

    @Test
    void aReplicaReplacedUnderTheSameUrlIsDetectedAndTheCopyRebuilt() throws Exception {
        var replica = seeded("replaced", 500);
        Path copy = dir.resolve("replaced-copy.db");
        DatabaseConfig cfg = config(replica).hydrationEnabled(true).hydrationPath(copy).build();
        ReplicaDatabase first = fx.open("replaced.db", cfg);
        awaitHydrated(first);
        first.close();
        for (int level = 0; level <= 9; level++) {
            replica.client().delete(replica.client().list(level, 0).stream().map(LtxFileInfo::key).toList());
        }
        ReadPathTest.sleep(5);
        fx.primary(replica).commit("create table t(id integer primary key, v)", "insert into t values (1, 'new')");
        ReplicaDatabase second = fx.open("replaced.db", cfg);
        awaitHydrated(second);
        try (Connection c = second.connect()) {
            assertThat(queryString(c, "select group_concat(v) from t")).isEqualTo("new");
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
        second.close();
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(fx.restore(replica)));
    }

    @Test
    void aCrashDuringHydrationNeverLeavesACopyThatIsTrustedWrongly() throws Exception {
        var replica = seeded("crashy", 4000);
        Path copy = dir.resolve("crashy-copy.db");
        DatabaseConfig cfg = config(replica).hydrationEnabled(true).hydrationPath(copy).build();
        ReplicaDatabase first = fx.open("crashy.db", cfg);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.hydrationProgress().orElseThrow().pagesWritten() > 0);
        first.crash();
        ReplicaDatabase second = fx.open("crashy.db", cfg);
        awaitHydrated(second);
        second.close();
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(fx.restore(replica)));
    }

    @Test
    void aCopyThatCannotBeWrittenKeepsReadsOnTheReplicaAndReportsWhy() throws Exception {
        var replica = seeded("nodisk", 200);
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        ReplicaDatabase db = fx.open("nodisk.db", config(replica).hydrationEnabled(true)
                .hydrationPath(notADirectory.resolve("copy.db")).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> db.lastError().isPresent());
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(200);
        }
        assertThat(db.lastError().orElseThrow()).contains("hydration");
    }

    @Test
    void twoDatabasesNeverShareOneCopy() throws Exception {
        var a = seeded("share-a", 100);
        var b = seeded("share-b", 100);
        Path copy = dir.resolve("shared-copy.db");
        ReplicaDatabase first = fx.open("share-a.db", config(a).hydrationEnabled(true).hydrationPath(copy).build());
        awaitHydrated(first);
        ReplicaDatabase second = fx.open("share-b.db", config(b).hydrationEnabled(true).hydrationPath(copy).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> second.lastError().isPresent());
        assertThat(second.lastError().orElseThrow()).contains("in use by another database");
        try (Connection c = second.connect()) {
            assertThat(count(c, "t")).isEqualTo(100);
        }
    }

    @Test
    void anUpdateOfTheCopyWaitsForTheTransactionsReadingIt() throws Exception {
        Seeded seeded = seed("iso", 500);
        var replica = seeded.replica();
        var primary = seeded.primary();
        ReplicaDatabase db = fx.open("iso.db", config(replica).hydrationEnabled(true).build());
        awaitHydrated(db);
        try (Connection reader = db.connect()) {
            reader.setAutoCommit(false);
            String before = queryString(reader, "select hex(v) from t where id = 7");
            primary.commit("update t set v = 'changed' where id = 7");
            db.pollNow();
            ReadPathTest.sleep(300);
            assertThat(queryString(reader, "select hex(v) from t where id = 7")).isEqualTo(before);
            reader.commit();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(queryString(reader, "select v from t where id = 7")).isEqualTo("changed"));
        }
    }

    @Test
    void timeTravelReadsTheReplicaAndLatestReturnsToTheCopy() throws Exception {
        var replica = seeded("tt", 300);
        ReplicaDatabase db = fx.open("tt.db", config(replica).hydrationEnabled(true).build());
        awaitHydrated(db);
        Hydration h = fx.vfs.registry().running("tt.db").hydration;
        try (Connection c = db.connect()) {
            c.createStatement().execute("pragma litestream_time = '" + java.time.Instant.now() + "'");
            count(c, "t");
            c.createStatement().execute("pragma litestream_time = 'LATEST'");
            long copyReads = h.fileReads.get();
            assertThat(count(c, "t")).isEqualTo(300);
            assertThat(h.fileReads.get()).as("back on the copy after LATEST").isGreaterThan(copyReads);
        }
    }
}
