package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.replica.ReplicaOperation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scan copies the file it reads whole; point lookups never start a copy; faults never give a wrong page. */
class ScanCopyTest {
    @TempDir
    Path dir;
    VfsFixture fx;
    VfsFixture.TestReplica replica;

    @BeforeEach
    void setUp() throws Exception {
        fx = new VfsFixture(dir);
        replica = fx.replica("copy");
        fx.primary(replica).commit("create table t(id integer primary key, v)", "create index t_v on t(v)",
                "insert into t select value, randomblob(900) from " + VfsFixture.series(1, 10000));
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static long largeReads(ReplicaDatabase db, long mark) {
        return db.faults().journal().since(mark)
                .filter(r -> r.operation() == ReplicaOperation.READ && r.length() >= LocalLtxCopies.MIN_FILE_BYTES)
                .size();
    }

    private static long reads(ReplicaDatabase db, long mark) {
        return db.faults().journal().since(mark).filter(r -> r.operation() == ReplicaOperation.READ).size();
    }

    @Test
    void aScanCopiesTheFileSoLaterMissesMakeNoRequestsEvenWithACacheTooSmallForIt() throws Exception {
        ReplicaDatabase db = fx.open("scan.db", config(replica).cacheSize(1L << 20).build());
        try (Connection c = db.connect()) {
            long mark = db.faults().journal().mark();
            assertThat(queryString(c, "select count(*) || '|' || sum(length(v)) from t")).isEqualTo("10000|9000000");
            assertThat(largeReads(db, mark)).as("ranges of the copy").isPositive();

            long again = db.faults().journal().mark();
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
            assertThat(queryString(c, "select count(*) || '|' || sum(length(v)) from t")).isEqualTo("10000|9000000");
            assertThat(reads(db, again)).as("reads after the copy, with a 1 MiB page cache").isZero();
        }
    }

    @Test
    void fourConnectionsScanningAtOnceShareOneCopyAndEachRangeIsFetchedOnce() throws Exception {
        ReplicaDatabase db = fx.open("shared.db", config(replica).cacheSize(1L << 20).build());
        long mark = db.faults().journal().mark();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String sql = i % 2 == 0 ? "select count(*) || '|' || sum(length(v)) from t"
                        : "select count(*) || '|' || sum(length(v)) from t order by v desc";
                results.add(threads.submit(() -> {
                    try (Connection c = db.connect()) {
                        return queryString(c, sql) + " " + queryString(c, "pragma integrity_check");
                    }
                }));
            }
            for (var result : results) {
                assertThat(result.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("10000|9000000 ok");
            }
        } finally {
            threads.shutdownNow();
        }
        var large = db.faults().journal().since(mark)
                .filter(r -> r.operation() == ReplicaOperation.READ && r.length() >= LocalLtxCopies.MIN_FILE_BYTES)
                .list();
        assertThat(large).isNotEmpty();
        assertThat(large.stream().map(r -> r.keys().getFirst() + "@" + r.offset()).distinct().count())
                .as("each range of the copy asked for once").isEqualTo(large.size());
    }

    @Test
    void coldPointLookupsStartNoCopy() throws Exception {
        ReplicaDatabase db = fx.open("lookups.db", config(replica).build());
        long mark = db.faults().journal().mark();
        try (Connection c = db.connect()) {
            java.util.Random random = new java.util.Random(3);
            for (int i = 0; i < 200; i++) {
                assertThat(queryString(c, "select length(v) from t where id = " + (1 + random.nextInt(10000))))
                        .isEqualTo("900");
            }
        }
        assertThat(largeReads(db, mark)).isZero();
    }

    @Test
    void aCopyMadeUnderStorageFaultsNeverServesAWrongPage() throws Exception {
        ReplicaDatabase db = fx.open("chaos.db", config(replica).cacheSize(1L << 20).build());
        try (Connection c = db.connect()) {
            db.faults().on(ReplicaOperation.READ).probability(0.4).seed(11).inject(Fault.truncatedBody(0.5));
            db.faults().on(ReplicaOperation.READ).probability(0.1).seed(12).inject(Fault.serverError());
            String result = null;
            for (int attempt = 0; attempt < 50 && result == null; attempt++) {
                try {
                    result = queryString(c, "select count(*) || '|' || sum(length(v)) from t");
                } catch (SQLException retryable) {
                    // an injected failure reached SQL; try again
                }
            }
            assertThat(result).isEqualTo("10000|9000000");
            db.faults().clearRules();
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
        assertThat(db.faults().injected()).isNotEmpty();
    }
}
