package io.github.ltxkit.ltx;

import java.nio.ByteBuffer;

/**
 * The 100-byte header of an LTX file.
 *
 * <p>TXIDs, checksums and the node id are unsigned 64-bit values held in {@code long}s; compare them with
 * {@link Long#compareUnsigned}. {@code commit} is the database size in pages after the file is applied (an
 * unsigned 32-bit value). Instances are validated on construction by the rules of the format: an invalid header
 * cannot exist.
 *
 * @param flags            header flags; only {@link Ltx#HEADER_FLAG_NO_CHECKSUM} may be set
 * @param pageSize         page size in bytes, a power of two from 512 to 65536
 * @param commit           database size in pages after this file is applied; 0 means an empty database
 * @param minTxid          first transaction covered, at least 1
 * @param maxTxid          last transaction covered, at least {@code minTxid}
 * @param timestamp        milliseconds since the Unix epoch (not validated)
 * @param preApplyChecksum database checksum before apply; 0 for snapshots and for files without checksums
 * @param walOffset        byte offset in the source WAL, 0 if not from a WAL
 * @param walSize          WAL bytes covered, 0 when {@code walOffset} is 0
 * @param walSalt1         WAL header salt 1
 * @param walSalt2         WAL header salt 2
 * @param nodeId           id of the node that wrote the file, 0 when unset
 */
