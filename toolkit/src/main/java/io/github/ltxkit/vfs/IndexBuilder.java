package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.ltx.LtxFormatException;
import io.github.ltxkit.ltx.LtxHeader;
import io.github.ltxkit.ltx.PageIndex;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.ReplicaClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Turns LTX files of the replica into page-table entries: fetches each file's header and page index (in parallel,
 * one request for files up to 32 KiB, otherwise the header and the tail at once, the tail on a virtual thread of its
 * own so that a full pool cannot deadlock on it, and sized by the file so that a large index needs no second read)
 * and applies them with one rule: for each
 * page, the entry from the file with the highest max TXID wins, and on a tie the higher level; pages above the
 * newest commit are dropped. Stateless.
 */
final class IndexBuilder {
    private IndexBuilder() {
    }

    /** How many bytes of a large file's beginning are read with its header: its first frames (page 1 first). */
    static final int HEAD_READ = 16 * 1024;
    /**
     * The first tail read asks for this share of a file (1/128): an index entry takes about 8 bytes, so the index of
     * a file whose frames average 1 KiB or more fits, and a large snapshot's index comes in one round trip, not two.
     */
    static final int TAIL_READ_SHARE = 128;
    /** The first tail read never asks for more than this (2 MiB): a larger index takes a second read. */
    static final int MAX_TAIL_READ = 2 << 20;

    /** Returns how many bytes of a file's tail to read first for its page index: 32 KiB to 2 MiB, by its size. */
    static int tailRead(long fileSize) {
        return (int) Math.clamp(fileSize / TAIL_READ_SHARE, Ltx.ESTIMATED_PAGE_INDEX_SIZE, MAX_TAIL_READ);
    }

    /**
     * What one file contributes.
     *
     * @param head the file's first bytes as read: its header, and whole first frames when there was room
     */
    record FileIndex(RemoteFile file, LtxHeader header, PageIndex index, byte[] head) {
    }

    /**
     * Fetches the headers and page indexes of {@code files}, in parallel on {@code pool}, in the same order; with
     * {@code firstFrames}, a large file's first {@value #HEAD_READ} bytes are read with its header (see
     * {@link FileIndex#head()}), otherwise only its header.
     */
    static List<FileIndex> fetch(ReplicaClient client, List<LtxFileInfo> files, ExecutorService pool,
                                 boolean firstFrames) throws IOException {
        int headRead = firstFrames ? HEAD_READ : Ltx.HEADER_SIZE;
        List<Future<FileIndex>> futures = new ArrayList<>();
        for (LtxFileInfo f : files) {
            futures.add(pool.submit(() -> fetchOne(client, f, headRead)));
        }
        List<FileIndex> out = new ArrayList<>();
        try {
            for (Future<FileIndex> future : futures) {
                out.add(await(future));
            }
        } catch (IOException e) {
            futures.forEach(f -> f.cancel(true));
            throw e;
        }
        return out;
    }

