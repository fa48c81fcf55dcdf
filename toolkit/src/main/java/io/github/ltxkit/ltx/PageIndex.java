package io.github.ltxkit.ltx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The page index of one LTX file: for each page in the file, ascending by page number, the offset and length of
 * its frame. Immutable and thread-safe.
 *
 * <p>The index sits just before the trailer, so it can be read from a file's tail alone ({@link #read}) and then
 * used to fetch single frames with ranged reads ({@link PageFrames#decode}). Parsing checks that the entries
 * describe exactly the frames between the header and the end marker: ascending page numbers, contiguous frames
 * that start at byte 100 and end at the end marker.
 */
public final class PageIndex {
    private static final PageIndex EMPTY = new PageIndex(new int[0], new long[0], new int[0], 0, 106);

    private final int[] pgnos;
    private final long[] offsets;
    private final int[] sizes;
    private final int count;
    private final long indexStart;

    private PageIndex(int[] pgnos, long[] offsets, int[] sizes, int count, long indexStart) {
        this.pgnos = pgnos;
        this.offsets = offsets;
        this.sizes = sizes;
        this.count = count;
        this.indexStart = indexStart;
    }

    /** Reads {@code length} bytes at {@code offset} of one file, for example with a ranged GET. */
    @FunctionalInterface
    public interface RangeReader {
        /**
         * Returns exactly {@code length} bytes starting at {@code offset}.
         *
         * @throws IOException if the bytes cannot be read
         */
        byte[] read(long offset, int length) throws IOException;
    }

    /** Returns the number of pages in the file. */
    public int size() {
        return count;
    }

    /** Returns the page number of entry {@code i}. */
    public long pgno(int i) {
        return Integer.toUnsignedLong(pgnos[Objects.checkIndex(i, count)]);
    }

    /** Returns the file offset of entry {@code i}'s frame. */
    public long offset(int i) {
        return offsets[Objects.checkIndex(i, count)];
    }

    /** Returns the length in bytes of entry {@code i}'s frame (page header included). */
    public int frameSize(int i) {
        return sizes[Objects.checkIndex(i, count)];
    }

    /** Returns the offset of the page index itself (the byte after the end marker). */
    public long indexStart() {
        return indexStart;
    }

    /** Returns the entry number holding {@code pgno}, or -1 if the file does not contain that page. */
    public int find(long pgno) {
        if (pgno <= 0 || pgno > 0xFFFFFFFFL) {
            return -1;
        }
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long p = Integer.toUnsignedLong(pgnos[mid]);
            if (p < pgno) {
                lo = mid + 1;
            } else if (p > pgno) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Returns the offset Litestream starts its first tail read at: the last 32 KiB, or the whole file. */
    public static long tailReadOffset(long fileSize) {
        return Math.max(0, fileSize - Ltx.ESTIMATED_PAGE_INDEX_SIZE);
    }

    /**
     * Reads a file's page index with one ranged read of its tail (the last 32 KiB, or the whole file if smaller)
     * and a second one only when the index is larger than that.
     *
     * @param reader   reads byte ranges of the file
     * @param fileSize the file's length in bytes
     * @param source   the file name for error messages
     * @throws LtxFormatException if the tail does not hold a valid page index
     * @throws IOException        if {@code reader} fails
     */
    public static PageIndex read(RangeReader reader, long fileSize, String source) throws IOException {
        return read(reader, fileSize, Ltx.ESTIMATED_PAGE_INDEX_SIZE, source);
    }

    /**
     * Reads a file's page index with one ranged read of its last {@code firstRead} bytes (or the whole file if
     * smaller) and a second one only when the index is larger than that: a caller that expects a large index asks
     * for more at first, to spare the second round trip.
     *
     * @param reader    reads byte ranges of the file
     * @param fileSize  the file's length in bytes
     * @param firstRead how many bytes of the tail to read first; at least {@link Ltx#MIN_FILE_SIZE}
     * @param source    the file name for error messages
     * @throws IllegalArgumentException if {@code firstRead} is below {@link Ltx#MIN_FILE_SIZE}
     * @throws LtxFormatException       if the tail does not hold a valid page index
     * @throws IOException              if {@code reader} fails
     */
    public static PageIndex read(RangeReader reader, long fileSize, int firstRead, String source)
            throws IOException {
        if (firstRead < Ltx.MIN_FILE_SIZE) {
            throw new IllegalArgumentException("the first tail read must be at least " + Ltx.MIN_FILE_SIZE
                    + " bytes: " + firstRead);
        }
        if (fileSize < Ltx.MIN_FILE_SIZE) {
            throw new LtxFormatException(source, 0, "file size", "too short to hold a page index: " + fileSize
                    + " bytes, want at least " + Ltx.MIN_FILE_SIZE);
        }
        long tailStart = Math.max(0, fileSize - firstRead);
        byte[] tail = reader.read(tailStart, (int) (fileSize - tailStart));
        checkLength(tail, (int) (fileSize - tailStart), tailStart, source);
        long indexSize = ByteBuffer.wrap(tail).getLong(tail.length - Ltx.TRAILER_SIZE - Ltx.INDEX_SIZE_FIELD);
        long indexStart = indexStart(fileSize, indexSize, source);
        if (indexStart - Ltx.PAGE_HEADER_SIZE >= tailStart) {
            return parse(tail, (int) (indexStart - Ltx.PAGE_HEADER_SIZE - tailStart), indexSize, fileSize, source);
        }
        long from = indexStart - Ltx.PAGE_HEADER_SIZE;
        int length = (int) (Ltx.PAGE_HEADER_SIZE + indexSize);
        byte[] index = reader.read(from, length);
        checkLength(index, length, from, source);
        return parse(index, 0, indexSize, fileSize, source);
    }

    /**
     * Parses a page index from bytes that start at the 6-byte end marker.
     *
     * @param buf       bytes holding the end marker at {@code off}, then the index
     * @param off       where the end marker starts in {@code buf}
     * @param indexSize the length of the index's varint part, from the u64 that follows it
     * @param fileSize  the file's length
     * @param source    the file name for error messages
     */
    static PageIndex parse(byte[] buf, int off, long indexSize, long fileSize, String source)
            throws LtxFormatException {
        long indexStart = indexStart(fileSize, indexSize, source);
        for (int i = 0; i < Ltx.PAGE_HEADER_SIZE; i++) {
            if (buf[off + i] != 0) {
                throw new LtxFormatException(source, indexStart - Ltx.PAGE_HEADER_SIZE + i, "end marker",
                        "expected 6 zero bytes before the page index");
            }
        }
        int pos = off + Ltx.PAGE_HEADER_SIZE;
        int end = pos + (int) indexSize;
        int capacity = (int) Math.min(indexSize / 3 + 1, 1 << 16);
        int[] pgnos = new int[capacity];
        long[] offsets = new long[capacity];
        int[] sizes = new int[capacity];
        int n = 0;
        long expectedOffset = Ltx.HEADER_SIZE;
        long prevPgno = 0;
        long[] cursor = {pos};
        while (true) {
            long entryOffset = indexStart + (cursor[0] - pos);
            long pgno = varint(buf, cursor, end, indexStart - pos, source, n, "pgno");
            if (pgno == 0) {
                break;
            }
            long frameOffset = varint(buf, cursor, end, indexStart - pos, source, n, "offset");
            long frameSize = varint(buf, cursor, end, indexStart - pos, source, n, "size");
            // The field's name is built only for an error: this loop runs once per page of the file.
            if (Long.compareUnsigned(pgno, 0xFFFFFFFFL) > 0 || Long.compareUnsigned(pgno, prevPgno) <= 0) {
                throw new LtxFormatException(source, entryOffset, entryField(n, pgno), "page numbers must ascend: "
                        + Long.toUnsignedString(pgno) + " after " + prevPgno);
            }
            if (frameOffset != expectedOffset) {
                throw new LtxFormatException(source, entryOffset, entryField(n, pgno), "frame offset " + frameOffset
                        + " does not follow the previous frame, want " + expectedOffset);
            }
            if (frameSize <= Ltx.PAGE_HEADER_SIZE || frameSize > Ltx.PAGE_HEADER_SIZE + 4
                    + Ltx.maxCompressedPageSize(Ltx.MAX_PAGE_SIZE) + 64) {
                throw new LtxFormatException(source, entryOffset, entryField(n, pgno), "invalid frame size "
                        + frameSize);
            }
            if (n == pgnos.length) {
                int grown = (int) Math.min((long) pgnos.length * 2, indexSize / 3 + 1);
                pgnos = Arrays.copyOf(pgnos, grown);
                offsets = Arrays.copyOf(offsets, grown);
                sizes = Arrays.copyOf(sizes, grown);
            }
            pgnos[n] = (int) pgno;
            offsets[n] = frameOffset;
            sizes[n] = (int) frameSize;
            n++;
            prevPgno = pgno;
            expectedOffset = frameOffset + frameSize;
        }
        if (cursor[0] != end) {
            throw new LtxFormatException(source, indexStart + (cursor[0] - pos), "page index size",
                    "index ends after " + (cursor[0] - pos) + " bytes but its size field says " + indexSize);
        }
        if (expectedOffset != indexStart - Ltx.PAGE_HEADER_SIZE) {
            throw new LtxFormatException(source, indexStart, "page index", "frames end at " + expectedOffset
                    + " but the end marker is at " + (indexStart - Ltx.PAGE_HEADER_SIZE));
        }
        if (n == 0) {
            return EMPTY.indexStart == indexStart ? EMPTY : new PageIndex(pgnos, offsets, sizes, 0, indexStart);
        }
        return new PageIndex(pgnos, offsets, sizes, n, indexStart);
    }

    /** Builds an index from frames the encoder wrote; trusted input. */
    static PageIndex of(int[] pgnos, long[] offsets, int[] sizes, int count, long indexStart) {
        return new PageIndex(pgnos, offsets, sizes, count, indexStart);
    }

    private static long indexStart(long fileSize, long indexSize, String source) throws LtxFormatException {
        long max = fileSize - Ltx.HEADER_SIZE - Ltx.PAGE_HEADER_SIZE - Ltx.INDEX_SIZE_FIELD - Ltx.TRAILER_SIZE;
        if (indexSize < 1 || indexSize > max) {
            throw new LtxFormatException(source, fileSize - Ltx.TRAILER_SIZE - Ltx.INDEX_SIZE_FIELD, "page index size",
                    "invalid page index size " + Long.toUnsignedString(indexSize) + " for a file of " + fileSize
                            + " bytes");
        }
        return fileSize - Ltx.TRAILER_SIZE - Ltx.INDEX_SIZE_FIELD - indexSize;
    }

    private static void checkLength(byte[] got, int want, long offset, String source) throws LtxFormatException {
        if (got.length != want) {
            throw new LtxFormatException(source, offset, "page index", "short read: got " + got.length
                    + " bytes, want " + want);
        }
    }

    private static String entryField(int entry, long pgno) {
        return "page index entry " + entry + " (page " + Long.toUnsignedString(pgno) + ")";
    }

    /** Reads the varint {@code part} ("pgno", "offset", "size") of index entry {@code entry}. */
    private static long varint(byte[] b, long[] cursor, int end, long base, String source, int entry, String part)
            throws LtxFormatException {
        int p = (int) cursor[0];
        long value = 0;
        for (int i = 0; i < Uvarint.MAX_LEN; i++) {
            if (p >= end) {
                throw new LtxFormatException(source, base + p, "page index entry " + entry + " " + part,
                        "truncated varint at the end of the index");
            }
            int v = b[p++] & 0xff;
            if (i == Uvarint.MAX_LEN - 1 && v > 1) {
                throw new LtxFormatException(source, base + p - 1, "page index entry " + entry + " " + part,
                        "varint overflows 64 bits");
            }
            value |= ((long) (v & 0x7f)) << (7 * i);
            if ((v & 0x80) == 0) {
                cursor[0] = p;
                return value;
            }
        }
        throw new LtxFormatException(source, base + p, "page index entry " + entry + " " + part,
                "varint longer than 10 bytes");
    }

    @Override
    public String toString() {
        return "PageIndex{pages=" + count + ", indexStart=" + indexStart + "}";
    }
}
