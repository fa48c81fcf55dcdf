package io.github.ltxkit.bench.codec;

import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.ltx.LtxEncoder;
import io.github.ltxkit.ltx.LtxHeader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Incremental LTX files that follow a snapshot of a database, as Litestream writes them (no checksums): each one
 * rewrites page 1 (SQLite bumps its change counter on every commit) and a random set of other pages, with a few
 * runs of bytes changed in each. Deterministic (seeded). Immutable.
 *
 * @param files     the files' bytes, TXIDs 2, 3, ... in order
 * @param pageCount the pages the files hold, summed over all files
 */
record IncrementalChain(List<byte[]> files, long pageCount) {
    IncrementalChain {
        files = List.copyOf(files);
    }

    /**
     * Builds {@code fileCount} files over the database {@code db}, each rewriting page 1 and
     * {@code pagesPerFile - 1} other random pages.
     */
    static IncrementalChain build(Path db, int pageSize, int fileCount, int pagesPerFile, long timestamp)
            throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        List<byte[]> files = new ArrayList<>(fileCount);
        long pages = 0;
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.READ)) {
            long commit = ch.size() / pageSize;
            long lock = Ltx.lockPgno(pageSize);
            int wanted = (int) Math.min(pagesPerFile, commit - (commit >= lock ? 1 : 0));
            byte[] page = new byte[pageSize];
            for (int f = 0; f < fileCount; f++) {
                long txid = 2L + f;
                TreeSet<Long> pgnos = new TreeSet<>(List.of(1L));
                while (pgnos.size() < wanted) {
                    long pgno = 1 + random.nextLong(commit);
                    if (pgno != lock) {
                        pgnos.add(pgno);
                    }
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream(pgnos.size() * pageSize / 2);
                LtxEncoder encoder = LtxEncoder.create(out,
                        LtxHeader.withoutChecksums(pageSize, commit, txid, txid, timestamp + txid));
                for (long pgno : pgnos) {
                    read(ch, page, pgno, pageSize);
                    change(page, pgno, txid, random);
                    encoder.writePage(pgno, page, 0);
                }
                encoder.finish();
                files.add(out.toByteArray());
                pages += pgnos.size();
            }
        }
        return new IncrementalChain(files, pages);
    }

    /** Returns the files' total size in bytes. */
    long bytes() {
        return files.stream().mapToLong(f -> f.length).sum();
    }

    private static void change(byte[] page, long pgno, long txid, SplittableRandom random) {
        if (pgno == 1) {
            ByteBuffer.wrap(page).putInt(24, (int) txid);
            return;
        }
        for (int run = 0; run < 3; run++) {
            int at = random.nextInt(page.length - 32);
            for (int i = 0; i < 32; i++) {
                page[at + i] = (byte) random.nextInt(256);
            }
        }
    }

    private static void read(FileChannel ch, byte[] page, long pgno, int pageSize) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(page);
        long pos = (pgno - 1) * pageSize;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                throw new IOException("database ends before page " + pgno);
            }
        }
    }
}
