package io.github.ltxkit.ltx;

/**
 * The LTX database checksum: bit 63 set, OR-ed onto the XOR of the checksums of every page except the lock page.
 *
 * <p>The XOR makes it order-independent and updatable page by page: {@link #add} a page that joins the database,
 * {@link #remove} one that leaves it (a changed page is a remove of the old version and an add of the new one).
 * The checksum of an empty database is {@link Ltx#EMPTY_DATABASE_CHECKSUM}. Instances are not thread-safe.
 */
public final class DatabaseChecksum {
    /** XOR of the page checksums so far. Owned by the thread using this instance. */
    private long xor;

    /** Creates the checksum of an empty database. */
    public DatabaseChecksum() {
    }

    /** Creates an accumulator that continues from an existing database checksum. */
    public static DatabaseChecksum startingAt(long checksum) {
        DatabaseChecksum c = new DatabaseChecksum();
        c.xor = checksum & ~Ltx.CHECKSUM_FLAG;
        return c;
    }

    /**
     * Returns the checksum of one page: bit 63 set, OR-ed onto the CRC-64 of the big-endian page number followed
     * by the page's bytes.
     *
     * @param pgno the page number (1-based)
     * @param page the page's bytes, exactly one page long from {@code offset}
     */
    public static long pageChecksum(long pgno, byte[] page, int offset, int pageSize) {
        byte[] p = {(byte) (pgno >>> 24), (byte) (pgno >>> 16), (byte) (pgno >>> 8), (byte) pgno};
        long crc = Crc64.update(0, p, 0, 4);
        return Ltx.CHECKSUM_FLAG | Crc64.update(crc, page, offset, pageSize);
    }

    /** Returns the checksum of a whole page held in {@code page}. */
    public static long pageChecksum(long pgno, byte[] page) {
        return pageChecksum(pgno, page, 0, page.length);
    }

    /** XORs a page into the checksum (the page joins the database). */
    public DatabaseChecksum add(long pageChecksum) {
        xor ^= pageChecksum & ~Ltx.CHECKSUM_FLAG;
        return this;
    }

    /** XORs a page out of the checksum (the page leaves the database); the same operation as {@link #add}. */
    public DatabaseChecksum remove(long pageChecksum) {
        return add(pageChecksum);
    }

    /** Returns the checksum: bit 63 set, OR-ed onto the XOR so far. */
    public long value() {
        return Ltx.CHECKSUM_FLAG | xor;
    }
}
