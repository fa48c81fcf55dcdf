package io.github.ltxkit.ltx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Writes an LTX file in the current format (LZ4 block frames), streaming: pages go out as they are written and
 * memory holds one compressed page plus the page index (about 16 bytes a page).
 *
 * <p>The encoder enforces the format's rules on what it is given: page numbers ascend, never exceed the commit,
 * never name the lock page, and a snapshot holds every page. Breaking a rule is a programming error and throws
 * {@link IllegalArgumentException} or {@link IllegalStateException}. The output stream is not closed. Not
 * thread-safe.
 */
public final class LtxEncoder {
    private final CountingOutput out;
    private final LtxHeader header;
    private final Crc64 crc = new Crc64();
    private final DatabaseChecksum snapshotChecksum = new DatabaseChecksum();
    private final byte[] compressed;
    private final byte[] frameHeader = new byte[Ltx.PAGE_HEADER_SIZE + 4];
    private final long lockPgno;

    private int[] pgnos = new int[256];
    private long[] offsets = new long[256];
    private int[] sizes = new int[256];
    private int count;
    private long prevPgno;
    private boolean finished;

    private LtxEncoder(OutputStream out, LtxHeader header) {
        this.out = new CountingOutput(out);
        this.header = header;
        this.compressed = new byte[Ltx.maxCompressedPageSize(header.pageSize())];
        this.lockPgno = header.lockPgno();
    }

    /** Starts a file with {@code header}, writing the header to {@code out} at once. */
    public static LtxEncoder create(OutputStream out, LtxHeader header) throws IOException {
        LtxEncoder e = new LtxEncoder(out, header);
        byte[] h = header.toBytes();
        e.crc.update(h, 0, h.length);
        e.out.write(h, 0, h.length);
        return e;
    }

    /** Returns the header this file was started with. */
    public LtxHeader header() {
        return header;
    }

    /** Returns the number of bytes written so far. */
    public long bytesWritten() {
        return out.count;
    }

    /**
     * Writes one page.
     *
     * @param pgno   the page number: above the previous one, at most the header's commit, not the lock page
     * @param page   holds the page at {@code offset}
     * @param offset where the page starts in {@code page}
     */
    public void writePage(long pgno, byte[] page, int offset) throws IOException {
        if (finished) {
            throw new IllegalStateException("the file is finished");
        }
        if (pgno <= 0 || pgno > header.commit()) {
            throw new IllegalArgumentException("page number " + pgno + " out of bounds for commit size "
                    + header.commit());
        }
        if (pgno == lockPgno) {
            throw new IllegalArgumentException("cannot encode the lock page (" + lockPgno + ")");
        }
        if (pgno <= prevPgno) {
            throw new IllegalArgumentException("out-of-order page numbers: " + pgno + " after " + prevPgno);
        }
        if (header.isSnapshot()) {
            long want = prevPgno + 1 == lockPgno ? lockPgno + 1 : prevPgno + 1;
            if (pgno != want) {
                throw new IllegalArgumentException("snapshot pages must be consecutive: got " + pgno + ", want "
                        + want);
            }
        }
        int pageSize = header.pageSize();
        if (offset < 0 || offset + pageSize > page.length) {
            throw new IllegalArgumentException("page buffer holds no full page at offset " + offset);
        }
        int csize = Lz4Pages.compress(page, offset, pageSize, compressed);
        ByteBuffer.wrap(frameHeader).putInt((int) pgno).putShort((short) Ltx.PAGE_FLAG_SIZE).putInt(csize);
        long frameOffset = out.count;
        crc.update(frameHeader, 0, frameHeader.length);
        crc.update(page, offset, pageSize);
        out.write(frameHeader, 0, frameHeader.length);
        out.write(compressed, 0, csize);
        if (header.isSnapshot() && header.hasChecksums()) {
            snapshotChecksum.add(DatabaseChecksum.pageChecksum(pgno, page, offset, pageSize));
        }
        record(pgno, frameOffset, frameHeader.length + csize);
        prevPgno = pgno;
    }

