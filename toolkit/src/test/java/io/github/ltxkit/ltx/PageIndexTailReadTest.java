package io.github.ltxkit.ltx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link PageIndex#read} from a file's tail: one ranged read of the last 32 KiB (or the whole file), and a second
 * read of exactly the end marker and the index only when the index does not fit in the first.
 */
@DisplayName("Reading the page index from a file's tail")
class PageIndexTailReadTest {
    private static final int PAGE_SIZE = 512;
    /** What follows the index's varint part: the u64 index size and the trailer. */
    private static final int AFTER_INDEX = Ltx.INDEX_SIZE_FIELD + Ltx.TRAILER_SIZE;
    /** The largest index whose end marker still lies inside the first tail read. */
    private static final int LARGEST_INDEX_IN_ONE_READ = Ltx.ESTIMATED_PAGE_INDEX_SIZE - Ltx.PAGE_HEADER_SIZE
            - AFTER_INDEX;

    /** A file and what the encoder recorded about it. */
    private record File(byte[] bytes, EncodedLtx encoded) {
    }

    /** The ranges a {@link PageIndex.RangeReader} was asked for, as {@code [offset, length]}. */
    private static final class RecordingReader implements PageIndex.RangeReader {
        // Only the test thread touches it.
        final List<List<Long>> reads = new ArrayList<>();
        private final byte[] file;

        RecordingReader(byte[] file) {
            this.file = file;
        }

        @Override
        public byte[] read(long offset, int length) {
            reads.add(List.of(offset, (long) length));
            return Arrays.copyOfRange(file, (int) offset, (int) offset + length);
        }
    }

    @Test
    void aFileSmallerThanTheTailReadIsReadOnceFromOffsetZero() throws IOException {
        File file = incrementalFile(1, 200);
        assertThat(file.bytes().length).isLessThan(Ltx.ESTIMATED_PAGE_INDEX_SIZE);
        RecordingReader reader = new RecordingReader(file.bytes());

        PageIndex index = PageIndex.read(reader, file.bytes().length, "small.ltx");

        assertThat(reader.reads).containsExactly(List.of(0L, (long) file.bytes().length));
        assertSameIndex(index, file);
    }

    @Test
    void anIndexWhoseEndMarkerStartsExactlyAtTheTailReadNeedsNoSecondRead() throws IOException {
        File file = fileWithIndexSize(LARGEST_INDEX_IN_ONE_READ);
        long size = file.bytes().length;
        assertThat(file.encoded().pageIndex().indexStart() - Ltx.PAGE_HEADER_SIZE)
                .isEqualTo(size - Ltx.ESTIMATED_PAGE_INDEX_SIZE);
        RecordingReader reader = new RecordingReader(file.bytes());

        PageIndex index = PageIndex.read(reader, size, "fits.ltx");

        assertThat(reader.reads).containsExactly(List.of(size - Ltx.ESTIMATED_PAGE_INDEX_SIZE,
                (long) Ltx.ESTIMATED_PAGE_INDEX_SIZE));
        assertSameIndex(index, file);
    }

    @Test
    void anIndexOneByteTooLargeForTheTailReadIsFetchedWithASecondReadFromItsEndMarker() throws IOException {
        File file = fileWithIndexSize(LARGEST_INDEX_IN_ONE_READ + 1);
        assertSecondReadFetchesTheEndMarkerAndIndex(file);
    }

    @Test
    void anIndexSeveralTimesTheTailReadIsFetchedWithOneSecondRead() throws IOException {
        File file = incrementalFile(1, 20_000);
        assertThat(file.encoded().pageIndex().indexStart() - Ltx.PAGE_HEADER_SIZE)
                .isLessThan(file.bytes().length - 3L * Ltx.ESTIMATED_PAGE_INDEX_SIZE);
        assertSecondReadFetchesTheEndMarkerAndIndex(file);
    }

    @Test
    void aFirstReadLargeEnoughForTheIndexNeedsNoSecondRead() throws IOException {
        File file = incrementalFile(1, 20_000);
        long size = file.bytes().length;
        int firstRead = (int) (size - file.encoded().pageIndex().indexStart() + Ltx.PAGE_HEADER_SIZE);
        assertThat(firstRead).isGreaterThan(3 * Ltx.ESTIMATED_PAGE_INDEX_SIZE);
        RecordingReader reader = new RecordingReader(file.bytes());

        PageIndex index = PageIndex.read(reader, size, firstRead, "sized.ltx");

        assertThat(reader.reads).containsExactly(List.of(size - firstRead, (long) firstRead));
        assertSameIndex(index, file);
    }

    @Test
    void aFirstReadOneByteTooSmallForTheIndexTakesASecondReadOfTheEndMarkerAndIndex() throws IOException {
        File file = incrementalFile(1, 20_000);
        long size = file.bytes().length;
        long indexStart = file.encoded().pageIndex().indexStart();
        int firstRead = (int) (size - indexStart + Ltx.PAGE_HEADER_SIZE) - 1;
        RecordingReader reader = new RecordingReader(file.bytes());

        PageIndex index = PageIndex.read(reader, size, firstRead, "sized.ltx");

        assertThat(reader.reads).containsExactly(List.of(size - firstRead, (long) firstRead),
                List.of(indexStart - Ltx.PAGE_HEADER_SIZE, size - indexStart + Ltx.PAGE_HEADER_SIZE - AFTER_INDEX));
        assertSameIndex(index, file);
    }