    /** Returns the result of {@code future}: an {@link IOException} as it is, any other failure wrapped in one. */
    private static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading page indexes");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot read a page index: " + cause, cause);
        }
    }

    /** Fetches one file's header (and its first {@code headRead} bytes, if it is larger) and page index. */
    static FileIndex fetchOne(ReplicaClient client, LtxFileInfo info, int headRead) throws IOException {
        String name = info.key().toString();
        if (info.size() < Ltx.MIN_FILE_SIZE) {
            throw new LtxFormatException(name, 0, "file size", "too short to be an LTX file: " + info.size()
                    + " bytes");
        }
        byte[] head;
        PageIndex index;
        if (info.size() <= Ltx.ESTIMATED_PAGE_INDEX_SIZE) {
            byte[] all = exactly(client.read(info.key(), 0, (int) info.size()), (int) info.size(), name);
            head = all;
            index = PageIndex.read((off, len) -> Arrays.copyOfRange(all, (int) off, (int) (off + len)),
                    info.size(), name);
        } else {
            // The header and the tail are independent: read them at once, so that opening a large file costs one
            // round trip less (the tail read may need a second one when the index is larger than 32 KiB).
            CompletableFuture<PageIndex> tail = new CompletableFuture<>();
            Thread.ofVirtual().name("ltxkit-index-tail").start(() -> {
                try {
                    tail.complete(PageIndex.read((off, len) -> exactly(client.read(info.key(), off, len), len, name),
                            info.size(), tailRead(info.size()), name));
                } catch (Throwable t) {
                    tail.completeExceptionally(t);
                }
            });
            int headLength = (int) Math.min(headRead, info.size());
            head = exactly(client.read(info.key(), 0, headLength), headLength, name);
            index = await(tail);
        }
        LtxHeader header = LtxHeader.parse(head, name);
        if (!header.txRange().equals(info.key().range())) {
            throw new LtxFormatException(name, 16, "TXID range", "the header says " + header.txRange()
                    + " but the file is named " + info.key().fileName());
        }
        long lockPgno = Ltx.lockPgno(Math.max(header.pageSize(), Ltx.MIN_PAGE_SIZE));
        for (int i = 0; i < index.size(); i++) {
            if (index.pgno(i) > header.commit()) {
                throw new LtxFormatException(name, index.indexStart(), "page index",
                        "page " + index.pgno(i) + " is above the commit " + header.commit());
            }
            if (index.pgno(i) == lockPgno) {
                throw new LtxFormatException(name, index.indexStart(), "page index",
                        "page " + lockPgno + " is the lock page, which no LTX file may hold");
            }
        }
        return new FileIndex(RemoteFile.of(info), header, index, head);
    }

    private static byte[] exactly(byte[] got, int want, String name) throws IOException {
        if (got.length != want) {
            throw new io.github.ltxkit.replica.TransientReplicaException(
                    io.github.ltxkit.replica.ReplicaOperation.READ, name, "short read: got " + got.length
                    + " of " + want + " bytes", null);
        }
        return got;
    }

    /** The outcome of applying files: the new pages and what the newest file says about the database. */
    record Applied(PageTable pages, int pageSize, long commit, long txid, java.time.Instant txTime) {
    }

    /**
     * Applies files on top of {@code base} (whose newest TXID is {@code baseTxid}), oldest max TXID first. After
     * each file, pages above its commit are dropped, so a shrink is never undone by stale entries; files that do
     * not move the history past what is already applied are skipped.
     *
     * @throws LtxFormatException if a file's page size differs from {@code pageSize} (0 accepts any)
     */
    static Applied applyAll(PageTable base, int pageSize, long commit, long baseTxid, java.time.Instant baseTime,
                            List<FileIndex> files) throws LtxFormatException {
        List<FileIndex> sorted = new ArrayList<>(files);
        sorted.sort((a, b) -> {
            int c = Long.compareUnsigned(a.file().maxTxid(), b.file().maxTxid());
            return c != 0 ? c : Integer.compare(a.file().key().level(), b.file().key().level());
        });
        PageTable.Editor editor = base.edit();
        long txid = baseTxid;
        java.time.Instant time = baseTime;
        for (FileIndex fi : sorted) {
            int size = fi.header().pageSize();
            if (pageSize != 0 && size != pageSize) {
                throw new LtxFormatException(fi.file().toString(), 8, "page size", "is " + size
                        + " but the database's page size is " + pageSize + " (changing it is not supported)");
            }
            if (Long.compareUnsigned(fi.file().maxTxid(), txid) <= 0) {
                continue; // already reflected: applying it could only resurrect dropped pages
            }
            pageSize = size;
            apply(editor, fi);
            commit = fi.header().commit();
            editor.truncate(commit);
            txid = fi.file().maxTxid();
            time = fi.file().createdAt();
        }
        return new Applied(editor.build(), pageSize, commit, txid, time);
    }

    /** Applies one file's pages to {@code pages}: newest max TXID wins, then the higher level. */
    static void apply(PageTable.Editor pages, FileIndex fi) {
        RemoteFile file = fi.file();
        PageIndex index = fi.index();
        for (int i = 0; i < index.size(); i++) {
            long pgno = index.pgno(i);
            Object current = pages.source(pgno);
            if (current instanceof RemoteFile existing && !newer(file, existing)) {
                continue;
            }
            if (current != null && !(current instanceof RemoteFile)) {
                continue; // a local, unsynced page is newer than anything in the replica
            }
            pages.put(pgno, file, PageTable.packFrame(index.offset(i), index.frameSize(i)));
        }
    }

    /** Returns whether {@code candidate}'s version of a page supersedes {@code existing}'s. */
    static boolean newer(RemoteFile candidate, RemoteFile existing) {
        int c = Long.compareUnsigned(candidate.maxTxid(), existing.maxTxid());
        return c > 0 || (c == 0 && candidate.key().level() > existing.key().level());
    }
}