    /**
     * Finishes a file that needs no post-apply checksum from the caller: files without checksums, and snapshots
     * (whose checksum the encoder computes from their pages).
     */
    public EncodedLtx finish() throws IOException {
        if (header.hasChecksums() && !header.isSnapshot()) {
            throw new IllegalStateException("an incremental file with checksums needs finish(postApplyChecksum)");
        }
        long post = !header.hasChecksums() ? 0
                : header.commit() == 0 ? Ltx.EMPTY_DATABASE_CHECKSUM : snapshotChecksum.value();
        return finish(post);
    }

    /**
     * Writes the end marker, the page index and the trailer.
     *
     * @param postApplyChecksum the database checksum after this file; 0 for files without checksums
     */
    public EncodedLtx finish(long postApplyChecksum) throws IOException {
        if (finished) {
            throw new IllegalStateException("the file is already finished");
        }
        if (header.isSnapshot()) {
            long last = header.commit() == lockPgno ? header.commit() - 1 : header.commit();
            if (prevPgno != last) {
                throw new IllegalStateException("snapshot is incomplete: pages end at " + prevPgno
                        + " but commit is " + header.commit());
            }
        }
        checkPostApply(postApplyChecksum);
        finished = true;
        byte[] endMarker = new byte[Ltx.PAGE_HEADER_SIZE];
        crc.update(endMarker, 0, endMarker.length);
        out.write(endMarker, 0, endMarker.length);
        long indexStart = out.count;
        ByteArrayOutputStream index = new ByteArrayOutputStream(count * 8 + 16);
        for (int i = 0; i < count; i++) {
            Uvarint.write(index, Integer.toUnsignedLong(pgnos[i]));
            Uvarint.write(index, offsets[i]);
            Uvarint.write(index, sizes[i]);
        }
        index.write(0);
        byte[] indexBytes = index.toByteArray();
        byte[] tail = ByteBuffer.allocate(Ltx.INDEX_SIZE_FIELD + 8).putLong(indexBytes.length)
                .putLong(postApplyChecksum).array();
        crc.update(indexBytes, 0, indexBytes.length);
        crc.update(tail, 0, tail.length);
        long fileChecksum = Ltx.CHECKSUM_FLAG | crc.value();
        out.write(indexBytes, 0, indexBytes.length);
        out.write(tail, 0, tail.length);
        out.write(ByteBuffer.allocate(8).putLong(fileChecksum).array(), 0, 8);
        out.flush();
        PageIndex pageIndex = PageIndex.of(pgnos, offsets, sizes, count, indexStart);
        return new EncodedLtx(header, pageIndex, postApplyChecksum, fileChecksum, out.count);
    }

    private void checkPostApply(long post) {
        if (!header.hasChecksums()) {
            if (post != 0) {
                throw new IllegalArgumentException("a file without checksums has post-apply checksum 0, not "
                        + Ltx.formatChecksum(post));
            }
            return;
        }
        if ((post & Ltx.CHECKSUM_FLAG) == 0) {
            throw new IllegalArgumentException("invalid post-apply checksum format: " + Ltx.formatChecksum(post));
        }
        if (header.commit() == 0 && post != Ltx.EMPTY_DATABASE_CHECKSUM) {
            throw new IllegalArgumentException("an empty database has checksum "
                    + Ltx.formatChecksum(Ltx.EMPTY_DATABASE_CHECKSUM));
        }
        if (header.isSnapshot() && header.commit() != 0 && post != snapshotChecksum.value()) {
            throw new IllegalArgumentException("post-apply checksum " + Ltx.formatChecksum(post)
                    + " does not match the snapshot's pages (" + Ltx.formatChecksum(snapshotChecksum.value()) + ")");
        }
    }

    private void record(long pgno, long offset, int size) {
        if (count == pgnos.length) {
            pgnos = Arrays.copyOf(pgnos, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
        }
        pgnos[count] = (int) pgno;
        offsets[count] = offset;
        sizes[count] = size;
        count++;
    }

    /** Counts bytes; owned by the encoder. */
    private static final class CountingOutput {
        private final OutputStream out;
        private long count;

        CountingOutput(OutputStream out) {
            this.out = out;
        }

        void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
