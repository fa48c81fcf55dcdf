package io.github.ltxkit.ltx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Corrupt LTX files from the reference set")
class CorruptVectorsTest {

    static Stream<Arguments> corruptFiles() {
        return Stream.of(
                Arguments.of("c01_bad_magic.ltx", "magic", "not an LTX file"),
                Arguments.of("c02_unknown_header_flag.ltx", "flags", "invalid flags: 0x00000001"),
                Arguments.of("c03_bad_page_size.ltx", "page size", "invalid page size: 3000"),
                Arguments.of("c04_min_gt_max.ltx", "TXID range", "transaction ids out of order: (5,4)"),
                Arguments.of("c05_page_flag_bit1.ltx", "page 1", "invalid page header flags: 0x0003"),
                Arguments.of("c06_flipped_compressed_byte.ltx", "file checksum", "file checksum mismatch"),
                Arguments.of("c07_flipped_index_size.ltx", "page index size", "but the index has 4"),
                Arguments.of("c08_flipped_post_apply.ltx", "file checksum", "file checksum mismatch"),
                Arguments.of("c09_flipped_file_checksum.ltx", "file checksum", "file checksum mismatch"),
                Arguments.of("c10_file_checksum_no_flag.ltx", "file checksum", "bit 63 is not set"),
                Arguments.of("c11_trailing_garbage.ltx", "trailer", "unexpected data after the trailer"),
                Arguments.of("c12_incr_pre_apply_no_flag.ltx", "pre-apply checksum", "invalid pre-apply checksum"),
                Arguments.of("c13_short_decompressed_page_consistent_checksum.ltx", "page 1",
                        "decompressed to 100 bytes, want 4096"),
                Arguments.of("c14_short_decompressed_page_nochecksum.ltx", "page 1",
                        "decompressed to 100 bytes, want 4096"),
                Arguments.of("t01_truncated_header_50b.ltx", "header", "truncated"),
                Arguments.of("t02_truncated_mid_page.ltx", "page 1 compressed data", "truncated"),
                Arguments.of("t03_truncated_after_end_marker_plus3.ltx", "page index entry 1 pgno", "truncated"),
                Arguments.of("t04_truncated_in_trailer.ltx", "file checksum", "truncated"),
                Arguments.of("t05_missing_trailer.ltx", "post-apply checksum", "truncated"));
    }

    @ParameterizedTest(name = "{0} fails on {1}")
    @MethodSource("corruptFiles")
    void isRejectedWithAnErrorNamingItsProblem(String file, String field, String reason) {
        byte[] bytes = Vectors.bytes("corrupt/" + file);
        LtxFormatException e = catchThrowableOfType(LtxFormatException.class,
                () -> LtxDecoder.verify(new ByteArrayInputStream(bytes), file));
        assertThat(e).as(file).isNotNull();
        assertThat(e.source()).isEqualTo(file);
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.reason()).contains(reason);
        assertThat(e.getMessage()).startsWith(file + ": offset ").contains(field).contains(reason);
        assertThat(e.offset()).isBetween(0L, (long) bytes.length);
    }

    @Test
    void aLiteralOnlyLz4BlockIsAccepted() throws IOException {
        byte[] bytes = Vectors.bytes("corrupt/ok01_literal_only_lz4_block.ltx");
        LtxFileSummary summary = LtxDecoder.verify(new ByteArrayInputStream(bytes), "ok01");
        assertThat(summary.pageCount()).isEqualTo(1);
    }

    @Test
    void theShortPageIsAlsoRejectedOnTheRandomAccessPath() throws IOException {
        byte[] bytes = Vectors.bytes("corrupt/c14_short_decompressed_page_nochecksum.ltx");
        PageIndex index = PageIndex.read((off, len) -> java.util.Arrays.copyOfRange(bytes, (int) off,
                (int) off + len), bytes.length, "c14");
        byte[] page = new byte[4096];
        LtxFormatException e = catchThrowableOfType(LtxFormatException.class, () -> PageFrames.decode(bytes,
                (int) index.offset(0), index.frameSize(0), 1, 4096, page, "c14", index.offset(0)));
        assertThat(e.reason()).isEqualTo("decompressed to 100 bytes, want 4096");
    }
}
