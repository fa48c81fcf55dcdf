package io.github.ltxkit.ltx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Conversions between SQLite database files and LTX snapshots, streaming in constant memory.
 *
 * <p>{@link #toSnapshot} turns a {@code .db} file into a snapshot LTX file; {@link #restore} applies a snapshot
 * and the incremental files that follow it and writes the resulting database. The database file must be a plain
 * rollback-journal or checkpointed WAL database: pending WAL frames are not read.
 */
public final class DatabaseFiles {
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private DatabaseFiles() {
    }

    /**
     * How to write a snapshot.
     *
     * @param txid      the snapshot's max TXID (its min TXID is always 1)
     * @param timestamp the header timestamp in milliseconds since the epoch
     * @param checksums whether to track database checksums; Litestream writes files without them
     */
    public record SnapshotOptions(long txid, long timestamp, boolean checksums) {
        /** Checks the TXID. */
        public SnapshotOptions {
            if (txid < 1) {
                throw new IllegalArgumentException("txid must be at least 1: " + txid);
            }
        }

        /** A snapshot at TXID 1, now, without checksums: what Litestream writes. */
        public static SnapshotOptions litestream() {
            return new SnapshotOptions(1, System.currentTimeMillis(), false);
        }
    }

    /** Returns the page size recorded in a SQLite database file's header. */
    public static int pageSize(Path db) throws IOException {
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.READ)) {
            return readPageSize(ch, db);
        }
    }

    /**
     * Writes a snapshot LTX file of the database {@code db} to {@code out}.
     *
     * @throws IOException if {@code db} is not a SQLite database (the message names the file and the problem)
     */
    public static EncodedLtx toSnapshot(Path db, OutputStream out, SnapshotOptions options) throws IOException {
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.READ)) {
            int pageSize = readPageSize(ch, db);
            long size = ch.size();
            if (size % pageSize != 0) {
                throw new IOException(db + ": not a whole number of " + pageSize + "-byte pages (" + size
                        + " bytes)");
            }
            long commit = size / pageSize;
            LtxHeader header = options.checksums()
                    ? LtxHeader.withChecksums(pageSize, commit, 1, options.txid(), options.timestamp(), 0)
                    : LtxHeader.withoutChecksums(pageSize, commit, 1, options.txid(), options.timestamp());
            LtxEncoder encoder = LtxEncoder.create(out, header);
            byte[] page = new byte[pageSize];
            long lock = Ltx.lockPgno(pageSize);
            for (long pgno = 1; pgno <= commit; pgno++) {
                if (pgno == lock) {
                    continue;
                }
                readFully(ch, ByteBuffer.wrap(page), (pgno - 1) * pageSize, db);
                encoder.writePage(pgno, page, 0);
            }
            return encoder.finish();
        }
    }

    /**
     * Applies a chain of LTX files that starts with a snapshot and writes the database to {@code out}, replacing
     * it atomically. The lock page is written as zeros.
     *
     * @param chain the files' bytes in TXID order, each from offset 0; all are closed
     * @param names their file names, for error messages
     * @return the header of the merged result (TXID range, commit, page size)
     * @throws LtxFormatException if a file is invalid, the chain has a gap, or it does not start with a snapshot
     */
    public static LtxHeader restore(List<InputStream> chain, List<String> names, Path out) throws IOException {
        if (chain.isEmpty() || chain.size() != names.size()) {
            throw new IllegalArgumentException("restore needs one name per file and at least one file");
        }
        List<LtxDecoder> decoders = new java.util.ArrayList<>();
        Path tmp = out.resolveSibling(out.getFileName() + ".restoring");
        try {
            for (int i = 0; i < chain.size(); i++) {
                decoders.add(LtxDecoder.open(chain.get(i), names.get(i)));
            }
            if (!decoders.getFirst().header().isSnapshot()) {
                throw new LtxFormatException(names.getFirst(), 16, "min TXID", "a restore must start with a snapshot"
                        + " (min TXID 1), found " + decoders.getFirst().header().txRange());
            }
            LtxHeader merged = LtxCompactor.outputHeader(decoders);
            int pageSize = merged.pageSize();
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                long[] expected = {1};
                long lock = Ltx.lockPgno(pageSize);
                LtxCompactor.merge(decoders, (pgno, page) -> {
                    long want = expected[0] == lock ? lock + 1 : expected[0];
                    if (pgno != want) {
                        throw new LtxFormatException(null, LtxFormatException.UNKNOWN_OFFSET, "page " + want,
                                "missing from the restored database (next page found is " + pgno + ")");
                    }
                    ByteBuffer b = ByteBuffer.wrap(page);
                    long pos = (pgno - 1) * pageSize;
                    while (b.hasRemaining()) {
                        pos += ch.write(b, pos);
                    }
                    expected[0] = pgno + 1;
                });
                long last = expected[0] - 1;
                long want = merged.commit() == lock ? merged.commit() - 1 : merged.commit();
                if (last != want) {
                    throw new LtxFormatException(null, LtxFormatException.UNKNOWN_OFFSET, "commit",
                            "restored pages end at " + last + " but the commit is " + merged.commit());
                }
                ch.truncate(merged.commit() * pageSize);
                if (ch.size() < merged.commit() * pageSize) {
                    ch.write(ByteBuffer.allocate(1), merged.commit() * pageSize - 1);
                }
                ch.force(true);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return merged;
        } finally {
            for (LtxDecoder d : decoders) {
                d.close();
            }
            for (InputStream in : chain) {
                in.close();
            }
            Files.deleteIfExists(tmp);
        }
    }

    private static int readPageSize(FileChannel ch, Path db) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(100);
        if (ch.size() < 100) {
            throw new IOException(db + ": not a SQLite database: " + ch.size() + " bytes is shorter than its header");
        }
        readFully(ch, head, 0, db);
        byte[] h = head.array();
        for (int i = 0; i < SQLITE_MAGIC.length; i++) {
            if (h[i] != SQLITE_MAGIC[i]) {
                throw new IOException(db + ": not a SQLite database: the header does not start with "
                        + "\"SQLite format 3\"");
            }
        }
        int raw = ((h[16] & 0xff) << 8) | (h[17] & 0xff);
        int pageSize = raw == 1 ? 65536 : raw;
        if (!Ltx.isValidPageSize(pageSize)) {
            throw new IOException(db + ": invalid page size " + raw + " at offset 16 of the SQLite header");
        }
        return pageSize;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos, Path db) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new IOException(db + ": unexpected end of file at offset " + pos);
            }
            pos += n;
        }
    }
}
