package io.github.ltxkit.ltx;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an LTX file sequentially and verifies all of it: header rules, every page frame, the page index against
 * the frames, the trailer, the file checksum and, for snapshots with checksums, the database checksum.
 *
 * <p>Memory stays bounded whatever the file: one page buffer, one compressed-payload buffer, and the list of
 * frames seen (16 bytes a page) to check the index against. Any input that breaks the format gives an
 * {@link LtxFormatException} naming the offset and field; an {@link IOException} of another type comes only from
 * the underlying stream. Not thread-safe.
 *
 * <pre>{@code
 * try (LtxDecoder d = LtxDecoder.open(in, "0000000000000001-0000000000000001.ltx")) {
 *     byte[] page = new byte[d.header().pageSize()];
 *     for (long pgno; (pgno = d.readPage(page)) != 0; ) { ... }
 *     LtxFileSummary summary = d.summary();
 * }
 * }</pre>
 */
public final class LtxDecoder implements Closeable {
    private final InputStream stream;
    private final LtxInput in;
    private final LtxHeader header;
    private final Crc64 crc = new Crc64();
    private final DatabaseChecksum databaseChecksum = new DatabaseChecksum();
    private final byte[] payload;
    private final long lockPgno;
    private final byte[] pageHeader = new byte[Ltx.PAGE_HEADER_SIZE];

    // Frames seen so far, to check the page index against. Owned by the reading thread, like everything here.
    private int[] framePgnos = new int[64];
    private long[] frameOffsets = new long[64];
    private int[] frameSizes = new int[64];
    private int frameCount;
    private long prevPgno;
    private LtxFileSummary summary;

    private LtxDecoder(InputStream stream, LtxInput in, LtxHeader header) {
        this.stream = stream;
        this.in = in;
        this.header = header;
        this.payload = new byte[Ltx.maxCompressedPageSize(header.pageSize())];
        this.lockPgno = header.lockPgno();
    }

    /**
     * Reads and validates the header of an LTX file.
     *
     * @param stream the file's bytes from offset 0; closed by {@link #close()}
     * @param source the file name for error messages, or {@code null}
     * @throws LtxFormatException if the header is invalid or truncated
     */
    public static LtxDecoder open(InputStream stream, String source) throws IOException {
        LtxInput in = new LtxInput(stream, source, 0);
        byte[] h = new byte[Ltx.HEADER_SIZE];
        in.readFully(h, 0, h.length, "header");
        LtxHeader header = LtxHeader.parse(h, source);
        LtxDecoder d = new LtxDecoder(stream, in, header);
        d.crc.update(h, 0, h.length);
        return d;
    }

    /** Reads and verifies a whole file, returning its summary. */
    public static LtxFileSummary verify(InputStream stream, String source) throws IOException {
        try (LtxDecoder d = open(stream, source)) {
            byte[] page = new byte[d.header().pageSize()];
            while (d.readPage(page) != 0) {
                // every page is verified as it is read
            }
            return d.summary();
        }
    }

    /** Returns the file's header. */
    public LtxHeader header() {
        return header;
    }

    /**
     * Reads the next page into {@code page} and returns its page number. At the end of the page block it reads and
     * verifies the index and the trailer, then returns 0; {@link #summary()} is available from then on.
     */
    public long readPage(byte[] page) throws IOException {
        if (summary != null) {
            return 0;
        }
        long frameStart = in.position();
        in.readFully(pageHeader, 0, Ltx.PAGE_HEADER_SIZE, "page header " + frameCount);
        crc.update(pageHeader, 0, Ltx.PAGE_HEADER_SIZE);
        long pgno = Integer.toUnsignedLong(PageFrames.readInt(pageHeader, 0));
        int flags = ((pageHeader[4] & 0xff) << 8) | (pageHeader[5] & 0xff);
        if (pgno == 0 && flags == 0) {
            finish(frameStart);
            return 0;
        }
        String field = "page " + pgno;
        if (pgno == 0) {
            throw in.error(frameStart, "page header " + frameCount, "page number required");
        }
        if ((flags & ~Ltx.PAGE_FLAG_SIZE) != 0) {
            throw in.error(frameStart + 4, field, String.format("invalid page header flags: 0x%04x", flags));
        }
        checkOrder(frameStart, pgno, field);
        int pageSize = header.pageSize();
        if ((flags & Ltx.PAGE_FLAG_SIZE) != 0) {
            long csizeAt = in.position();
            long csize = Integer.toUnsignedLong(in.readInt(field + " compressed size"));
            crc.updateInt((int) csize);
            if (csize > payload.length) {
                throw in.error(csizeAt, field, "compressed size " + csize + " is larger than a page can need ("
                        + payload.length + ")");
            }
            in.readFully(payload, 0, (int) csize, field + " compressed data");
            String problem = Lz4Pages.decompressBlock(payload, 0, (int) csize, page, pageSize);
            if (problem != null) {
                throw in.error(csizeAt + 4, field, problem);
            }
        } else {
            Lz4Pages.readLegacyFrame(in, page, pageSize, field);
        }
        crc.update(page, 0, pageSize);
        if (header.isSnapshot() && header.hasChecksums()) {
            databaseChecksum.add(DatabaseChecksum.pageChecksum(pgno, page, 0, pageSize));
        }
        recordFrame(pgno, frameStart, (int) (in.position() - frameStart));
        prevPgno = pgno;
        return pgno;
    }