    @Test
    void aFirstReadLargerThanTheFileReadsTheWholeFileOnce() throws IOException {
        File file = incrementalFile(1, 200);
        RecordingReader reader = new RecordingReader(file.bytes());

        PageIndex index = PageIndex.read(reader, file.bytes().length, file.bytes().length * 4, "whole.ltx");

        assertThat(reader.reads).containsExactly(List.of(0L, (long) file.bytes().length));
        assertSameIndex(index, file);
    }

    @Test
    void aFirstReadTooSmallToHoldATrailerIsRefusedNamingTheSize() {
        assertThatThrownBy(() -> PageIndex.read(
                        (offset, length) -> new byte[length], 1_000_000, Ltx.MIN_FILE_SIZE - 1, "tiny.ltx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the first tail read must be at least " + Ltx.MIN_FILE_SIZE + " bytes: "
                        + (Ltx.MIN_FILE_SIZE - 1));
    }

    @Test
    void aShortSecondReadIsAFormatErrorNamingTheRange() throws IOException {
        File file = incrementalFile(1, 20_000);
        long size = file.bytes().length;
        long from = file.encoded().pageIndex().indexStart() - Ltx.PAGE_HEADER_SIZE;
        PageIndex.RangeReader shortSecondRead = (offset, length) -> Arrays.copyOfRange(file.bytes(), (int) offset,
                (int) offset + (offset == from ? length - 1 : length));

        LtxFormatException e = catchThrowableOfType(LtxFormatException.class,
                () -> PageIndex.read(shortSecondRead, size, "short.ltx"));

        assertThat(e).isNotNull();
        assertThat(e.source()).isEqualTo("short.ltx");
        assertThat(e.offset()).isEqualTo(from);
        assertThat(e.field()).isEqualTo("page index");
        assertThat(e.reason()).startsWith("short read: got ");
    }

    private static void assertSecondReadFetchesTheEndMarkerAndIndex(File file) throws IOException {
        long size = file.bytes().length;
        long indexStart = file.encoded().pageIndex().indexStart();
        long indexSize = size - AFTER_INDEX - indexStart;
        RecordingReader reader = new RecordingReader(file.bytes());

        PageIndex index = PageIndex.read(reader, size, "large.ltx");

        assertThat(reader.reads).containsExactly(
                List.of(size - Ltx.ESTIMATED_PAGE_INDEX_SIZE, (long) Ltx.ESTIMATED_PAGE_INDEX_SIZE),
                List.of(indexStart - Ltx.PAGE_HEADER_SIZE, Ltx.PAGE_HEADER_SIZE + indexSize));
        assertSameIndex(index, file);
    }

    /** Asserts that {@code index} lists the encoder's frames and that each of them decodes to its page. */
    private static void assertSameIndex(PageIndex index, File file) throws LtxFormatException {
        PageIndex written = file.encoded().pageIndex();
        assertThat(index.size()).isEqualTo(written.size());
        assertThat(index.indexStart()).isEqualTo(written.indexStart());
        byte[] page = new byte[PAGE_SIZE];
        for (int i = 0; i < written.size(); i++) {
            if (index.pgno(i) != written.pgno(i) || index.offset(i) != written.offset(i)
                    || index.frameSize(i) != written.frameSize(i)) {
                throw new AssertionError("entry " + i + " is (" + index.pgno(i) + ", " + index.offset(i) + ", "
                        + index.frameSize(i) + "), want (" + written.pgno(i) + ", " + written.offset(i) + ", "
                        + written.frameSize(i) + ")");
            }
        }
        for (int i : new int[] {0, written.size() / 2, written.size() - 1}) {
            PageFrames.decode(file.bytes(), (int) index.offset(i), index.frameSize(i), index.pgno(i), PAGE_SIZE,
                    page, "file", index.offset(i));
            assertThat(page).isEqualTo(page(index.pgno(i)));
        }
    }

    /**
     * Returns an incremental file whose index's varint part is exactly {@code indexSize} bytes. Every frame has the
     * same size, so only the page numbers' varint lengths vary: each page numbered 16384 or more instead of below
     * adds one byte.
     */
    private static File fileWithIndexSize(int indexSize) throws IOException {
        int pages = 5_000;
        long base = varintPart(incrementalFile(16_384 - pages, pages));
        int threeBytePgnos = (int) (indexSize - base);
        assertThat(threeBytePgnos).as("pages whose number takes three varint bytes").isBetween(0, pages);
        File file = incrementalFile(16_384 - pages + threeBytePgnos, pages);
        assertThat(varintPart(file)).isEqualTo(indexSize);
        return file;
    }

    private static long varintPart(File file) {
        return file.bytes().length - AFTER_INDEX - file.encoded().pageIndex().indexStart();
    }

    /** Returns an incremental file of {@code pages} consecutive pages from {@code first}. */
    private static File incrementalFile(long first, int pages) throws IOException {
        LtxHeader header = LtxHeader.withoutChecksums(PAGE_SIZE, first + pages, 5, 5, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LtxEncoder encoder = LtxEncoder.create(out, header);
        for (long pgno = first; pgno < first + pages; pgno++) {
            encoder.writePage(pgno, page(pgno), 0);
        }
        EncodedLtx encoded = encoder.finish();
        return new File(out.toByteArray(), encoded);
    }

    /** A page of zeros but for a marker in its middle: every page compresses to the same length. */
    private static byte[] page(long pgno) {
        byte[] page = new byte[PAGE_SIZE];
        page[PAGE_SIZE / 2] = (byte) (pgno % 127 + 1);
        return page;
    }
}
