package io.github.ltxkit.ltx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes LTX files whose page frames come in exactly the order given, even when that order breaks the format's
 * page rules (ascending, at most the commit, never the lock page, a snapshot holds every page). Everything else is
 * right: the frames are the encoder's LZ4 block frames, the page index describes them, and the file checksum is
 * correct, so a file built from a bad page list breaks that one rule and nothing else. Test-only:
 * {@link LtxEncoder} refuses such page lists. Stateless.
 */
final class RawLtxWriter {
    private RawLtxWriter() {
    }

    /** One page frame to write: its page number (unsigned 32-bit) and its bytes, exactly one page. */
    record Frame(long pgno, byte[] page) {
    }

    /**
     * A written file and where its parts are.
     *
     * @param bytes             the whole file
     * @param frameOffsets      the offset of each frame, in the order written
     * @param endMarkerOffset   the offset of the 6-byte end marker
     * @param indexEntryOffsets the offset of each page index entry, in the order written
     */
    record RawFile(byte[] bytes, long[] frameOffsets, long endMarkerOffset, long[] indexEntryOffsets) {
    }

    /**
     * Returns the post-apply checksum the decoder accepts for {@code frames}: 0 without checksums, the empty
     * database's checksum for commit 0, the checksum of the frames' pages for a snapshot, otherwise any value with
     * bit 63 set.
     */
    static long acceptablePostApply(LtxHeader header, List<Frame> frames) {
        if (!header.hasChecksums()) {
            return 0;
        }
        if (header.commit() == 0) {
            return Ltx.EMPTY_DATABASE_CHECKSUM;
        }
        if (!header.isSnapshot()) {
            return Ltx.CHECKSUM_FLAG | 0x1234_5678L;
        }
        DatabaseChecksum sum = new DatabaseChecksum();
        for (Frame f : frames) {
            sum.add(DatabaseChecksum.pageChecksum(f.pgno(), f.page()));
        }
        return sum.value();
    }

    /** Writes {@code frames} in order under {@code header}, with {@link #acceptablePostApply}. */
    static RawFile write(LtxHeader header, List<Frame> frames) {
        return write(header, frames, acceptablePostApply(header, frames));
    }

    /** Writes {@code frames} in order under {@code header}, ending with {@code postApplyChecksum}. */
    static RawFile write(LtxHeader header, List<Frame> frames, long postApplyChecksum) {
        int pageSize = header.pageSize();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream index = new ByteArrayOutputStream();
        Crc64 crc = new Crc64();
        byte[] h = header.toBytes();
        out.writeBytes(h);
        crc.update(h, 0, h.length);
        byte[] compressed = new byte[Ltx.maxCompressedPageSize(pageSize)];
        long[] frameOffsets = new long[frames.size()];
        long[] entrySizes = new long[frames.size()];
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            if (f.page().length != pageSize) {
                throw new IllegalArgumentException("page " + f.pgno() + " is " + f.page().length + " bytes, want "
                        + pageSize);
            }
            int csize = Lz4Pages.compress(f.page(), 0, pageSize, compressed);
            byte[] frameHeader = ByteBuffer.allocate(Ltx.PAGE_HEADER_SIZE + 4).putInt((int) f.pgno())
                    .putShort((short) Ltx.PAGE_FLAG_SIZE).putInt(csize).array();
            frameOffsets[i] = out.size();
            out.writeBytes(frameHeader);
            out.write(compressed, 0, csize);
            crc.update(frameHeader, 0, frameHeader.length);
            crc.update(f.page(), 0, pageSize);
            Uvarint.write(index, f.pgno());
            Uvarint.write(index, frameOffsets[i]);
            Uvarint.write(index, frameHeader.length + csize);
            entrySizes[i] = Uvarint.length(f.pgno()) + Uvarint.length(frameOffsets[i])
                    + Uvarint.length(frameHeader.length + csize);
        }
        long endMarkerOffset = out.size();
        byte[] endMarker = new byte[Ltx.PAGE_HEADER_SIZE];
        out.writeBytes(endMarker);
        crc.update(endMarker, 0, endMarker.length);
        long[] entryOffsets = new long[frames.size()];
        long next = out.size();
        for (int i = 0; i < frames.size(); i++) {
            entryOffsets[i] = next;
            next += entrySizes[i];
        }
        index.write(0);
        byte[] indexBytes = index.toByteArray();
        byte[] tail = ByteBuffer.allocate(Ltx.INDEX_SIZE_FIELD + 8).putLong(indexBytes.length)
                .putLong(postApplyChecksum).array();
        out.writeBytes(indexBytes);
        out.writeBytes(tail);
        crc.update(indexBytes, 0, indexBytes.length);
        crc.update(tail, 0, tail.length);
        out.writeBytes(ByteBuffer.allocate(8).putLong(Ltx.CHECKSUM_FLAG | crc.value()).array());
        return new RawFile(out.toByteArray(), frameOffsets, endMarkerOffset, entryOffsets);
    }
}
