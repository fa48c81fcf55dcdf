package io.github.ltxkit.ltx;

/**
 * Constants and small pure functions of the LTX file format (version 3, as written by Litestream v0.5.x).
 *
 * <p>Every fixed-width integer in an LTX file is big-endian. A file is a 100-byte header, page frames, a 6-byte
 * end marker, the page index and a 16-byte trailer.
 */
public final class Ltx {
    /** The four magic bytes at offset 0, {@code LTX1}. */
    public static final int MAGIC = 0x4C545831;
    /** Size of the file header in bytes. */
    public static final int HEADER_SIZE = 100;
    /** Size of a page header (pgno u32 + flags u16) in bytes. */
    public static final int PAGE_HEADER_SIZE = 6;
    /** Size of the trailer (post-apply checksum + file checksum) in bytes. */
    public static final int TRAILER_SIZE = 16;
    /** Size of the u64 that follows the page index and gives its length. */
    public static final int INDEX_SIZE_FIELD = 8;
    /** Bit 63, set in every page, database and file checksum. */
    public static final long CHECKSUM_FLAG = 0x8000000000000000L;
    /** Header flag: database checksums are not tracked (pre- and post-apply checksums are zero). */
    public static final int HEADER_FLAG_NO_CHECKSUM = 0x00000002;
    /** Page-header flag: the payload is a u32 size followed by one raw LZ4 block (current format). */
    public static final int PAGE_FLAG_SIZE = 0x0001;
    /** Byte offset of SQLite's lock page (the pending byte). */
    public static final long PENDING_BYTE = 0x40000000L;
    /** Smallest valid page size. */
    public static final int MIN_PAGE_SIZE = 512;
    /** Largest valid page size. */
    public static final int MAX_PAGE_SIZE = 65536;
    /** How many bytes of a file's tail Litestream reads first to find the page index. */
    public static final int ESTIMATED_PAGE_INDEX_SIZE = 32 * 1024;
    /** The smallest possible LTX file: header, end marker, empty index, index size and trailer. */
    public static final int MIN_FILE_SIZE = HEADER_SIZE + PAGE_HEADER_SIZE + 1 + INDEX_SIZE_FIELD + TRAILER_SIZE;
    /** The database checksum of an empty database. */
    public static final long EMPTY_DATABASE_CHECKSUM = CHECKSUM_FLAG;

    private Ltx() {
    }

    /** Returns whether {@code pageSize} is a power of two from 512 to 65536. */
    public static boolean isValidPageSize(long pageSize) {
        return pageSize >= MIN_PAGE_SIZE && pageSize <= MAX_PAGE_SIZE && Long.bitCount(pageSize) == 1;
    }

    /** Returns the page number of SQLite's lock page for {@code pageSize}: the page holding byte 2^30. */
    public static long lockPgno(int pageSize) {
        return PENDING_BYTE / pageSize + 1;
    }

    /**
     * Returns the largest compressed payload an LZ4 block of one page may have: the bound of the reference
     * compressor ({@code pageSize + pageSize/255 + 16}).
     */
    public static int maxCompressedPageSize(int pageSize) {
        return pageSize + pageSize / 255 + 16;
    }

    /** Formats a TXID the way Litestream prints it: 16 lowercase hexadecimal digits. */
    public static String formatTxid(long txid) {
        return String.format("%016x", txid);
    }

    /** Formats a checksum as 16 lowercase hexadecimal digits. */
    public static String formatChecksum(long checksum) {
        return String.format("%016x", checksum);
    }
}
