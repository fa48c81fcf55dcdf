package io.github.ltxkit.ltx;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Decodes single page frames from their bytes alone, as fetched with one ranged read of {@code (offset, size)}
 * from a {@link PageIndex}. Thread-safe.
 *
 * <p>No per-page checksum exists in LTX, so a single frame is checked as far as it can be: the page number, the
 * flags, the payload length against the frame length, a safe LZ4 decode, and an output of exactly one page.
 */
public final class PageFrames {
    private PageFrames() {
    }

    /**
     * Decodes one frame into {@code page}.
     *
     * @param frame        bytes holding the frame at {@code off}
     * @param off          where the frame starts in {@code frame}
     * @param len          the frame's length, from the page index
     * @param expectedPgno the page number the index says this frame holds
     * @param pageSize     the file's page size
     * @param page         receives the page; at least {@code pageSize} long
     * @param source       the file name for error messages
     * @param fileOffset   the frame's offset in its file, for error messages
     * @throws LtxFormatException if the frame is not a valid frame of {@code expectedPgno}
     */
    public static void decode(byte[] frame, int off, int len, long expectedPgno, int pageSize, byte[] page,
                              String source, long fileOffset) throws LtxFormatException {
        if (len < Ltx.PAGE_HEADER_SIZE + 1 || off < 0 || off + len > frame.length) {
            throw new LtxFormatException(source, fileOffset, field(expectedPgno),
                    "frame of " + len + " bytes is too short");
        }
        long pgno = Integer.toUnsignedLong(readInt(frame, off));
        int flags = ((frame[off + 4] & 0xff) << 8) | (frame[off + 5] & 0xff);
        if (pgno != expectedPgno) {
            throw new LtxFormatException(source, fileOffset, field(expectedPgno),
                    "frame holds page " + pgno + ", want " + expectedPgno);
        }
        if ((flags & ~Ltx.PAGE_FLAG_SIZE) != 0) {
            throw new LtxFormatException(source, fileOffset + 4, field(expectedPgno),
                    String.format("invalid page header flags: 0x%04x", flags));
        }
        if ((flags & Ltx.PAGE_FLAG_SIZE) != 0) {
            if (len < Ltx.PAGE_HEADER_SIZE + 4) {
                throw new LtxFormatException(source, fileOffset, field(expectedPgno),
                        "frame of " + len + " bytes is too short");
            }
            long csize = Integer.toUnsignedLong(readInt(frame, off + Ltx.PAGE_HEADER_SIZE));
            if (csize != len - Ltx.PAGE_HEADER_SIZE - 4) {
                throw new LtxFormatException(source, fileOffset + Ltx.PAGE_HEADER_SIZE, field(expectedPgno),
                        "compressed size " + csize + " does not fill the frame of " + len + " bytes");
            }
            String problem = Lz4Pages.decompressBlock(frame, off + Ltx.PAGE_HEADER_SIZE + 4, (int) csize, page,
                    pageSize);
            if (problem != null) {
                throw new LtxFormatException(source, fileOffset + Ltx.PAGE_HEADER_SIZE + 4, field(expectedPgno),
                        problem);
            }
            return;
        }
        LtxInput in = new LtxInput(new ByteArrayInputStream(frame, off + Ltx.PAGE_HEADER_SIZE,
                len - Ltx.PAGE_HEADER_SIZE), source, fileOffset + Ltx.PAGE_HEADER_SIZE);
        try {
            Lz4Pages.readLegacyFrame(in, page, pageSize, field(expectedPgno));
        } catch (LtxFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new LtxFormatException(source, fileOffset, field(expectedPgno),
                    "unreadable legacy frame: " + e.getMessage(), e);
        }
        if (in.position() != fileOffset + len) {
            throw new LtxFormatException(source, in.position(), field(expectedPgno), "legacy LZ4 frame ends "
                    + (fileOffset + len - in.position()) + " bytes before the frame does");
        }
    }

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    /** The field an error about page {@code pgno}'s frame names; built only when there is an error. */
    private static String field(long pgno) {
        return "page " + pgno;
    }
}
