package io.github.ltxkit.vfs;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decompressed pages of LTX files, bounded in bytes, shared by every connection of a database.
 *
 * <p>Keys name a page of an immutable LTX file, so an entry never goes stale and nothing is ever invalidated. Two
 * LRU segments keep speculative pages (read ahead of a scan) from evicting the pages a workload actually uses:
 * pages read on demand enter the main segment; read-ahead pages enter a probation segment capped at a quarter of
 * the budget and move to the main segment only when read on demand. Thread-safe: one lock guards both segments
 * and is never held during I/O.
 */
final class PageCache {
    /** One page of one LTX file. */
    record Key(RemoteFile file, long pgno) {
    }

    private final long capacity;
    private final long probationCapacity;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@code lock}; access order, eldest first. */
    private final LinkedHashMap<Key, byte[]> main = new LinkedHashMap<>(256, 0.75f, true);
    /** Guarded by {@code lock}; access order, eldest first. */
    private final LinkedHashMap<Key, byte[]> probation = new LinkedHashMap<>(64, 0.75f, true);
    /** Guarded by {@code lock}. */
    private long mainBytes;
    /** Guarded by {@code lock}. */
    private long probationBytes;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    PageCache(long capacityBytes) {
        this.capacity = capacityBytes;
        this.probationCapacity = capacityBytes / 4;
    }

    /** Returns the page, or {@code null}; a probation page read here is promoted. */
    byte[] get(Key key) {
        lock.lock();
        try {
            byte[] page = main.get(key);
            if (page == null) {
                page = probation.remove(key);
                if (page != null) {
                    probationBytes -= page.length;
                    insertMain(key, page);
                }
            }
            if (page == null) {
                misses.increment();
            } else {
                hits.increment();
            }
            return page;
        } finally {
            lock.unlock();
        }
    }

    /** Returns whether the page is cached, without counting or promoting it. */
    boolean contains(Key key) {
        lock.lock();
        try {
            return main.containsKey(key) || probation.containsKey(key);
        } finally {
            lock.unlock();
        }
    }

    /** Adds a page read on demand. */
    void put(Key key, byte[] page) {
        lock.lock();
        try {
            byte[] old = probation.remove(key);
            if (old != null) {
                probationBytes -= old.length;
            }
            insertMain(key, page);
        } finally {
            lock.unlock();
        }
    }

    /** Adds a page read ahead of demand; it cannot push out pages in the main segment. */
    void putSpeculative(Key key, byte[] page) {
        lock.lock();
        try {
            if (main.containsKey(key) || probation.containsKey(key)) {
                return;
            }
            probation.put(key, page);
            probationBytes += page.length;
            evict(probation.entrySet().iterator(), probationCapacity, true);
        } finally {
            lock.unlock();
        }
    }

    private void insertMain(Key key, byte[] page) {
        byte[] old = main.put(key, page);
        mainBytes += page.length - (old == null ? 0 : old.length);
        evict(main.entrySet().iterator(), capacity - Math.min(probationBytes, probationCapacity), false);
    }

    private void evict(Iterator<Map.Entry<Key, byte[]>> eldestFirst, long limit, boolean probationSegment) {
        while ((probationSegment ? probationBytes : mainBytes) > limit && eldestFirst.hasNext()) {
            byte[] evicted = eldestFirst.next().getValue();
            eldestFirst.remove();
            if (probationSegment) {
                probationBytes -= evicted.length;
            } else {
                mainBytes -= evicted.length;
            }
        }
    }

    /** Returns the bytes held, both segments. */
    long bytes() {
        lock.lock();
        try {
            return mainBytes + probationBytes;
        } finally {
            lock.unlock();
        }
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    /** Drops everything (tests and time-travel resets only; entries never go stale). */
    void clear() {
        lock.lock();
        try {
            main.clear();
            probation.clear();
            mainBytes = 0;
            probationBytes = 0;
        } finally {
            lock.unlock();
        }
    }
}
