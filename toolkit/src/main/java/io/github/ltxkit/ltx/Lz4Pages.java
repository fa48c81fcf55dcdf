package io.github.ltxkit.ltx;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * LZ4 for LTX pages: raw blocks (current format) and the legacy one-frame-per-page encoding written by
 * Litestream v0.5.0 to v0.5.15.
 *
 * <p>Uses lz4-java's JNI build when it loads and its pure-Java <em>safe</em> implementation otherwise; untrusted
 * input only ever meets the safe decompressor. Stateless and thread-safe.
 */
final class Lz4Pages {
    private static final int FRAME_MAGIC = 0x184D2204;
    private static final LZ4Factory LZ4 = factory();
    private static final LZ4Compressor COMPRESSOR = LZ4.fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4.safeDecompressor();
    private static final XXHash32 XXH32 = xxhash();

    private Lz4Pages() {
    }

    private static LZ4Factory factory() {
        try {
            return LZ4Factory.nativeInstance();
        } catch (Throwable notAvailable) {
            return LZ4Factory.safeInstance();
        }
    }

    private static XXHash32 xxhash() {
        try {
            return XXHashFactory.nativeInstance().hash32();
        } catch (Throwable notAvailable) {
            return XXHashFactory.safeInstance().hash32();
        }
    }

    /** Compresses one page into {@code dst} as a raw LZ4 block and returns its length. */
    static int compress(byte[] page, int off, int pageSize, byte[] dst) {
        return COMPRESSOR.compress(page, off, pageSize, dst, 0, dst.length);
    }

    /**
     * Decompresses a raw LZ4 block that must inflate to exactly one page.
     *
     * @return {@code null} on success, otherwise what is wrong
     */
    static String decompressBlock(byte[] src, int off, int len, byte[] page, int pageSize) {
        int n = decompressedLength(src, off, len, page, pageSize);
        if (n < 0) {
            return "corrupt LZ4 block (or it inflates to more than the page size " + pageSize + ")";
        }
        if (n != pageSize) {
            return "decompressed to " + n + " bytes, want " + pageSize;
        }
        return null;
    }

    /** Returns the xxHash32 (seed 0) of a byte range. */
    static int xxh32(byte[] b, int off, int len) {
        return XXH32.hash(b, off, len, 0);
    }

    /**
     * Reads one legacy LZ4 frame from {@code in} and inflates it into {@code page}, which must come out exactly one
     * page long. Every header field, the header checksum, block checksums and the content checksum are verified.
     *
     * @param field the field name used in errors, such as {@code "page 3"}
     */
    static void readLegacyFrame(LtxInput in, byte[] page, int pageSize, String field) throws java.io.IOException {
        long start = in.position();
        int magic = Integer.reverseBytes(in.readInt(field + " LZ4 frame magic"));
        if (magic != FRAME_MAGIC) {
            throw in.error(start, field, String.format("legacy LZ4 frame magic 0x%08x, want 0x%08x", magic, FRAME_MAGIC));
        }
        byte[] descriptor = new byte[2 + 8 + 4];
        int dlen = 0;
        int flg = in.readByte(field + " LZ4 frame descriptor");
        int bd = in.readByte(field + " LZ4 frame descriptor");
        descriptor[dlen++] = (byte) flg;
        descriptor[dlen++] = (byte) bd;
        if ((flg >>> 6) != 1) {
            throw in.error(start + 4, field, "LZ4 frame version " + (flg >>> 6) + ", want 1");
        }
        if ((flg & 0x02) != 0 || (bd & 0x8F) != 0) {
            throw in.error(start + 4, field, "LZ4 frame descriptor has reserved bits set");
        }
        int blockMaxCode = (bd >>> 4) & 0x7;
        if (blockMaxCode < 4) {
            throw in.error(start + 5, field, "LZ4 frame block size code " + blockMaxCode + ", want 4 to 7");
        }
        boolean blockChecksum = (flg & 0x10) != 0;
        boolean contentSize = (flg & 0x08) != 0;
        boolean contentChecksum = (flg & 0x04) != 0;
        if ((flg & 0x01) != 0) {
            throw in.error(start + 4, field, "LZ4 frame uses a dictionary, which LTX never does");
        }
        if (contentSize) {
            long size = 0;
            for (int i = 0; i < 8; i++) {
                int b = in.readByte(field + " LZ4 content size");
                descriptor[dlen++] = (byte) b;
                size |= ((long) b) << (8 * i);
            }
            if (size != pageSize) {
                throw in.error(start + 6, field, "LZ4 frame content size " + size + ", want " + pageSize);
            }
        }
        int hc = in.readByte(field + " LZ4 header checksum");
        int wantHc = (xxh32(descriptor, 0, dlen) >>> 8) & 0xFF;
        if (hc != wantHc) {
            throw in.error(in.position() - 1, field,
                    String.format("LZ4 frame header checksum 0x%02x, want 0x%02x", hc, wantHc));
        }
        int maxBlock = Ltx.maxCompressedPageSize(pageSize);
        byte[] block = new byte[maxBlock];
        int written = 0;
        while (true) {
            long blockStart = in.position();
            int raw = Integer.reverseBytes(in.readInt(field + " LZ4 block size"));
            if (raw == 0) {
                break;
            }
            boolean stored = (raw & 0x80000000) != 0;
            int size = raw & 0x7FFFFFFF;
            if (size > maxBlock) {
                throw in.error(blockStart, field, "LZ4 block of " + size + " bytes is larger than a page can need ("
                        + maxBlock + ")");
            }
            in.readFully(block, 0, size, field + " LZ4 block");
            if (blockChecksum) {
                int sum = Integer.reverseBytes(in.readInt(field + " LZ4 block checksum"));
                if (sum != xxh32(block, 0, size)) {
                    throw in.error(blockStart, field, "LZ4 block checksum mismatch");
                }
            }
            if (stored) {
                if (written + size > pageSize) {
                    throw in.error(blockStart, field, "LZ4 frame inflates to more than the page size " + pageSize);
                }
                System.arraycopy(block, 0, page, written, size);
                written += size;
            } else {
                if (written != 0) {
                    throw in.error(blockStart, field, "LZ4 frame has more than one compressed block per page");
                }
                written = decompressedLength(block, 0, size, page, pageSize);
                if (written < 0) {
                    throw in.error(blockStart, field, "corrupt LZ4 block in legacy frame (or it inflates to more "
                            + "than the page size " + pageSize + ")");
                }
            }
        }
        if (written != pageSize) {
            throw in.error(start, field, "decompressed to " + written + " bytes, want " + pageSize);
        }
        if (contentChecksum) {
            long at = in.position();
            int sum = Integer.reverseBytes(in.readInt(field + " LZ4 content checksum"));
            int want = xxh32(page, 0, pageSize);
            if (sum != want) {
                throw in.error(at, field, String.format("LZ4 content checksum 0x%08x, want 0x%08x", sum, want));
            }
        }
    }

    /** Returns how many bytes a raw block inflates to (at most one page), or -1 if it is corrupt. */
    private static int decompressedLength(byte[] src, int off, int len, byte[] page, int pageSize) {
        try {
            return DECOMPRESSOR.decompress(src, off, len, page, 0, pageSize);
        } catch (LZ4Exception | ArrayIndexOutOfBoundsException e) {
            return -1;
        }
    }
}
