package io.github.ltxkit.ltx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The CRC-64 of pieces combined in order is the CRC-64 of the whole, wherever the cuts are, and spans of a file
 * decoded apart ({@link FrameSpan}) give its pages and join into the file checksum its trailer stores.
 */
@Label("File checksum from parts")
class FileChecksumPartsProperties {

    @Property
    void theCombinedCrcOfTwoPiecesIsTheCrcOfTheirConcatenation(@ForAll @Size(max = 3000) byte[] bytes,
                                                               @ForAll @IntRange(max = 3000) int cut) {
        int at = Math.min(cut, bytes.length);
        long first = FileChecksumParts.crc(bytes, 0, at);
        long second = FileChecksumParts.crc(bytes, at, bytes.length - at);
        assertThat(FileChecksumParts.combine(first, second, bytes.length - at))
                .isEqualTo(Crc64Test.reference(bytes));
    }

    @Property(tries = 50)
    void manyPiecesCombineLeftToRightIntoTheWholeCrc(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int n) {
        Random random = new Random(seed);
        byte[] bytes = new byte[random.nextInt(200_000)];
        random.nextBytes(bytes);
        int[] cuts = random.ints(n, 0, bytes.length + 1).sorted().toArray();
        long crc = 0;
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : bytes.length;
            crc = FileChecksumParts.combine(crc, FileChecksumParts.crc(bytes, from, to - from), to - from);
            from = to;
        }
        assertThat(crc).isEqualTo(Crc64.of(bytes, 0, bytes.length));
    }

    @Example
    void spansOfAnEncodedFileDecodeItsPagesAndJoinIntoItsStoredFileChecksum() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LtxEncoder encoder = LtxEncoder.create(out, LtxHeader.withChecksums(4096, 3, 1, 1, 1_700_000_000_000L, 0));
        byte[] page = new byte[4096];
        for (int pgno = 1; pgno <= 3; pgno++) {
            new Random(pgno).nextBytes(page);
            encoder.writePage(pgno, page, 0);
        }
        EncodedLtx encoded = encoder.finish();
        byte[] file = out.toByteArray();
        int cut = (int) encoded.pageIndex().offset(1);
        List<Long> pages = new ArrayList<>();
        FrameSpan.PageSink sink = (pgno, offset, size, p) -> {
            byte[] want = new byte[4096];
            new Random(pgno).nextBytes(want);
            assertThat(p).isEqualTo(want);
            assertThat(offset).isEqualTo(encoded.pageIndex().offset(pages.size()));
            pages.add(pgno);
        };
        FrameSpan.Result first = FrameSpan.decode(file, cut, 0, file.length, 4096, "f.ltx", sink);
        byte[] rest = Arrays.copyOfRange(file, cut, file.length);
        FrameSpan.Result second = FrameSpan.decode(rest, rest.length, cut, file.length, 4096, "f.ltx", sink);

        assertThat(pages).containsExactly(1L, 2L, 3L);
        assertThat(first.header()).isEqualTo(encoded.header());
        assertThat(second.fileChecksum()).isEqualTo(encoded.fileChecksum());
        long crc = FileChecksumParts.combine(first.crc(), second.crc(), second.length());
        assertThat(FileChecksumParts.fileChecksum(crc)).isEqualTo(encoded.fileChecksum());

        int lastLiteral = (int) (encoded.pageIndex().offset(2) + encoded.pageIndex().frameSize(2) - 1 - cut);
        rest[lastLiteral] ^= 1;
        FrameSpan.Result changed = FrameSpan.decode(rest, rest.length, cut, file.length, 4096, "f.ltx",
                (pgno, offset, size, p) -> { });
        assertThat(FileChecksumParts.fileChecksum(FileChecksumParts.combine(first.crc(), changed.crc(),
                changed.length()))).as("a changed byte").isNotEqualTo(encoded.fileChecksum());
    }

    @Example
    void aSpanThatEndsInsideAFrameOrHidesTheEndMarkerIsRefusedNamingTheFile() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LtxEncoder encoder = LtxEncoder.create(out, LtxHeader.withChecksums(4096, 2, 1, 1, 1_700_000_000_000L, 0));
        byte[] page = new byte[4096];
        encoder.writePage(1, page, 0);
        encoder.writePage(2, page, 0);
        EncodedLtx encoded = encoder.finish();
        byte[] file = out.toByteArray();
        int insideFrame = (int) encoded.pageIndex().offset(1) + 3;
        assertThatThrownBy(() -> FrameSpan.decode(file, insideFrame, 0, file.length, 4096, "f.ltx", (a, b, c, d) -> {
        })).isInstanceOf(LtxFormatException.class).hasMessageContaining("f.ltx");
        assertThatThrownBy(() -> FrameSpan.decode(file, file.length - 1, 0, file.length, 4096, "f.ltx",
                (a, b, c, d) -> { })).isInstanceOf(LtxFormatException.class).hasMessageContaining("end marker");
    }

    @Example
    void aRangeOutsideTheArrayIsRefused() {
        assertThatThrownBy(() -> FileChecksumParts.crc(new byte[4], 2, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> FileChecksumParts.combine(1, 2, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
