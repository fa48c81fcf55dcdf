package io.github.ltxkit.ltx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.ltxkit.ltx.LtxCodecProperties.FileSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A valid file cut short anywhere fails to decode with an {@link LtxFormatException} that reports the truncation
 * at the offset where the file now ends, and with nothing else; reading the page index from the cut file's tail
 * fails only with that exception too (when it fails).
 */
@Label("Truncated LTX files")
class TruncationProperties {

    /** A file of a few hundred bytes, in either frame format. */
    record SmallFile(FileSpec spec, boolean legacyFrames, byte[] bytes) {
        @Override
        public String toString() {
            return "SmallFile{" + bytes.length + " bytes, " + (legacyFrames ? "legacy frames, " : "") + spec + "}";
        }
    }

    @Provide
    Arbitrary<SmallFile> smallFiles() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.of(true, false)).as(TruncationProperties::smallFile);
    }

    /**
     * Up to three 512-byte pages, each with at most 64 random bytes, so the whole file stays small: a few hundred
     * bytes, under 2 KiB with stored (uncompressed) legacy blocks.
     */
    static SmallFile smallFile(long seed, boolean snapshot, boolean checksums, boolean legacyFrames,
                               boolean storedBlocks) {
        Random r = new Random(seed);
        SortedMap<Long, byte[]> pages = new TreeMap<>();
        // An incremental file that empties the database (commit 0) is generated without checksums only: with them,
        // its post-apply checksum is fixed while the random pre-apply one would imply another.
        long commit = snapshot ? 1 + r.nextInt(3) : checksums ? 1 + r.nextInt(7) : r.nextInt(8);
        if (snapshot) {
            for (long p = 1; p <= commit; p++) {
                pages.put(p, page(r));
            }
        } else {
            for (int n = commit == 0 ? 0 : r.nextInt(4); n > 0; n--) {
                pages.put(1 + (long) r.nextInt((int) commit), page(r));
            }
        }
        long min = snapshot ? 1 : 2 + r.nextInt(10);
        LtxHeader header = checksums
                ? LtxHeader.withChecksums(512, commit, min, min, 1, snapshot ? 0 : Ltx.CHECKSUM_FLAG | r.nextLong())
                : LtxHeader.withoutChecksums(512, commit, min, min, 1);
        FileSpec spec = new FileSpec(header, pages);
        if (!legacyFrames) {
            return new SmallFile(spec, false, encodeInMemory(spec));
        }
        long post = !checksums ? 0
                : commit == 0 ? Ltx.EMPTY_DATABASE_CHECKSUM
                : snapshot ? LtxCodecProperties.snapshotChecksum(pages) : Ltx.CHECKSUM_FLAG | 7;
        return new SmallFile(spec, true, LegacyFrameWriter.write(header, pages, post, storedBlocks));
    }

    private static byte[] encodeInMemory(FileSpec spec) {
        try {
            return LtxCodecProperties.encode(spec);
        } catch (IOException e) {
            throw new IllegalStateException("encoding to memory cannot fail", e);
        }
    }

    private static byte[] page(Random r) {
        byte[] page = new byte[512];
        for (int i = r.nextInt(65); i > 0; i--) {
            page[r.nextInt(512)] = (byte) r.nextInt(256);
        }
        return page;
    }

    @Property(tries = 100)
    void cuttingASmallFileAtEveryOffsetGivesTheTruncationErrorAtThatOffset(@ForAll("smallFiles") SmallFile file)
            throws IOException {
        byte[] bytes = file.bytes();
        assertThat(bytes.length).isBetween(Ltx.MIN_FILE_SIZE, 2048);
        LtxDecoder.verify(new ByteArrayInputStream(bytes), "whole");
        for (int len = 0; len < bytes.length; len++) {
            assertCutFailsOnlyWithTheFormatError(bytes, len);
        }
    }

    @Provide
    Arbitrary<FileSpec> files() {
        return LtxCodecProperties.fileSpecs();
    }

    @Property(tries = 60)
    void cuttingALargeFileAtSampledOffsetsGivesTheTruncationErrorAtThatOffset(@ForAll("files") FileSpec spec)
            throws IOException {
        byte[] file = LtxCodecProperties.encode(spec);
        int step = Math.max(1, file.length / 600);
        for (int len = 0; len < file.length; len += (len < 200 || file.length - len < 200) ? 1 : step) {
            assertCutFailsOnlyWithTheFormatError(file, len);
        }
    }

    /** Asserts that the first {@code len} bytes of {@code file} fail only as a truncation at {@code len}. */
    private static void assertCutFailsOnlyWithTheFormatError(byte[] file, int len) {
        Throwable t = catchThrowable(() -> LtxDecoder.verify(new ByteArrayInputStream(file, 0, len), "cut"));
        assertThat(t).as("cut at %d of %d", len, file.length).isInstanceOf(LtxFormatException.class);
        LtxFormatException e = (LtxFormatException) t;
        assertThat(e.source()).isEqualTo("cut");
        assertThat(e.offset()).as("cut at %d of %d: %s", len, file.length, e.getMessage()).isEqualTo(len);
        assertThat(e.reason()).as("cut at %d of %d: %s", len, file.length, e.getMessage()).startsWith("truncated");
        Throwable r = catchThrowable(() -> PageIndex.read((off, n) -> {
            if (off < 0 || off + n > len) {
                throw new AssertionError("read of " + n + " bytes at " + off + " beyond the file's " + len);
            }
            return Arrays.copyOfRange(file, (int) off, (int) off + n);
        }, len, "cut"));
        assertThat(r == null || r instanceof LtxFormatException).as("tail of a file cut at %d: %s", len, r).isTrue();
    }
}
