package io.github.ltxkit.interop;

import static io.github.ltxkit.interop.InteropReplicas.LITESTREAM_TIMEOUT;
import static io.github.ltxkit.interop.InteropReplicas.credentials;
import static io.github.ltxkit.interop.InteropReplicas.litestreamReader;
import static io.github.ltxkit.interop.InteropReplicas.ltxkitWriter;
import static io.github.ltxkit.interop.InteropReplicas.newReplicaUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 5: the real Litestream VFS (0.5.17) reads what an ltxkit writer uploads to the embedded S3 server, after
 * every sync: multi-page transactions, deletes, a VACUUM that shrinks the database, a new database with a large page
 * size, and a replica whose level-0 files ltxkit's compaction and retention removed. Skipped, with the reason, where
 * the Litestream VFS cannot run.
 */
class LitestreamReadsLtxkitWriterTest {
    private static final String INTEGRITY_CHECK = "pragma integrity_check(100000)";

    private static LitestreamVfs litestream;

    private io.github.ltxkit.vfs.LitestreamVfs vfs;

    @BeforeAll
    static void detectLitestream() {
        Availability availability = LitestreamVfs.detect();
        Assumptions.assumeTrue(availability.isAvailable(), availability.reason());
        litestream = availability.vfs();
    }

    @BeforeEach
    void registerLtxkit() {
        vfs = io.github.ltxkit.vfs.LitestreamVfs.register("ltxkit-writes-" + System.nanoTime(), Map.of());
    }

    @AfterEach
    void closeLtxkit() {
        vfs.close();
    }

    @Test
    void litestreamReadsEverySyncIncludingDeletesAndAVacuumThatShrinksTheDatabase() throws Exception {
        String url = newReplicaUrl("written/app.db");
        List<List<String>> steps = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            steps.add(SampleData.batch(n));
        }
        int vacuumStep = steps.size();
        steps.add(List.of("vacuum"));
        steps.add(SampleData.batch(7));
        steps.add(SampleData.batch(8));

