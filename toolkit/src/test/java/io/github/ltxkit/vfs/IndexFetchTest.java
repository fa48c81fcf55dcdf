package io.github.ltxkit.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.fault.StorageFaults;
import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaOperation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading a large file's header and page index costs one round trip, not two or three. */
class IndexFetchTest extends VfsTestCase {
    @Test
    void theHeaderAndTheTailOfALargeFileAreReadAtOnce() throws Exception {
        var replica = fx.replica("large");
        fx.primary(replica).commit("create table t(v)",
                "insert into t select randomblob(800) from " + VfsFixture.series(1, 500));
        LtxFileInfo snapshot = replica.client().listAllLevels().getFirst();
        assertThat(snapshot.size()).as("larger than one tail read").isGreaterThan(Ltx.ESTIMATED_PAGE_INDEX_SIZE);
        StorageFaults faults = new StorageFaults(1);
        faults.on(ReplicaOperation.READ).inject(Fault.latency(Duration.ofMillis(300)));
        ReplicaClient slow = faults.wrap(replica.client());

        IndexBuilder.FileIndex index = IndexBuilder.fetchOne(slow, snapshot, IndexBuilder.HEAD_READ);

        assertThat(index.header().commit()).isPositive();
        assertThat(index.index().size()).isPositive();
        var reads = faults.journal().requests().list().stream()
                .filter(r -> r.operation() == ReplicaOperation.READ).toList();
        assertThat(reads).hasSizeGreaterThanOrEqualTo(2);
        assertThat(Journals.peakConcurrency(reads)).as("the header and the tail in flight together").isEqualTo(2);
    }

    @Test
    void theFirstTailReadGrowsWithTheFileSoALargeSnapshotsIndexComesInOneRead() {
        assertThat(IndexBuilder.tailRead(4096)).as("a small file").isEqualTo(Ltx.ESTIMATED_PAGE_INDEX_SIZE);
        assertThat(IndexBuilder.tailRead(4L << 20)).as("4 MiB").isEqualTo(Ltx.ESTIMATED_PAGE_INDEX_SIZE);
        // The 100 MiB sample database of the benchmarks: a 66 MiB snapshot with a 208 KiB index.
        assertThat(IndexBuilder.tailRead(69_388_421)).as("66 MiB").isEqualTo(69_388_421 / 128)
                .isGreaterThan(213_399 + Ltx.PAGE_HEADER_SIZE + Ltx.INDEX_SIZE_FIELD + Ltx.TRAILER_SIZE);
        assertThat(IndexBuilder.tailRead(10L << 30)).as("10 GiB").isEqualTo(2 << 20);
    }

    @Test
    void theFirstPagesComeWithTheHeaderSoAColdFirstQueryNeedsNoRequestForThem() throws Exception {
        var replica = fx.replica("first");
        fx.primary(replica).commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(800) from " + VfsFixture.series(1, 500));
        ReplicaDatabase db = fx.open("first.db", VfsFixture.config(replica).build());
        long before = db.metrics().get(ReplicaOperation.READ).requests();

        try (var c = db.connect()) {
            assertThat(VfsFixture.queryString(c, "select count(*) from sqlite_master")).isEqualTo("1");
        }

        assertThat(db.metrics().get(ReplicaOperation.READ).requests() - before)
                .as("page 1 (the schema) was read with the file's header").isZero();
        ReplicaDatabase without = fx.open("first-again.db", VfsFixture.config(replica).build());
        try (var c = without.connect()) {
            assertThat(VfsFixture.queryString(c, "select length(v) from t where id = 321")).isEqualTo("800");
            assertThat(VfsFixture.queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
    }
}
