package io.github.ltxkit.vfs;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decompressed pages of LTX files, bounded in bytes, shared by every connection of a database.
 *
 * <p>Keys name a page of an immutable LTX file, so an entry never goes stale and nothing is ever invalidated. Two
 * LRU segments share the budget so that scans cannot push out the pages a workload keeps using:
 * <ul>
 *   <li><b>hot</b>: pages read on demand by random access, and pages read a second time; at most three quarters
 *       of the budget;</li>
 *   <li><b>cold</b>: pages fetched ahead of a sequential scan and pages a scan read once; they may use all the room
 *       the hot segment does not, and are always evicted before any hot page.</li>
 * </ul>
 * Thread-safe: one lock guards both segments and is never held during I/O.
 */
final class PageCache {
    /** One page of one LTX file. */
    record Key(RemoteFile file, long pgno) {
    }

    private final long capacity;
    private final long hotCapacity;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@code lock}; access order, eldest first. */
    private final LinkedHashMap<Key, byte[]> hot = new LinkedHashMap<>(256, 0.75f, true);
    /** Guarded by {@code lock}; access order, eldest first. */
    private final LinkedHashMap<Key, byte[]> cold = new LinkedHashMap<>(256, 0.75f, true);
    /** Guarded by {@code lock}: cold pages already read once on demand (a second read promotes them). */
    private final Set<Key> readOnce = new HashSet<>();
    /** Guarded by {@code lock}. */
    private long hotBytes;
    /** Guarded by {@code lock}. */
    private long coldBytes;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    PageCache(long capacityBytes) {
        this.capacity = capacityBytes;
        this.hotCapacity = capacityBytes - capacityBytes / 4;
    }

    /** Returns the page, or {@code null}; a cold page read for the second time moves to the hot segment. */
    byte[] get(Key key) {
        lock.lock();
        try {
            byte[] page = hot.get(key);
            if (page == null) {
                page = cold.get(key);
                if (page != null && !readOnce.add(key)) {
                    removeCold(key);
                    insertHot(key, page);
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
            return hot.containsKey(key) || cold.containsKey(key);
        } finally {
            lock.unlock();
        }
    }

    /** Adds a page read on demand by random access. */
    void put(Key key, byte[] page) {
        lock.lock();
        try {
            removeCold(key);
            insertHot(key, page);
        } finally {
            lock.unlock();
        }
    }

    /** Adds a page a sequential scan read on demand: cold, already read once. */
    void putScanned(Key key, byte[] page) {
        lock.lock();
        try {
            if (!hot.containsKey(key)) {
                insertCold(key, page);
                readOnce.add(key);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds a page read ahead of demand: cold, never read yet. */
    void putSpeculative(Key key, byte[] page) {
        lock.lock();
        try {
            if (!hot.containsKey(key) && !cold.containsKey(key)) {
                insertCold(key, page);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns how many pages of {@code pageSize} bytes the cold segment can always hold. */
    long probationPages(int pageSize) {
        return Math.max(1, (capacity - hotCapacity) / Math.max(1, pageSize));
    }

    private void insertHot(Key key, byte[] page) {
        byte[] old = hot.put(key, page);
        hotBytes += page.length - (old == null ? 0 : old.length);
        Iterator<Map.Entry<Key, byte[]>> eldest = hot.entrySet().iterator();
        while (hotBytes > hotCapacity && eldest.hasNext()) {
            hotBytes -= eldest.next().getValue().length;
            eldest.remove();
        }
        evictCold();
    }

    private void insertCold(Key key, byte[] page) {
        byte[] old = cold.put(key, page);
        coldBytes += page.length - (old == null ? 0 : old.length);
        evictCold();
    }

    /** Evicts cold pages, eldest first, until both segments fit the budget. */
    private void evictCold() {
        Iterator<Map.Entry<Key, byte[]>> eldest = cold.entrySet().iterator();
        while (hotBytes + coldBytes > capacity && eldest.hasNext()) {
            Map.Entry<Key, byte[]> e = eldest.next();
            coldBytes -= e.getValue().length;
            readOnce.remove(e.getKey());
            eldest.remove();
        }
    }

    private void removeCold(Key key) {
        byte[] old = cold.remove(key);
        if (old != null) {
            coldBytes -= old.length;
            readOnce.remove(key);
        }
    }

    /** Returns the bytes held, both segments. */
    long bytes() {
        lock.lock();
        try {
            return hotBytes + coldBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Returns how many pages the hot segment holds. */
    int hotPages() {
        lock.lock();
        try {
            return hot.size();
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

    /** Drops everything (tests only; entries never go stale). */
    void clear() {
        lock.lock();
        try {
            hot.clear();
            cold.clear();
            readOnce.clear();
            hotBytes = 0;
            coldBytes = 0;
        } finally {
            lock.unlock();
        }
    }
}
