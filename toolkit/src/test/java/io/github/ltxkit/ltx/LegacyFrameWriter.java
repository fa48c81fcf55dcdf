package io.github.ltxkit.ltx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.SortedMap;
import net.jpountz.lz4.LZ4Factory;

/**
 * Writes LTX files with legacy frames (one LZ4 frame per page, page flags 0), as Litestream v0.5.0 to v0.5.15
 * did. Test-only: ltxkit itself writes the current block format.
 */
final class LegacyFrameWriter {
    private LegacyFrameWriter() {
    }

    static byte[] write(LtxHeader header, SortedMap<Long, byte[]> pages, long postApply, boolean storedBlocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Crc64 crc = new Crc64();
        byte[] h = header.toBytes();
        out.writeBytes(h);
        crc.update(h, 0, h.length);
        ByteArrayOutputStream index = new ByteArrayOutputStream();
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            long offset = out.size();
            byte[] ph = ByteBuffer.allocate(6).putInt((int) (long) e.getKey()).putShort((short) 0).array();
            out.writeBytes(ph);
            crc.update(ph, 0, 6);
            byte[] frame = lz4Frame(e.getValue(), storedBlocks);
            out.writeBytes(frame);
            crc.update(e.getValue(), 0, e.getValue().length);
            Uvarint.write(index, e.getKey());
            Uvarint.write(index, offset);
            Uvarint.write(index, 6 + frame.length);
        }
        byte[] end = new byte[6];
        out.writeBytes(end);
        crc.update(end, 0, 6);
        index.write(0);
        byte[] idx = index.toByteArray();
        byte[] tail = ByteBuffer.allocate(16).putLong(idx.length).putLong(postApply).array();
        out.writeBytes(idx);
        out.writeBytes(tail);
        crc.update(idx, 0, idx.length);
        crc.update(tail, 0, tail.length);
        out.writeBytes(ByteBuffer.allocate(8).putLong(Ltx.CHECKSUM_FLAG | crc.value()).array());
        return out.toByteArray();
    }

    /** One LZ4 frame: magic, FLG 0x64 (independent blocks, content checksum), BD 0x40 (64 KB), HC, one block. */
    static byte[] lz4Frame(byte[] page, boolean stored) {
        ByteBuffer b = ByteBuffer.allocate(page.length * 2 + 64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x184D2204).put((byte) 0x64).put((byte) 0x40);
        byte[] descriptor = {0x64, 0x40};
        b.put((byte) ((Lz4Pages.xxh32(descriptor, 0, 2) >>> 8) & 0xFF));
        if (stored) {
            b.putInt(page.length | 0x80000000).put(page);
        } else {
            byte[] c = new byte[page.length + page.length / 255 + 16];
            int n = LZ4Factory.safeInstance().fastCompressor().compress(page, 0, page.length, c, 0, c.length);
            b.putInt(n).put(c, 0, n);
        }
        b.putInt(0);
        b.putInt(Lz4Pages.xxh32(page, 0, page.length));
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }
}
