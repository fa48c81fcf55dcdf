package io.github.ltxkit.vfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The write transaction of the connection that holds the RESERVED lock: its pages go to the write buffer at once
 * but only count once SQLite commits ({@code SQLITE_FCNTL_COMMIT_PHASETWO}); a rollback simply forgets them.
 * Owned by the writing connection's thread.
 */
final class WriterTransaction {
    private final long seq;
    private final WriteBuffer buffer;
    /** Pages written in this transaction: pgno to the offset of their bytes in the buffer. */
    private final Map<Long, Long> pages = new HashMap<>();
    private int pageSize;
    private long commit;
    private boolean syncRequested;

    WriterTransaction(long seq, WriteBuffer buffer, int pageSize, long commit) {
        this.seq = seq;
        this.buffer = buffer;
        this.pageSize = pageSize;
        this.commit = commit;
    }

    long seq() {
        return seq;
    }

    int pageSize() {
        return pageSize;
    }

    /** Sets the page size of a new database, learned from its first write. */
    void pageSize(int size) {
        this.pageSize = size;
    }

    /** Returns the database size in pages as this transaction sees it. */
    long commit() {
        return commit;
    }

    Map<Long, Long> pages() {
        return pages;
    }

    boolean syncRequested() {
        return syncRequested;
    }

    /** Records that SQLite asked for durability (synchronous is not OFF): the commit record is fsynced. */
    void requestSync() {
        syncRequested = true;
    }

    boolean has(long pgno) {
        return pages.containsKey(pgno);
    }

    /** Reads a page this transaction wrote. */
    void read(long pgno, byte[] page) throws IOException {
        buffer.readPage(pages.get(pgno), ByteBuffer.wrap(page));
    }

    /** Writes a whole page. */
    void write(long pgno, byte[] page) throws IOException {
        pages.put(pgno, buffer.appendPage(seq, pgno, page));
        commit = Math.max(commit, pgno);
    }

    /** Sets the database size; pages above it are dropped. */
    void truncate(long newCommit) {
        commit = newCommit;
        pages.keySet().removeIf(p -> p > newCommit);
    }
}
