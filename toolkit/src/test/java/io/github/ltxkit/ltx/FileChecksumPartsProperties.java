package io.github.ltxkit.ltx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The CRC-64 of pieces combined in order is the CRC-64 of the whole, wherever the cuts are, so a file read in
 * parallel ranges can still be checked against the file checksum its trailer stores.
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
    void theFileChecksumOfAnEncodedFileComesOutOfItsPieces() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] page = new byte[4096];
        LtxEncoder encoder = LtxEncoder.create(out, LtxHeader.withChecksums(4096, 3, 1, 1, 1_700_000_000_000L, 0));
        for (int pgno = 1; pgno <= 3; pgno++) {
            Arrays.fill(page, (byte) pgno);
            encoder.writePage(pgno, page, 0);
        }
        encoder.finish();
        byte[] file = out.toByteArray();
        int content = file.length - 8;
        long crc = FileChecksumParts.combine(FileChecksumParts.crc(file, 0, 150),
                FileChecksumParts.crc(file, 150, content - 150), content - 150);
        long stored = java.nio.ByteBuffer.wrap(file, content, 8).getLong();
        assertThat(FileChecksumParts.fileChecksum(crc)).isEqualTo(stored);
    }

    @Example
    void aRangeOutsideTheArrayIsRefused() {
        assertThatThrownBy(() -> FileChecksumParts.crc(new byte[4], 2, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> FileChecksumParts.combine(1, 2, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
