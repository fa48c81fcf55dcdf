package io.github.ltxkit.ltx;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Decodes one span of an LTX file read apart from the rest (a ranged read), so that a large file can be fetched and
 * decoded in several parallel pieces and still be checked against its file checksum.
 *
 * <p>A span starts at offset 0 (the header) or at the start of a page frame, and ends at the start of a page frame
 * or at the end of the file. Every frame in it is decoded (a safe LZ4 decode to exactly one page, valid flags,
 * ascending page numbers) and handed to a {@link PageSink}; a span that reaches the end marker covers the page index
 * and the trailer too. {@link Result} carries the span's share of the file checksum: the CRC-64 of what the
 * checksum covers (frame headers and <em>uncompressed</em> pages, not the bytes as stored) and its length, which
 * {@link FileChecksumParts#combine} joins in file order. Thread-safe (stateless); a call uses its own buffers.
 */
public final class FrameSpan {
    private FrameSpan() {
    }

    /** Receives the pages of a span in file order. */
    @FunctionalInterface
    public interface PageSink {
        /**
         * Takes one decoded page.
         *
         * @param pgno        the page number the frame holds
         * @param frameOffset where the frame starts in the file
         * @param frameSize   the frame's length in bytes
         * @param page        the page; valid only during the call
         * @throws IOException to stop the decoding, for instance when the page is not where the index said
         */
        void page(long pgno, long frameOffset, int frameSize, byte[] page) throws IOException;
    }

    /**
     * What a span contributed to the file checksum.
     *
     * @param crc          the CRC-64 of the bytes the file checksum covers in this span
     * @param length       how many such bytes there were
     * @param header       the file's header, if the span starts at offset 0, else {@code null}
     * @param fileChecksum the file checksum stored in the trailer, if the span ends with it, else 0
     */
    public record Result(long crc, long length, LtxHeader header, long fileChecksum) {
    }

    /**
     * Decodes the span {@code bytes[0, length)} read from {@code fileOffset} of a file of {@code fileSize} bytes.
     *
     * @param bytes      the span's bytes
     * @param length     how many of them belong to the span
     * @param fileOffset where the span starts in the file: 0, or the start of a page frame
     * @param fileSize   the file's length; a span ending there must hold the end marker, index and trailer
     * @param pageSize   the file's page size
     * @param source     the file name for error messages
     * @param sink       receives every page of the span
     * @throws LtxFormatException if the span breaks the format, naming the file, offset and field
     * @throws IOException        if {@code sink} throws
     */
    public static Result decode(byte[] bytes, int length, long fileOffset, long fileSize, int pageSize,
                                String source, PageSink sink) throws IOException {
        if (length < 0 || length > bytes.length || fileOffset < 0 || fileOffset + length > fileSize) {
            throw new IllegalArgumentException("span of " + length + " bytes at " + fileOffset + " is not inside "
                    + "a file of " + fileSize + " bytes");
        }
        Crc64 crc = new Crc64();
        long covered = 0;
        int pos = 0;
        LtxHeader header = null;
        if (fileOffset == 0) {
            if (length < Ltx.HEADER_SIZE) {
                throw new LtxFormatException(source, length, "header", "truncated: span of " + length + " bytes");
            }
            header = LtxHeader.parse(bytes, source);
            if (header.pageSize() != pageSize) {
                throw new LtxFormatException(source, 8, "page size", "file has pages of " + header.pageSize()
                        + " bytes, want " + pageSize);
            }
            crc.update(bytes, 0, Ltx.HEADER_SIZE);
            covered += Ltx.HEADER_SIZE;
            pos = Ltx.HEADER_SIZE;
        }
        byte[] page = new byte[pageSize];
        long prevPgno = 0;
        while (pos < length) {
            long at = fileOffset + pos;
            if (length - pos < Ltx.PAGE_HEADER_SIZE) {
                throw new LtxFormatException(source, at, "page header", "span ends inside a page header");
            }
            long pgno = Integer.toUnsignedLong(PageFrames.readInt(bytes, pos));
            int flags = ((bytes[pos + 4] & 0xff) << 8) | (bytes[pos + 5] & 0xff);
            crc.update(bytes, pos, Ltx.PAGE_HEADER_SIZE);
            covered += Ltx.PAGE_HEADER_SIZE;
            if (pgno == 0 && flags == 0) {
                return finish(bytes, pos + Ltx.PAGE_HEADER_SIZE, length, fileOffset, fileSize, source, crc, covered,
                        header);
            }
            String field = "page " + pgno;
            if (pgno == 0) {
                throw new LtxFormatException(source, at, "page header", "page number required");
            }
            if ((flags & ~Ltx.PAGE_FLAG_SIZE) != 0) {
                throw new LtxFormatException(source, at + 4, field,
                        String.format("invalid page header flags: 0x%04x", flags));
            }
            if (pgno <= prevPgno) {
                throw new LtxFormatException(source, at, field, "out-of-order page numbers: " + pgno + " after "
                        + prevPgno);
            }
            int end;
            if ((flags & Ltx.PAGE_FLAG_SIZE) != 0) {
                int csizeAt = pos + Ltx.PAGE_HEADER_SIZE;
                if (length - csizeAt < 4) {
                    throw new LtxFormatException(source, fileOffset + csizeAt, field + " compressed size",
                            "span ends inside the field");
                }
                long csize = Integer.toUnsignedLong(PageFrames.readInt(bytes, csizeAt));
                if (csize > length - csizeAt - 4) {
                    throw new LtxFormatException(source, fileOffset + csizeAt, field, "compressed size " + csize
                            + " runs past the end of the span at " + (fileOffset + length));
                }
                String problem = Lz4Pages.decompressBlock(bytes, csizeAt + 4, (int) csize, page, pageSize);
                if (problem != null) {
                    throw new LtxFormatException(source, fileOffset + csizeAt + 4, field, problem);
                }
                crc.update(bytes, csizeAt, 4);
                covered += 4;
                end = csizeAt + 4 + (int) csize;
            } else {
                LtxInput in = new LtxInput(new ByteArrayInputStream(bytes, pos + Ltx.PAGE_HEADER_SIZE,
                        length - pos - Ltx.PAGE_HEADER_SIZE), source, at + Ltx.PAGE_HEADER_SIZE);
                Lz4Pages.readLegacyFrame(in, page, pageSize, field);
                end = (int) (in.position() - fileOffset);
            }
            crc.update(page, 0, pageSize);
            covered += pageSize;
            sink.page(pgno, at, end - pos, page);
            prevPgno = pgno;
            pos = end;
        }
        if (fileOffset + length == fileSize) {
            throw new LtxFormatException(source, fileSize, "end marker", "the file ends without one");
        }
        return new Result(crc.value(), covered, header, 0);
    }

    /** CRCs the index and the trailer's first half after the end marker, and reads the stored file checksum. */
    private static Result finish(byte[] bytes, int pos, int length, long fileOffset, long fileSize, String source,
                                 Crc64 crc, long covered, LtxHeader header) throws LtxFormatException {
        if (fileOffset + length != fileSize) {
            throw new LtxFormatException(source, fileOffset + pos - Ltx.PAGE_HEADER_SIZE, "end marker",
                    "found inside the file's frames, before the span's end at " + (fileOffset + length));
        }
        int checksumAt = length - 8;
        if (checksumAt - pos < Ltx.INDEX_SIZE_FIELD + 8) {
            throw new LtxFormatException(source, fileOffset + pos, "trailer", "truncated after the end marker");
        }
        crc.update(bytes, pos, checksumAt - pos);
        long stored = ByteBuffer.wrap(bytes, checksumAt, 8).getLong();
        return new Result(crc.value(), covered + checksumAt - pos, header, stored);
    }
}
