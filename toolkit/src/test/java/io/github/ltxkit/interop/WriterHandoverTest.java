package io.github.ltxkit.interop;

import static io.github.ltxkit.interop.InteropReplicas.LITESTREAM_TIMEOUT;
import static io.github.ltxkit.interop.InteropReplicas.credentials;
import static io.github.ltxkit.interop.InteropReplicas.litestreamReader;
import static io.github.ltxkit.interop.InteropReplicas.litestreamWriter;
import static io.github.ltxkit.interop.InteropReplicas.ltxkit;
import static io.github.ltxkit.interop.InteropReplicas.ltxkitWriter;
import static io.github.ltxkit.interop.InteropReplicas.newReplicaUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5: one replica on the embedded S3 server written in turns by ltxkit and by the real Litestream VFS (0.5.17):
 * each writer continues the other's history with the next TXID, and both read everything. Litestream writes one
 * batch per {@code sqlite3} process, uploading when the process closes the database. Skipped, with the reason,
 * where the Litestream VFS cannot run.
 */
class WriterHandoverTest {
    private static LitestreamVfs litestream;
    private static List<List<List<String>>> states;

    private io.github.ltxkit.vfs.LitestreamVfs vfs;

    @BeforeAll
    static void detectLitestream() throws Exception {
        Availability availability = LitestreamVfs.detect();
        Assumptions.assumeTrue(availability.isAvailable(), availability.reason());
        litestream = availability.vfs();
        states = SampleData.referenceStates(6);
    }

    @BeforeEach
    void registerLtxkit() {
        vfs = io.github.ltxkit.vfs.LitestreamVfs.register("ltxkit-handover-" + System.nanoTime(), Map.of());
    }

    @AfterEach
    void closeLtxkit() {
        vfs.close();
    }

    /** Returns the rows after batches 1 to {@code n}. */
    private static List<List<String>> after(int n) {
        return states.get(n - 1);
    }

    @Test
    void litestreamContinuesAnLtxkitReplicaAndLtxkitWritesOnTopOfThatWithoutAConflict() throws Exception {
        String url = newReplicaUrl("handover/app.db");
        try (ReplicaDatabase db = vfs.open("first.db", ltxkitWriter(url).build(), credentials());
             Connection c = db.connect()) {
            SampleData.execute(c, SampleData.batch(1));
            assertThat(db.syncNow()).isEqualTo(1);
            SampleData.execute(c, SampleData.batch(2));
        }
        // Closing uploaded batch 2 as TXID 2.
        assertThat(InteropReplicas.keys(url, 0)).containsExactly(LtxFileKey.of(0, 1, 1), LtxFileKey.of(0, 2, 2));

        litestream.run(litestreamWriter(url), SampleData.script(3), LITESTREAM_TIMEOUT).requireSuccess();
        litestream.run(litestreamWriter(url), SampleData.script(4), LITESTREAM_TIMEOUT).requireSuccess();
        assertThat(InteropReplicas.keys(url, 0)).containsExactlyElementsOf(level0(1, 4));

        try (ReplicaDatabase reader = vfs.open("reader.db", ltxkit(url).build(), credentials());
             ReplicaDatabase writer = vfs.open("writer.db", ltxkitWriter(url).build(), credentials());
             Connection r = reader.connect(); Connection w = writer.connect()) {
            assertThat(reader.txid()).isEqualTo(4);
            assertThat(writer.txid()).isEqualTo(4);
            assertThat(Rows.read(r)).isEqualTo(after(4));
            assertThat(Rows.read(w)).isEqualTo(after(4));

            SampleData.execute(w, SampleData.batch(5));
            assertThat(writer.syncNow()).isEqualTo(5);
            assertThat(writer.syncStatus().orElseThrow().conflict()).isNull();
            reader.pollNow();
            assertThat(reader.txid()).isEqualTo(5);
            assertThat(Rows.read(r)).isEqualTo(after(5));
            assertThat(writer.checksum()).isEqualTo(reader.checksum()).isEqualTo(
                    InteropReplicas.postApplyChecksum(url));
        }

        Rows.LitestreamRead read = Rows.readWithLitestream(litestream, litestreamReader(url), LITESTREAM_TIMEOUT);
        assertThat(read.integrity()).isEqualTo("ok");
        assertThat(read.rows()).isEqualTo(after(5));
    }

    @Test
    void ltxkitContinuesALitestreamReplicaWithTheNextTxidsAndLitestreamReadsTheResult() throws Exception {
        String url = newReplicaUrl("continued/app.db");
        for (int n = 1; n <= 3; n++) {
            litestream.run(litestreamWriter(url), SampleData.script(n), LITESTREAM_TIMEOUT).requireSuccess();
        }

        try (ReplicaDatabase db = vfs.open("continuing.db", ltxkitWriter(url).build(), credentials());
             Connection c = db.connect()) {
            assertThat(Rows.read(c)).isEqualTo(after(3));
            SampleData.execute(c, SampleData.batch(4));
            assertThat(db.syncNow()).isEqualTo(4);
            SampleData.execute(c, SampleData.batch(5));
            assertThat(db.syncNow()).isEqualTo(5);
            assertThat(db.checksum()).isEqualTo(InteropReplicas.postApplyChecksum(url));
        }

        assertThat(InteropReplicas.keys(url, 0)).as("level 0 continues Litestream's TXIDs")
                .containsExactlyElementsOf(level0(1, 5));
        Rows.LitestreamRead read = Rows.readWithLitestream(litestream, litestreamReader(url), LITESTREAM_TIMEOUT);
        assertThat(read.integrity()).isEqualTo("ok");
        assertThat(read.rows()).isEqualTo(after(5));

        // And Litestream takes over again from ltxkit's TXID 5.
        litestream.run(litestreamWriter(url), SampleData.script(6), LITESTREAM_TIMEOUT).requireSuccess();
        assertThat(InteropReplicas.keys(url, 0)).containsExactlyElementsOf(level0(1, 6));
        try (ReplicaDatabase db = vfs.open("after-litestream.db", ltxkit(url).build(), credentials());
             Connection c = db.connect()) {
            assertThat(Rows.read(c)).isEqualTo(after(6));
        }
    }

    private static List<LtxFileKey> level0(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(txid -> LtxFileKey.of(0, txid, txid)).toList();
    }
}
