package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.HydrationFixtures.mostAtOnce;
import static io.github.ltxkit.vfs.HydrationFixtures.openEmptyAndPaused;
import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.fault.RecordedRequest;
import io.github.ltxkit.ltx.PageIndex;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.ReplicaOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A large LTX file is hydrated as contiguous ranges fetched and decoded in parallel: the copy equals a restore, at
 * most four ranges are in flight, and a range whose bytes are not what the file was written with fails the attempt
 * with an error naming the file, reads stay on the replica, and the next attempt after the repair succeeds.
 */
class HydrationParallelRangesTest extends VfsTestCase {
    /** Rows of 1,800 random bytes: about 12 MB of incompressible pages, above the split threshold. */
    private static final int ROWS = 6000;

    @Test
    void aLargeSnapshotIsCopiedThroughParallelRangesCoveringItIntoACopyEqualToARestore() throws Exception {
        var replica = fx.replica("large");
        Path copy = dir.resolve("large-copy.db");
        ReplicaDatabase db = openEmptyAndPaused(fx, "large.db", config(replica).hydrationPath(copy));
        LtxFileInfo snapshot = publishLargeSnapshot(replica);
        assertThat(snapshot.size()).as("the snapshot is large enough to be split")
                .isGreaterThan(HydrationCopier.SPLIT_ABOVE);
        db.pollNow();
        db.faults().on(ReplicaOperation.READ).always().inject(Fault.latency(Duration.ofMillis(100)));
        db.resumeHydration();
        db.awaitHydrated(Duration.ofSeconds(30));

        List<RecordedRequest> reads = db.faults().journal().requests()
                .filter(r -> r.operation() == ReplicaOperation.READ && r.succeeded()).list();
        assertThat(reads).as("no streaming read of the whole file").noneMatch(RecordedRequest::isWholeObjectRead);
        List<RecordedRequest> ranges = reads.stream().filter(r -> r.length() > 1 << 20)
                .sorted(Comparator.comparingLong(RecordedRequest::offset)).toList();
        assertThat(ranges).hasSizeBetween(2, 8);
        assertThat(ranges.getFirst().offset()).isZero();
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).offset()).as("range %s starts where the one before ends", i)
                    .isEqualTo(ranges.get(i - 1).offset() + ranges.get(i - 1).length());
        }
        assertThat(ranges.getLast().offset() + ranges.getLast().length()).isEqualTo(snapshot.size());
        assertThat(mostAtOnce(ranges)).as("ranges in flight at once").isBetween(2, HydrationCopier.PARALLEL_REQUESTS);
        assertThat(db.hydrationProgress().orElseThrow().bytesDownloaded()).isEqualTo(snapshot.size());
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(ROWS);
        }
        db.close();
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(fx.restore(replica)));
    }

    @Test
    void aChangedByteInOneRangeFailsTheAttemptNamingTheFileAndTheRepairedFileHydrates() throws Exception {
        var replica = fx.replica("corrupt");
        Path copy = dir.resolve("corrupt-copy.db");
        LtxFileInfo snapshot = publishLargeSnapshot(replica);
        Path object = objectPath(replica);
        byte[] original = Files.readAllBytes(object);
        PageIndex index = index(original);
        int middle = index.size() / 2;
        // The last byte of an LZ4 block is always a literal: the frame still decodes, to a page with one byte
        // changed, so only the file checksum joined from the ranges can notice.
        int at = (int) (index.offset(middle) + index.frameSize(middle) - 1);
        byte[] corrupt = original.clone();
        corrupt[at] ^= 0x5A;
        Files.write(object, corrupt);

        ReplicaDatabase db = fx.open("corrupt.db", config(replica).hydrationEnabled(true).hydrationPath(copy).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> db.lastError().isPresent());
        assertThat(db.lastError().orElseThrow()).contains(snapshot.key().toString())
                .contains("file checksum mismatch");
        assertThat(db.hydrationProgress().orElseThrow().complete()).isFalse();
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(ROWS);
        }
        assertThat(fx.vfs.registry().running("corrupt.db").hydration.fileReads.get()).as("reads from the copy")
                .isZero();

        Files.write(object, original);
        db.awaitHydrated(Duration.ofSeconds(30));
        db.close();
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(fx.restore(replica)));
    }

    @Test
    void aFrameHoldingAnotherPageThanTheIndexSaysFailsTheAttemptNamingTheFileAndThePage() throws Exception {
        var replica = fx.replica("swapped");
        LtxFileInfo snapshot = publishLargeSnapshot(replica);
        Path object = objectPath(replica);
        byte[] bytes = Files.readAllBytes(object);
        PageIndex index = index(bytes);
        int middle = index.size() / 2;
        long want = index.pgno(middle);
        long other = index.pgno(middle + 1);
        int at = (int) index.offset(middle);
        bytes[at] = (byte) (other >>> 24);
        bytes[at + 1] = (byte) (other >>> 16);
        bytes[at + 2] = (byte) (other >>> 8);
        bytes[at + 3] = (byte) other;
        Files.write(object, bytes);

        ReplicaDatabase db = fx.open("swapped.db", config(replica).hydrationEnabled(true).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> db.lastError().isPresent());
        assertThat(db.lastError().orElseThrow()).contains(snapshot.key().toString())
                .contains("frame holds page " + other).contains("want page " + want);
        assertThat(db.hydrationProgress().orElseThrow().complete()).isFalse();
        assertThat(fx.vfs.registry().running("swapped.db").hydration.fileReads.get()).isZero();
    }

    /** Publishes one snapshot of {@value #ROWS} rows of random bytes and returns it. */
    private LtxFileInfo publishLargeSnapshot(VfsFixture.TestReplica replica) throws Exception {
        fx.primary(replica).commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(1800) from " + VfsFixture.series(1, ROWS));
        List<LtxFileInfo> files = HydrationFixtures.allFiles(replica);
        assertThat(files).hasSize(1);
        return files.getFirst();
    }

    private static Path objectPath(VfsFixture.TestReplica replica) throws IOException {
        try (Stream<Path> all = Files.walk(replica.dir())) {
            List<Path> ltx = all.filter(p -> p.toString().endsWith(".ltx")).toList();
            assertThat(ltx).hasSize(1);
            return ltx.getFirst();
        }
    }

    private static PageIndex index(byte[] file) throws IOException {
        return PageIndex.read((off, len) -> Arrays.copyOfRange(file, (int) off, (int) (off + len)), file.length,
                "snapshot");
    }
}