        LitestreamSession follower = null;
        try (ReplicaDatabase db = vfs.open("written.db", ltxkitWriter(url).build(), credentials());
             Connection c = db.connect()) {
            long largestCommit = 0;
            for (int i = 0; i < steps.size(); i++) {
                int sync = i + 1;
                SampleData.execute(c, steps.get(i));
                assertThat(db.syncNow()).as("TXID of sync %d", sync).isEqualTo(sync);
                long commit = commitOf(url, sync);
                assertThat(commit).isEqualTo(db.pageCount());
                if (i == vacuumStep) {
                    assertThat(commit).as("pages after the VACUUM").isLessThan(commitOf(url, sync - 1));
                }
                largestCommit = Math.max(largestCommit, commit);
                List<List<String>> ltxkitRows = Rows.read(c);

                Rows.LitestreamRead fresh = Rows.readWithLitestream(litestream, litestreamReader(url),
                        LITESTREAM_TIMEOUT);
                if (follower == null) {
                    follower = litestream.openSession(litestreamReader(url));
                }
                awaitRows(follower, ltxkitRows, sync);

                assertThat(fresh.rows()).as("rows of a new Litestream reader after sync %d", sync)
                        .isEqualTo(ltxkitRows);
                assertThat(fresh.integrity()).as("integrity check of a new Litestream reader after sync %d", sync)
                        .isEqualTo(stalePagesReport(commit, largestCommit));
            }
            assertThat(Rows.read(c)).isEqualTo(SampleData.referenceStates(8).getLast());
            assertThat(follower.query(INTEGRITY_CHECK, LITESTREAM_TIMEOUT))
                    .as("integrity check of the Litestream reader that followed every sync").containsExactly(
                            List.of("ok"));
        } finally {
            if (follower != null) {
                follower.close();
            }
        }
    }

    @Test
    void aNewLitestreamReaderShowsTheSameStalePagesAfterLitestreamsOwnVacuum() throws Exception {
        String url = newReplicaUrl("litestream-vacuum/app.db");
        StringBuilder grow = new StringBuilder();
        for (int n = 1; n <= 6; n++) {
            grow.append(SampleData.script(n));
        }
        litestream.run(InteropReplicas.litestreamWriter(url), grow.toString(), LITESTREAM_TIMEOUT).requireSuccess();
        litestream.run(InteropReplicas.litestreamWriter(url), "vacuum;", LITESTREAM_TIMEOUT).requireSuccess();
        long before = commitOf(url, 1);
        long after = commitOf(url, 2);
        assertThat(after).isLessThan(before);

        Rows.LitestreamRead read = Rows.readWithLitestream(litestream, litestreamReader(url), LITESTREAM_TIMEOUT);

        assertThat(read.rows()).isEqualTo(SampleData.referenceStates(6).getLast());
        assertThat(read.integrity()).isEqualTo(stalePagesReport(after, before));
    }

    @ParameterizedTest
    @ValueSource(ints = {8192, 16384})
    void litestreamReadsANewDatabaseLtxkitCreatedWithALargePageSize(int pageSize) throws Exception {
        String url = newReplicaUrl("paged-" + pageSize + "/app.db");
        try (ReplicaDatabase db = vfs.open("paged.db", ltxkitWriter(url).build(), credentials());
             Connection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("pragma page_size = " + pageSize);
            }
            SampleData.execute(c, SampleData.batch(1));
            SampleData.execute(c, SampleData.batch(2));
            assertThat(db.syncNow()).isEqualTo(1);
            assertThat(pageSize(c)).isEqualTo(pageSize);
            List<List<String>> ltxkitRows = Rows.read(c);

            Rows.LitestreamRead read = Rows.readWithLitestream(litestream, litestreamReader(url), LITESTREAM_TIMEOUT);

            assertThat(read.integrity()).isEqualTo("ok");
            assertThat(read.rows()).isEqualTo(ltxkitRows).isEqualTo(SampleData.referenceStates(2).getLast());
            try (var replica = InteropReplicas.replica(url)) {
                assertThat(InteropReplicas.header(replica, LtxFileKey.of(0, 1, 1)).pageSize()).isEqualTo(pageSize);
            }
        }
    }

    @Test
    void litestreamReadsAReplicaWhoseLevelZeroFilesCompactionAndRetentionRemoved() throws Exception {
        String url = newReplicaUrl("compacted/app.db");
        int syncs = 5;
        try (ReplicaDatabase db = vfs.open("compacted.db", ltxkitWriter(url).compactionLevels(List.of(
                Duration.ofMillis(200))).l0Retention(Duration.ofMillis(50)).build(), credentials());
             Connection c = db.connect()) {
            for (int n = 1; n <= syncs; n++) {
                SampleData.execute(c, SampleData.batch(n));
                assertThat(db.syncNow()).isEqualTo(n);
            }
            // Retention keeps the newest level-0 file only; levels 1 then hold TXIDs 1 to 5 in one or more files.
            await().atMost(Duration.ofSeconds(20)).until(() -> InteropReplicas.keys(url, 0).equals(
                    List.of(LtxFileKey.of(0, syncs, syncs))) && coveredByLevel1(url) == syncs);

            Rows.LitestreamRead compacted = Rows.readWithLitestream(litestream, litestreamReader(url),
                    LITESTREAM_TIMEOUT);

            assertThat(compacted.integrity()).isEqualTo("ok");
            assertThat(compacted.rows()).isEqualTo(Rows.read(c)).isEqualTo(SampleData.referenceStates(syncs).getLast());

            // One more level-0 file on top of the compacted history.
            SampleData.execute(c, SampleData.batch(syncs + 1));
            assertThat(db.syncNow()).isEqualTo(syncs + 1);
            Rows.LitestreamRead extended = Rows.readWithLitestream(litestream, litestreamReader(url),
                    LITESTREAM_TIMEOUT);
            assertThat(extended.integrity()).isEqualTo("ok");
            assertThat(extended.rows()).isEqualTo(Rows.read(c))
                    .isEqualTo(SampleData.referenceStates(syncs + 1).getLast());
        }
    }

    /** Returns the TXID that level 1 covers from TXID 1 without a gap (0 if it does not start at 1). */
    private static long coveredByLevel1(String url) throws Exception {
        long covered = 0;
        for (LtxFileKey key : InteropReplicas.keys(url, 1)) {
            if (key.range().min() != covered + 1) {
                return covered;
            }
            covered = key.range().max();
        }
        return covered;
    }

    /**
     * Returns what {@code pragma integrity_check} reports through a Litestream 0.5.17 reader opened on a replica whose
     * database shrank to {@code commit} pages after having {@code largestCommit}: at open, Litestream keeps the pages
     * above the final commit in its index (litestream-vfs-behaviour.md §2.7), so SQLite sees them as a larger file
     * whose last pages nothing uses. "ok" when the database did not shrink.
     */
    private static String stalePagesReport(long commit, long largestCommit) {
        if (commit >= largestCommit) {
            return "ok";
        }
        StringBuilder report = new StringBuilder("*** in database main ***");
        for (long pgno = commit + 1; pgno <= largestCommit; pgno++) {
            report.append('\n').append("Page ").append(pgno).append(" is never used");
        }
        return report.toString();
    }

    /** Waits until a Litestream session, which polls the replica every second, returns {@code expected}. */
    private static void awaitRows(LitestreamSession session, List<List<String>> expected, int sync) {
        String sql = "begin;\n" + String.join(";\n", SampleData.QUERIES) + ";\ncommit";
        AtomicReference<List<List<String>>> last = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                last.set(session.query(sql, LITESTREAM_TIMEOUT));
                return last.get().equals(expected);
            });
        } catch (ConditionTimeoutException e) {
            assertThat(last.get()).as("rows of the Litestream reader that follows, after sync %d", sync)
                    .isEqualTo(expected);
        }
    }

    private static long commitOf(String url, long txid) throws Exception {
        try (var replica = InteropReplicas.replica(url)) {
            return InteropReplicas.header(replica, LtxFileKey.of(0, txid, txid)).commit();
        }
    }

    private static int pageSize(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("pragma page_size")) {
            rs.next();
            return rs.getInt(1);
        }
    }

}
