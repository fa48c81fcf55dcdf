package io.github.ltxkit.ltx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.ltx.Vectors.Vector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The LTX codec against the Go reference vectors")
class LtxVectorsTest {

    static Stream<Vector> vectors() {
        return Vectors.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theCopiedVectorIsByteIdenticalToTheManifest(Vector v) throws Exception {
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(v.bytes());
        assertThat(HexFormat.of().formatHex(sha)).isEqualTo(v.entry().get("sha256"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesToTheManifestHeaderPagesAndChecksums(Vector v) throws IOException {
        byte[] bytes = v.bytes();
        Map<String, Object> h = v.header();
        List<Long> pgnos = new ArrayList<>();
        List<Long> pageChecksums = new ArrayList<>();
        LtxFileSummary summary;
        try (LtxDecoder d = LtxDecoder.open(new ByteArrayInputStream(bytes), v.file())) {
            LtxHeader header = d.header();
            assertThat(header.flags()).isEqualTo(Integer.decode((String) h.get("flags")));
            assertThat(header.pageSize()).isEqualTo(Vectors.num(h.get("pageSize")));
            assertThat(header.commit()).isEqualTo(Vectors.num(h.get("commit")));
            assertThat(header.minTxid()).isEqualTo(Vectors.hex(h.get("minTXID")));
            assertThat(header.maxTxid()).isEqualTo(Vectors.hex(h.get("maxTXID")));
            assertThat(header.timestamp()).isEqualTo(Vectors.num(h.get("timestamp")));
            assertThat(header.preApplyChecksum()).isEqualTo(Vectors.hex(h.get("preApplyChecksum")));
            assertThat(header.walOffset()).isEqualTo(Vectors.num(h.get("walOffset")));
            assertThat(header.walSize()).isEqualTo(Vectors.num(h.get("walSize")));
            assertThat(Integer.toUnsignedLong(header.walSalt1())).isEqualTo(Vectors.num(h.get("walSalt1")));
            assertThat(Integer.toUnsignedLong(header.walSalt2())).isEqualTo(Vectors.num(h.get("walSalt2")));
            assertThat(header.nodeId()).isEqualTo(Vectors.num(h.get("nodeID")));
            assertThat(header.isSnapshot()).isEqualTo(v.go().get("headerIsSnapshot"));
            byte[] page = new byte[header.pageSize()];
            for (long pgno; (pgno = d.readPage(page)) != 0; ) {
                pgnos.add(pgno);
                pageChecksums.add(DatabaseChecksum.pageChecksum(pgno, page));
            }
            summary = d.summary();
        }
        List<Map<String, Object>> frames = v.frames();
        assertThat(pgnos).containsExactlyElementsOf(frames.stream().map(f -> Vectors.num(f.get("pgno"))).toList());
        assertThat(pageChecksums)
                .containsExactlyElementsOf(frames.stream().map(f -> Vectors.hex(f.get("pageChecksum"))).toList());
        assertThat(summary.pageCount()).isEqualTo(Vectors.num(v.go().get("pageCount")));
        assertThat(summary.postApplyChecksum()).isEqualTo(Vectors.hex(v.go().get("postApplyChecksum")));
        assertThat(summary.fileChecksum()).isEqualTo(Vectors.hex(v.go().get("fileChecksum")));
        assertThat(summary.fileSize()).isEqualTo(Vectors.num(v.go().get("fileSize")));
        assertThat(summary.indexOffset()).isEqualTo(Vectors.num(v.go().get("pageIndexOffset")));
        assertThat(summary.indexSize()).isEqualTo(Vectors.num(v.go().get("pageIndexSize")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void thePageIndexReadFromTheTailDescribesEveryFrame(Vector v) throws IOException {
        byte[] bytes = v.bytes();
        List<long[]> reads = new ArrayList<>();
        PageIndex index = PageIndex.read((off, len) -> {
            reads.add(new long[] {off, len});
            return Arrays.copyOfRange(bytes, (int) off, (int) off + len);
        }, bytes.length, v.file());
        assertThat(reads).as("one tail read for a small file").hasSize(1);
        List<Map<String, Object>> frames = v.frames();
        assertThat(index.size()).isEqualTo(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertThat(index.pgno(i)).isEqualTo(Vectors.num(frames.get(i).get("pgno")));
            assertThat(index.offset(i)).isEqualTo(Vectors.num(frames.get(i).get("offset")));
            assertThat(index.frameSize(i)).isEqualTo(Vectors.num(frames.get(i).get("frameSize")));
        }
        assertThat(index.indexStart()).isEqualTo(Vectors.num(v.go().get("pageIndexOffset")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyFrameDecodesFromItsOwnBytesToThePageInTheManifest(Vector v) throws IOException {
        byte[] bytes = v.bytes();
        int pageSize = (int) Vectors.num(v.header().get("pageSize"));
        byte[] page = new byte[pageSize];
        for (Map<String, Object> f : v.frames()) {
            int off = (int) Vectors.num(f.get("offset"));
            int size = (int) Vectors.num(f.get("frameSize"));
            long pgno = Vectors.num(f.get("pgno"));
            byte[] frame = Arrays.copyOfRange(bytes, off, off + size);
            PageFrames.decode(frame, 0, size, pgno, pageSize, page, v.file(), off);
            assertThat(DatabaseChecksum.pageChecksum(pgno, page)).isEqualTo(Vectors.hex(f.get("pageChecksum")));
            assertThat(HexFormat.of().formatHex(page, 0, 16)).isEqualTo(f.get("dataFirst16Hex"));
        }
    }

    @Test
    void theSourceDatabasesSnapshotToTheirManifestChecksums() throws IOException {
        for (String db : List.of("three_tables_v1.db", "three_tables_v2.db", "pagesize_1024.db", "one_page.db")) {
            Path path = Vectors.root().resolve("db").resolve(db);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            EncodedLtx encoded = DatabaseFiles.toSnapshot(path, out,
                    new DatabaseFiles.SnapshotOptions(1, 1700000000000L, true));
            LtxFileSummary summary = LtxDecoder.verify(new ByteArrayInputStream(out.toByteArray()), db);
            long expected = Vectors.all().stream().flatMap(v -> v.sourceDatabases().stream())
                    .filter(s -> s.get("path").equals("db/" + db)).map(s -> Vectors.hex(s.get("ltxDbChecksum")))
                    .findFirst().orElseThrow();
            assertThat(summary.postApplyChecksum()).as(db).isEqualTo(expected);
            assertThat(encoded.postApplyChecksum()).as(db).isEqualTo(expected);
            assertThat(summary.pageCount()).isEqualTo(Files.size(path) / summary.header().pageSize());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void reEncodingTheDecodedPagesGivesAFileWithTheSamePagesAndChecksums(Vector v) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> pageChecksums = new ArrayList<>();
        LtxFileSummary original;
        try (LtxDecoder d = LtxDecoder.open(new ByteArrayInputStream(v.bytes()), v.file())) {
            LtxEncoder e = LtxEncoder.create(out, d.header());
            byte[] page = new byte[d.header().pageSize()];
            for (long pgno; (pgno = d.readPage(page)) != 0; ) {
                e.writePage(pgno, page, 0);
                pageChecksums.add(DatabaseChecksum.pageChecksum(pgno, page));
            }
            original = d.summary();
            e.finish(original.postApplyChecksum());
        }
        List<Long> again = new ArrayList<>();
        try (LtxDecoder d = LtxDecoder.open(new ByteArrayInputStream(out.toByteArray()), "re-encoded")) {
            assertThat(d.header()).isEqualTo(original.header());
            byte[] page = new byte[d.header().pageSize()];
            for (long pgno; (pgno = d.readPage(page)) != 0; ) {
                again.add(DatabaseChecksum.pageChecksum(pgno, page));
            }
            assertThat(d.summary().postApplyChecksum()).isEqualTo(original.postApplyChecksum());
        }
        assertThat(again).containsExactlyElementsOf(pageChecksums);
    }

    @Test
    void compactingVectors01And02GivesThePagesAndChecksumsOfVector07() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LtxDecoder a = open("block/01_snapshot_3tables_ps4096.ltx");
             LtxDecoder b = open("block/02_incr_2pages_ps4096.ltx")) {
            LtxCompactor.compact(List.of(a, b), out);
        }
        assertThat(pageChecksums(out.toByteArray())).containsExactlyElementsOf(
                pageChecksums(Vectors.bytes("block/07_compacted_01_02.ltx")));
        LtxFileSummary ours = LtxDecoder.verify(new ByteArrayInputStream(out.toByteArray()), "ours");
        LtxFileSummary go = LtxDecoder.verify(new ByteArrayInputStream(Vectors.bytes("block/07_compacted_01_02.ltx")),
                "07");
        assertThat(ours.header()).isEqualTo(go.header());
        assertThat(ours.postApplyChecksum()).isEqualTo(go.postApplyChecksum());
    }

    @Test
    void restoringASnapshotAndAnIncrementalGivesTheLaterDatabaseByteForByte(@TempDir Path dir) throws IOException {
        for (String[] chain : List.of(
                new String[] {"block/01_snapshot_3tables_ps4096.ltx", "block/02_incr_2pages_ps4096.ltx"},
                new String[] {"legacy-frame/11_snapshot_3tables_ps4096_frame.ltx",
                        "legacy-frame/12_incr_2pages_ps4096_frame.ltx"},
                new String[] {"block/05_snapshot_3tables_nochecksum.ltx", "block/06_incr_2pages_nochecksum.ltx"})) {
            Path out = dir.resolve("restored.db");
            List<InputStream> streams = Arrays.stream(chain)
                    .map(f -> (InputStream) new ByteArrayInputStream(Vectors.bytes(f))).toList();
            LtxHeader merged = DatabaseFiles.restore(streams, List.of(chain), out);
            assertThat(merged.txRange()).isEqualTo(new TxRange(1, 2));
            assertThat(Files.readAllBytes(out)).as(chain[0]).isEqualTo(Vectors.bytes("db/three_tables_v2.db"));
        }
    }

    private static LtxDecoder open(String file) throws IOException {
        return LtxDecoder.open(new ByteArrayInputStream(Vectors.bytes(file)), file);
    }

    private static List<Long> pageChecksums(byte[] file) throws IOException {
        List<Long> sums = new ArrayList<>();
        try (LtxDecoder d = LtxDecoder.open(new ByteArrayInputStream(file), "file")) {
            byte[] page = new byte[d.header().pageSize()];
            for (long pgno; (pgno = d.readPage(page)) != 0; ) {
                sums.add(DatabaseChecksum.pageChecksum(pgno, page));
            }
        }
        return sums;
    }
}