    private void checkOrder(long at, long pgno, String field) throws LtxFormatException {
        if (pgno > header.commit()) {
            throw in.error(at, field, "page number " + pgno + " out of bounds for commit size " + header.commit());
        }
        if (pgno == lockPgno) {
            throw in.error(at, field, "the lock page (" + lockPgno + ") must never be stored");
        }
        if (pgno <= prevPgno) {
            throw in.error(at, field, "out-of-order page numbers: " + pgno + " after " + prevPgno);
        }
        if (header.isSnapshot()) {
            long want = prevPgno + 1 == lockPgno ? lockPgno + 1 : prevPgno + 1;
            if (pgno != want) {
                throw in.error(at, field, "snapshot is missing pages: found page " + pgno + ", want " + want);
            }
        }
    }

    private void recordFrame(long pgno, long offset, int size) {
        if (frameCount == framePgnos.length) {
            int n = frameCount * 2;
            framePgnos = Arrays.copyOf(framePgnos, n);
            frameOffsets = Arrays.copyOf(frameOffsets, n);
            frameSizes = Arrays.copyOf(frameSizes, n);
        }
        framePgnos[frameCount] = (int) pgno;
        frameOffsets[frameCount] = offset;
        frameSizes[frameCount] = size;
        frameCount++;
    }

    private void finish(long endMarkerAt) throws IOException {
        if (header.isSnapshot()) {
            long last = header.commit() == lockPgno ? header.commit() - 1 : header.commit();
            if (prevPgno != last) {
                throw in.error(endMarkerAt, "snapshot", "incomplete: pages end at " + prevPgno + " but commit is "
                        + header.commit());
            }
        }
        long indexStart = in.position();
        for (int i = 0; ; i++) {
            long entryAt = in.position();
            String field = "page index entry " + i;
            long pgno = in.readUvarint(crc, field + " pgno");
            if (pgno == 0) {
                if (i != frameCount) {
                    throw in.error(entryAt, "page index", "has " + i + " entries but the file has " + frameCount
                            + " pages");
                }
                break;
            }
            long offset = in.readUvarint(crc, field + " offset");
            long size = in.readUvarint(crc, field + " size");
            if (i >= frameCount) {
                throw in.error(entryAt, field, "page " + Long.toUnsignedString(pgno)
                        + " is in the index but not in the file (" + frameCount + " pages)");
            }
            long wantPgno = Integer.toUnsignedLong(framePgnos[i]);
            if (pgno != wantPgno || offset != frameOffsets[i] || size != frameSizes[i]) {
                throw in.error(entryAt, field, "index says (page " + Long.toUnsignedString(pgno) + ", offset "
                        + offset + ", size " + size + ") but the frame is (page " + wantPgno + ", offset "
                        + frameOffsets[i] + ", size " + frameSizes[i] + ")");
            }
        }
        long varintBytes = in.position() - indexStart;
        long sizeAt = in.position();
        byte[] eight = new byte[8];
        in.readFully(eight, 0, 8, "page index size");
        crc.update(eight, 0, 8);
        long indexSize = java.nio.ByteBuffer.wrap(eight).getLong();
        if (indexSize != varintBytes) {
            throw in.error(sizeAt, "page index size", "says " + Long.toUnsignedString(indexSize)
                    + " bytes but the index has " + varintBytes);
        }
        long postAt = in.position();
        in.readFully(eight, 0, 8, "post-apply checksum");
        crc.update(eight, 0, 8);
        long post = java.nio.ByteBuffer.wrap(eight).getLong();
        long fileChecksumAt = in.position();
        in.readFully(eight, 0, 8, "file checksum");
        long stored = java.nio.ByteBuffer.wrap(eight).getLong();
        long fileSize = in.position();
        if (!in.atEnd()) {
            throw in.error(fileSize, "trailer", "unexpected data after the trailer: the file should end at " + fileSize);
        }
        FileChecksumParts.verify(crc.value(), stored, in.source(), fileChecksumAt, "");
        checkPostApply(postAt, post);
        summary = new LtxFileSummary(header, frameCount, post, stored, fileSize, indexStart, indexSize);
    }

    private void checkPostApply(long at, long post) throws LtxFormatException {
        if (!header.hasChecksums()) {
            if (post != 0) {
                throw in.error(at, "post-apply checksum", "must be 0 when the NoChecksum flag is set, found "
                        + Ltx.formatChecksum(post));
            }
            return;
        }
        if ((post & Ltx.CHECKSUM_FLAG) == 0) {
            throw in.error(at, "post-apply checksum", "bit 63 is not set: " + Ltx.formatChecksum(post));
        }
        if (header.commit() == 0 && post != Ltx.EMPTY_DATABASE_CHECKSUM) {
            throw in.error(at, "post-apply checksum", "an empty database (commit 0) has checksum "
                    + Ltx.formatChecksum(Ltx.EMPTY_DATABASE_CHECKSUM) + ", found " + Ltx.formatChecksum(post));
        }
        if (header.isSnapshot() && post != databaseChecksum.value()) {
            throw in.error(at, "post-apply checksum", "post-apply checksum in trailer (" + Ltx.formatChecksum(post)
                    + ") does not match calculated checksum (" + Ltx.formatChecksum(databaseChecksum.value()) + ")");
        }
    }

    /**
     * Returns what the file holds, once {@link #readPage} has returned 0.
     *
     * @throws IllegalStateException if the file has not been read to its end
     */
    public LtxFileSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("summary is only available after readPage() returned 0");
        }
        return summary;
    }

    /** Closes the underlying stream. */
    @Override
    public void close() throws IOException {
        stream.close();
    }
}