public record LtxHeader(int flags, int pageSize, long commit, long minTxid, long maxTxid, long timestamp,
                        long preApplyChecksum, long walOffset, long walSize, int walSalt1, int walSalt2,
                        long nodeId) {

    /** Checks the header rules and throws {@link IllegalArgumentException} naming the field that breaks them. */
    public LtxHeader {
        Violation violation = check(flags, pageSize, commit, minTxid, maxTxid, preApplyChecksum, walOffset, walSize,
                walSalt1, walSalt2);
        if (violation != null) {
            throw new IllegalArgumentException(violation.field + ": " + violation.reason);
        }
    }

    /**
     * Returns the header of a file as Litestream writes it: no database checksums, no WAL fields, node id 0.
     *
     * @param pageSize  page size in bytes
     * @param commit    database size in pages after the file
     * @param minTxid   first TXID
     * @param maxTxid   last TXID
     * @param timestamp milliseconds since the epoch
     */
    public static LtxHeader withoutChecksums(int pageSize, long commit, long minTxid, long maxTxid, long timestamp) {
        return new LtxHeader(Ltx.HEADER_FLAG_NO_CHECKSUM, pageSize, commit, minTxid, maxTxid, timestamp, 0, 0, 0, 0,
                0, 0);
    }

    /**
     * Returns the header of a file that tracks database checksums.
     *
     * @param preApplyChecksum the database checksum before the file; must be 0 for a snapshot ({@code minTxid == 1})
     */
    public static LtxHeader withChecksums(int pageSize, long commit, long minTxid, long maxTxid, long timestamp,
                                          long preApplyChecksum) {
        return new LtxHeader(0, pageSize, commit, minTxid, maxTxid, timestamp, preApplyChecksum, 0, 0, 0, 0, 0);
    }

    /** Returns whether this file is a snapshot: it starts at TXID 1 and holds every page of the database. */
    public boolean isSnapshot() {
        return minTxid == 1;
    }

    /** Returns whether the file tracks database checksums (the NoChecksum flag is clear). */
    public boolean hasChecksums() {
        return (flags & Ltx.HEADER_FLAG_NO_CHECKSUM) == 0;
    }

    /** Returns the TXID range this file covers. */
    public TxRange txRange() {
        return new TxRange(minTxid, maxTxid);
    }

    /** Returns the page number of the lock page for this file's page size. */
    public long lockPgno() {
        return Ltx.lockPgno(pageSize);
    }

    /** Returns a copy with another commit (database size in pages). */
    public LtxHeader withCommit(long newCommit) {
        return new LtxHeader(flags, pageSize, newCommit, minTxid, maxTxid, timestamp, preApplyChecksum, walOffset,
                walSize, walSalt1, walSalt2, nodeId);
    }

    /** Encodes the header into its 100 bytes. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(Ltx.HEADER_SIZE);
        b.putInt(Ltx.MAGIC).putInt(flags).putInt(pageSize).putInt((int) commit).putLong(minTxid).putLong(maxTxid)
                .putLong(timestamp).putLong(preApplyChecksum).putLong(walOffset).putLong(walSize).putInt(walSalt1)
                .putInt(walSalt2).putLong(nodeId);
        return b.array();
    }

    /**
     * Decodes and validates a header from the first 100 bytes of {@code bytes}.
     *
     * @param bytes  at least the first 100 bytes of a file
     * @param source the file name for error messages, or {@code null}
     * @throws LtxFormatException naming the offset and field of the first rule the header breaks
     */
    public static LtxHeader parse(byte[] bytes, String source) throws LtxFormatException {
        if (bytes.length < Ltx.HEADER_SIZE) {
            throw new LtxFormatException(source, bytes.length, "header",
                    "truncated: " + bytes.length + " of " + Ltx.HEADER_SIZE + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, Ltx.HEADER_SIZE);
        int magic = b.getInt();
        if (magic != Ltx.MAGIC) {
            throw new LtxFormatException(source, 0, "magic",
                    String.format("not an LTX file: 0x%08x, want 0x%08x (\"LTX1\")", magic, Ltx.MAGIC));
        }
        int flags = b.getInt();
        int pageSize = b.getInt();
        long commit = Integer.toUnsignedLong(b.getInt());
        long minTxid = b.getLong();
        long maxTxid = b.getLong();
        long timestamp = b.getLong();
        long pre = b.getLong();
        long walOffset = b.getLong();
        long walSize = b.getLong();
        int salt1 = b.getInt();
        int salt2 = b.getInt();
        long nodeId = b.getLong();
        Violation v = check(flags, pageSize, commit, minTxid, maxTxid, pre, walOffset, walSize, salt1, salt2);
        if (v != null) {
            throw new LtxFormatException(source, v.offset, v.field, v.reason);
        }
        for (int i = 80; i < Ltx.HEADER_SIZE; i++) {
            if (bytes[i] != 0) {
                throw new LtxFormatException(source, i, "reserved header bytes",
                        String.format("must be zero, found 0x%02x", bytes[i] & 0xff));
            }
        }
        return new LtxHeader(flags, pageSize, commit, minTxid, maxTxid, timestamp, pre, walOffset, walSize, salt1,
                salt2, nodeId);
    }

    private record Violation(long offset, String field, String reason) {
    }

    private static Violation check(int flags, int pageSize, long commit, long minTxid, long maxTxid, long pre,
                                   long walOffset, long walSize, int salt1, int salt2) {
        if ((flags & ~Ltx.HEADER_FLAG_NO_CHECKSUM) != 0) {
            return new Violation(4, "flags", String.format("invalid flags: 0x%08x, only 0x%08x may be set", flags,
                    Ltx.HEADER_FLAG_NO_CHECKSUM));
        }
        if (!Ltx.isValidPageSize(Integer.toUnsignedLong(pageSize))) {
            return new Violation(8, "page size", "invalid page size: " + Integer.toUnsignedString(pageSize)
                    + ", want a power of two from 512 to 65536");
        }
        if (commit < 0 || commit > 0xFFFFFFFFL) {
            return new Violation(12, "commit", "out of the u32 range: " + commit);
        }
        if (minTxid == 0) {
            return new Violation(16, "min TXID", "minimum transaction id required, found 0");
        }
        if (maxTxid == 0) {
            return new Violation(24, "max TXID", "maximum transaction id required, found 0");
        }
        if (Long.compareUnsigned(minTxid, maxTxid) > 0) {
            return new Violation(16, "TXID range", "transaction ids out of order: (" + Long.toUnsignedString(minTxid)
                    + "," + Long.toUnsignedString(maxTxid) + ")");
        }
        if (walOffset < 0) {
            return new Violation(48, "WAL offset", "must not be negative: " + walOffset);
        }
        if (walSize < 0) {
            return new Violation(56, "WAL size", "must not be negative: " + walSize);
        }
        if ((salt1 | salt2) != 0 && walOffset == 0) {
            return new Violation(64, "WAL salt", "WAL salts set but WAL offset is 0");
        }
        if (walOffset == 0 && walSize != 0) {
            return new Violation(56, "WAL size", "WAL size " + walSize + " requires a WAL offset");
        }
        boolean noChecksum = (flags & Ltx.HEADER_FLAG_NO_CHECKSUM) != 0;
        if (minTxid == 1 && pre != 0) {
            return new Violation(40, "pre-apply checksum", "must be 0 for a snapshot, found " + Ltx.formatChecksum(pre));
        }
        if (minTxid != 1 && noChecksum && pre != 0) {
            return new Violation(40, "pre-apply checksum",
                    "must be 0 when the NoChecksum flag is set, found " + Ltx.formatChecksum(pre));
        }
        if (minTxid != 1 && !noChecksum && (pre & Ltx.CHECKSUM_FLAG) == 0) {
            return new Violation(40, "pre-apply checksum",
                    "invalid pre-apply checksum format: " + Ltx.formatChecksum(pre) + " (bit 63 must be set)");
        }
        return null;
    }
}
