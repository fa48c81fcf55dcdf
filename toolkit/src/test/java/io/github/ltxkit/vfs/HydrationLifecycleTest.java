package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.HydrationFixtures.allFiles;
import static io.github.ltxkit.vfs.HydrationFixtures.mostAtOnce;
import static io.github.ltxkit.vfs.HydrationFixtures.openEmptyAndPaused;
import static io.github.ltxkit.vfs.HydrationFixtures.publishFiles;
import static io.github.ltxkit.vfs.HydrationFixtures.wholeFilesRead;
import static io.github.ltxkit.vfs.HydrationFixtures.wholeObjectReads;
import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.count;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.fault.RecordedRequest;
import io.github.ltxkit.hydrate.HydrationProgress;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A hydration's life: it starts after open without delaying it, reads with bounded parallelism, resumes after a
 * close halfway without downloading again, and a temporary copy leaves nothing behind.
 */
class HydrationLifecycleTest extends VfsTestCase {
    /** The documented bound on hydration's parallel reads: four files at a time (docs/architecture.md). */
    private static final int PARALLEL_FILES = 4;

    @Test
    void aHydrationClosedHalfwayResumesOnTheNextOpenDownloadingOnlyWhatItLacked() throws Exception {
        var replica = fx.replica("halfway");
        Path copy = dir.resolve("halfway-copy.db");
        DatabaseConfig.Builder cfg = config(replica).hydrationPath(copy);
        ReplicaDatabase first = openEmptyAndPaused(fx, "halfway.db", cfg);
        publishFiles(fx.primary(replica), 20, 60);
        first.pollNow();
        first.faults().on(ReplicaOperation.READ).always().inject(Fault.latency(Duration.ofMillis(300)));
        first.resumeHydration();
        await().atMost(Duration.ofSeconds(20)).until(() -> wholeFilesRead(first).size() >= PARALLEL_FILES);
        first.close();
        List<LtxFileKey> readBefore = wholeFilesRead(first);
        List<LtxFileInfo> files = allFiles(replica);
        assertThat(readBefore).as("closed halfway").hasSizeBetween(PARALLEL_FILES, files.size() - PARALLEL_FILES)
                .doesNotHaveDuplicates();

        ReplicaDatabase second = fx.open("halfway.db", cfg.build());
        HydrationProgress done = second.awaitHydrated();
        List<LtxFileKey> readAfter = wholeFilesRead(second);
        assertThat(readAfter).as("what the first open had is not downloaded again").doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(readBefore);
        Set<LtxFileKey> both = new HashSet<>(readBefore);
        both.addAll(readAfter);
        assertThat(both).as("together, every file exactly once")
                .containsExactlyInAnyOrderElementsOf(files.stream().map(LtxFileInfo::key).toList());
        long missing = files.stream().filter(f -> !readBefore.contains(f.key())).mapToLong(LtxFileInfo::size).sum();
        assertThat(done.bytesDownloaded()).as("bytes the second hydration downloaded").isEqualTo(missing);
        try (Connection c = second.connect()) {
            assertThat(count(c, "t")).isEqualTo(20 * 60);
        }
        second.close();
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(fx.restore(replica)));
    }

    @Test
    void aTemporaryCopyIsDeletedOnCloseOnceCompleteAndWhenClosedHalfway() throws Exception {
        var complete = fx.replica("temp-complete");
        publishFiles(fx.primary(complete), 4, 60);
        ReplicaDatabase db = fx.open("temp-complete.db", config(complete).hydrationEnabled(true).build());
        db.awaitHydrated();
        Path copy = copyPath(db);
        assertThat(copy).exists().hasSize(db.pageCount() * 4096);
        db.close();
        assertThat(copy).doesNotExist();
        assertThat(Path.of(copy + ".meta")).doesNotExist();

        var halfway = fx.replica("temp-halfway");
        ReplicaDatabase partial = openEmptyAndPaused(fx, "temp-halfway.db", config(halfway));
        publishFiles(fx.primary(halfway), 12, 60);
        partial.pollNow();
        partial.faults().on(ReplicaOperation.READ).always().inject(Fault.latency(Duration.ofMillis(300)));
        partial.resumeHydration();
        await().atMost(Duration.ofSeconds(10)).until(() -> partial.hydrationProgress().orElseThrow()
                .pagesWritten() > 0);
        Path partialCopy = copyPath(partial);
        assertThat(partialCopy).exists();
        partial.close();
        assertThat(partial.hydrationProgress().orElseThrow().complete()).as("closed before complete").isFalse();
        assertThat(partialCopy).doesNotExist();
        assertThat(Path.of(partialCopy + ".meta")).doesNotExist();
    }

    @Test
    void aLostMachineTakesTheTemporaryCopyWithIt() throws Exception {
        var replica = fx.replica("temp-crash");
        publishFiles(fx.primary(replica), 4, 60);
        ReplicaDatabase db = fx.open("temp-crash.db", config(replica).hydrationEnabled(true).build());
        db.awaitHydrated();
        Path copy = copyPath(db);
        assertThat(copy).exists();
        db.crash(true);
        assertThat(copy).doesNotExist();
        assertThat(Path.of(copy + ".meta")).doesNotExist();
        ReplicaDatabase again = db.reopen();
        try (Connection c = again.connect()) {
            assertThat(count(c, "t")).isEqualTo(4 * 60);
        }
        again.close();
    }

    @Test
    void openReturnsBeforeHydrationCompletesAndHydrationReadsAtMostFourFilesAtOnce() throws Exception {
        var replica = fx.replica("bounded");
        publishFiles(fx.primary(replica), 24, 60);
        ReplicaDatabase db = fx.open("bounded.db", config(replica).hydrationEnabled(true).build());
        HydrationProgress atOpen = db.hydrationProgress().orElseThrow();
        db.faults().on(ReplicaOperation.READ).always().inject(Fault.latency(Duration.ofMillis(150)));
        assertThat(atOpen.complete()).as("complete when open returned").isFalse();
        assertThat(atOpen.pagesWritten()).isLessThan(db.pageCount());
        try (Connection c = db.connect()) {
            assertThat(queryString(c, "select length(v) from t where id = 1000")).isEqualTo("1800");
        }
        db.awaitHydrated();
        List<RecordedRequest> reads = wholeObjectReads(db);
        assertThat(reads).hasSize(24);
        assertThat(reads).filteredOn(r -> !r.faults().isEmpty()).as("reads behind the latency").hasSizeGreaterThan(12);
        assertThat(mostAtOnce(reads)).as("most whole-file reads in flight at once").isBetween(2, PARALLEL_FILES);
    }

    @Test
    void aHydrationWaitingForTheFirstSnapshotSleepsUntilItArrives() throws Exception {
        var replica = fx.replica("first-snapshot");
        ReplicaDatabase db = fx.open("first-snapshot.db", config(replica).snapshotTimeout(Duration.ZERO)
                .hydrationEnabled(true).build());
        long cpuBefore = fetchThreadsCpuNanos();
        ReadPathTest.sleep(500);
        assertThat(Duration.ofNanos(fetchThreadsCpuNanos() - cpuBefore)).as("CPU the VFS's fetch threads used")
                .isLessThan(Duration.ofMillis(25));
        publishFiles(fx.primary(replica), 3, 60);
        db.pollNow();
        db.awaitHydrated(Duration.ofSeconds(10));
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(3 * 60);
        }
    }

    @Test
    void aPausedHydrationDoesNotStartWhenTheFirstSnapshotArrivesButOnResume() throws Exception {
        var replica = fx.replica("paused");
        ReplicaDatabase db = openEmptyAndPaused(fx, "paused.db", config(replica));
        publishFiles(fx.primary(replica), 3, 60);
        db.pollNow();
        ReadPathTest.sleep(300);
        assertThat(wholeObjectReads(db)).isEmpty();
        assertThat(db.hydrationProgress().orElseThrow().pagesTotal()).isZero();
        db.resumeHydration();
        db.awaitHydrated(Duration.ofSeconds(10));
        assertThat(wholeFilesRead(db)).hasSize(3);
    }

    @Test
    void awaitHydratedWaitsUntilTheCopyHoldsTheWritersOwnCommits() throws Exception {
        var replica = fx.replica("own-commits");
        publishFiles(fx.primary(replica), 2, 60);
        ReplicaDatabase db = fx.open("own-commits.db", config(replica).writeEnabled(true).syncInterval(Duration.ZERO)
                .bufferPath(dir.resolve("own-commits-buffer")).hydrationEnabled(true).build());
        db.awaitHydrated();
        db.pauseHydration();
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values (1000, 'local')");
        }
        assertThatThrownBy(() -> db.awaitHydrated(Duration.ofMillis(500))).as("the copy lacks the local commit")
                .isInstanceOf(ConditionTimeoutException.class).hasMessageContaining("with local commits")
                .hasMessageContaining("paused");
        db.resumeHydration();
        db.awaitHydrated(Duration.ofSeconds(10));
        Hydration h = fx.vfs.registry().running("own-commits.db").hydration;
        long copyReads = h.fileReads.get();
        try (Connection c = db.connect()) {
            assertThat(queryString(c, "select v from t where id = 1000")).isEqualTo("local");
        }
        assertThat(h.fileReads.get()).as("read from the copy").isGreaterThan(copyReads);
    }

    private long fetchThreadsCpuNanos() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ltxkit-" + fx.vfs.name() + "-fetch-"))
                .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.threadId()))).sum();
    }

    private Path copyPath(ReplicaDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            return Path.of(queryString(c, "pragma litestream_hydration_file"));
        }
    }
}
