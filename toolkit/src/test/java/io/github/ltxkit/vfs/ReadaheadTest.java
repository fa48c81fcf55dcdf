package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.replica.ReplicaOperation;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sequential reads are fetched many frames per request; point lookups pay nothing for it. */
class ReadaheadTest {
    @TempDir
    Path dir;
    VfsFixture fx;
    VfsFixture.TestReplica replica;
    long pages;

    @BeforeEach
    void setUp() throws Exception {
        fx = new VfsFixture(dir);
        replica = fx.replica("scan");
        var primary = fx.primary(replica);
        primary.commit("create table t(id integer primary key, v)", "create index t_v on t(v)",
                "insert into t select value, randomblob(900) from " + VfsFixture.series(1, 10000));
        pages = Long.parseLong(queryString(primary.connection(), "pragma page_count"));
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    /** Waits until read-ahead still in flight is done, then returns the request count. */
    private long quiet(ReplicaDatabase db) {
        long[] last = {-1};
        org.awaitility.Awaitility.await().pollInterval(java.time.Duration.ofMillis(100))
                .atMost(java.time.Duration.ofSeconds(10)).until(() -> {
                    long now = reads(db);
                    boolean stable = now == last[0];
                    last[0] = now;
                    return stable;
                });
        return last[0];
    }

    private long reads(ReplicaDatabase db) {
        return db.metrics().get(ReplicaOperation.READ).requests();
    }

    @Test
    void aFullScanMakesAtMostOneRequestPerThirtyTwoPages() throws Exception {
        ReplicaDatabase db = fx.open("scan.db", config(replica).cacheSize(64L << 20).build());
        try (Connection c = db.connect()) {
            long before = reads(db);
            assertThat(queryString(c, "select count(*) || '|' || sum(length(v)) from t")).startsWith("10000|");
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
            long requests = reads(db) - before;
            System.out.printf("full scan and integrity check of %d pages: %d requests%n", pages, requests);
            assertThat(requests).as("%d pages scanned", pages).isLessThanOrEqualTo(pages / 32);
        }
    }

    @Test
    void aColdPointLookupMakesNoMoreRequestsThanWithoutReadahead() throws Exception {
        long with = lookupRequests("with.db", true);
        long without = lookupRequests("without.db", false);
        System.out.printf("cold point lookup: %d requests with read-ahead, %d without%n", with, without);
        assertThat(with).isLessThanOrEqualTo(without);
    }

    private long lookupRequests(String name, boolean readahead) throws Exception {
        ReplicaDatabase db = fx.open(name, config(replica).readahead(readahead).build());
        try (Connection c = db.connect()) {
            long before = reads(db);
            assertThat(queryString(c, "select length(v) from t where id = 6789")).isEqualTo("900");
            ReadPathTest.sleep(100);
            return reads(db) - before;
        }
    }

    @Test
    void aScanDoesNotEvictTheHotSetOfPointLookups() throws Exception {
        ReplicaDatabase db = fx.open("hot.db", config(replica).cacheSize(2L << 20).build());
        PageCache cache = fx.vfs.registry().running("hot.db").cache;
        int[] keys = new java.util.Random(7).ints(50, 1, 10001).toArray();
        try (Connection c = db.connect()) {
            for (int k : keys) {
                queryString(c, "select length(v) from t where id = " + k);
            }
            // A sequential scan of the table (the covering index on v would be read in random page order).
            assertThat(queryString(c, "select count(*) || '|' || sum(length(v)) from t not indexed"))
                    .isEqualTo("10000|9000000");
        }
        long before = quiet(db);
        int hotAfterScan = cache.hotPages();
        try (Connection fresh = db.connect()) {
            for (int k : keys) {
                assertThat(queryString(fresh, "select length(v) from t where id = " + k)).isEqualTo("900");
            }
        }
        assertThat(reads(db) - before).as("requests for the hot set after a scan of %d pages", pages).isZero();
        assertThat(hotAfterScan).as("the scan stayed out of the hot segment, which holds what lookups used")
                .isLessThan((int) (pages / 20));
    }

    @Test
    void truncatedAndFailedReadaheadDegradesToSinglePagesButNeverToAWrongPage() throws Exception {
        ReplicaDatabase db = fx.open("chaos.db", config(replica).cacheSize(64L << 20).build());
        try (Connection c = db.connect()) {
            db.faults().on(ReplicaOperation.READ).probability(0.3).inject(Fault.truncatedBody(0.4));
            db.faults().on(ReplicaOperation.READ).probability(0.1).inject(Fault.accessDenied());
            String result = null;
            for (int attempt = 0; attempt < 50 && result == null; attempt++) {
                try {
                    result = queryString(c, "select count(*) || '|' || sum(length(v)) from t");
                } catch (java.sql.SQLException retryable) {
                    // an injected failure reached SQL; the pages fetched so far stay cached
                }
            }
            assertThat(result).isEqualTo("10000|9000000");
            db.faults().clearRules();
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
        assertThat(db.faults().injected()).isNotEmpty();
    }

    @Test
    void concurrentMissesOfTheSamePagesAreFetchedOnceNotOncePerReader() throws Exception {
        ReplicaDatabase db = fx.open("coalesce.db", config(replica).build());
        int readers = 8;
        java.util.List<Connection> connections = new java.util.ArrayList<>();
        for (int i = 0; i < readers; i++) {
            connections.add(db.connect());
        }
        try {
            // Slow reads keep every request in flight long enough for the other readers to miss the same pages.
            db.faults().on(ReplicaOperation.READ).always().inject(Fault.latency(java.time.Duration.ofMillis(150)));
            long mark = db.faults().journal().mark();
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(readers);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(readers);
            java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (Connection c : connections) {
                results.add(pool.submit(() -> {
                    start.await();
                    return queryString(c, "select length(v) from t where id = 7777");
                }));
            }
            for (var r : results) {
                assertThat(r.get()).isEqualTo("900");
            }
            pool.shutdown();
            var reads = db.faults().journal().since(mark).filter(r -> r.operation() == ReplicaOperation.READ);
            assertThat(reads.list()).as("each byte range is asked for once: %s", reads)
                    .extracting(r -> r.keys().getFirst() + "@" + r.offset()).doesNotHaveDuplicates();
            assertThat(reads.size()).isLessThan(readers);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    @Test
    void aScanOverASnapshotAndManyLevel0FilesPipelinesItsRequestsWithinTheReadaheadBound() throws Exception {
        var layered = fx.replica("layered");
        var primary = fx.primary(layered);
        primary.commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(900) from " + VfsFixture.series(1, 3000));
        for (int i = 0; i < 12; i++) {
            primary.commit("update t set v = randomblob(900) where id between " + (i * 250 + 1) + " and "
                    + (i * 250 + 120));
        }
        ReplicaDatabase db = fx.open("layered.db", config(layered).cacheSize(64L << 20).build());
        try (Connection c = db.connect()) {
            db.faults().on(ReplicaOperation.READ).always().inject(Fault.latency(java.time.Duration.ofMillis(30)));
            long mark = db.faults().journal().mark();
            assertThat(queryString(c, "select count(*) || '|' || sum(length(v)) from t")).isEqualTo("3000|2700000");
            var reads = db.faults().journal().since(mark).filter(r -> r.operation() == ReplicaOperation.READ);
            long files = reads.stream().map(r -> r.keys().getFirst()).distinct().count();
            int peak = Journals.peakConcurrency(reads.list());
            System.out.printf("scan of 13 files: %d reads from %d files, %d at once at most%n", reads.size(), files,
                    peak);
            assertThat(files).as("the scan reads the snapshot and the level-0 files").isGreaterThan(5);
            assertThat(peak).as("requests overlap: read-ahead fetches the next run while SQLite reads this one")
                    .isGreaterThanOrEqualTo(2)
                    .as("one demand read plus the read-ahead pool (4 threads)").isLessThanOrEqualTo(1 + 4);
        }
    }
}
