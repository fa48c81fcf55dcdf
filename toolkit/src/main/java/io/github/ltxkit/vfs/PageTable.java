package io.github.ltxkit.vfs;

import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * Where each page of one database version lives: a persistent map from page number to a source (an LTX file in
 * the replica, or the local write buffer) and a {@code long} position in it. Immutable: {@link #edit()} returns an
 * editor that copies only the chunks it changes, so a new version costs the size of its changes, not of the
 * database. Thread-safe to read.
 */
final class PageTable {
    private static final int CHUNK_BITS = 10;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final PageTable EMPTY = new PageTable(new Chunk[0], 0);

    /** Where a remote page's frame is: packed as {@code offset << 24 | size}. */
    static long packFrame(long offset, int size) {
        if (offset < 0 || offset >= (1L << 40) || size <= 0 || size >= (1 << 24)) {
            throw new IllegalArgumentException("frame out of range: offset=" + offset + " size=" + size);
        }
        return (offset << 24) | size;
    }

    static long frameOffset(long packed) {
        return packed >>> 24;
    }

    static int frameSize(long packed) {
        return (int) (packed & 0xFFFFFF);
    }

    private static final class Chunk {
        final Object[] sources;
        final long[] positions;

        Chunk() {
            sources = new Object[CHUNK];
            positions = new long[CHUNK];
        }

        Chunk(Chunk other) {
            sources = other.sources.clone();
            positions = other.positions.clone();
        }
    }

    private final Chunk[] chunks;
    private final int count;

    private PageTable(Chunk[] chunks, int count) {
        this.chunks = chunks;
        this.count = count;
    }

    static PageTable empty() {
        return EMPTY;
    }

    /** Returns the number of pages with a source. */
    int count() {
        return count;
    }

    /** Returns the source of page {@code pgno}, or {@code null} if the table has none. */
    Object source(long pgno) {
        Chunk c = chunk(pgno);
        return c == null ? null : c.sources[(int) ((pgno - 1) & (CHUNK - 1))];
    }

    /** Returns the position of page {@code pgno} in its source (meaningful only if it has one). */
    long position(long pgno) {
        Chunk c = chunk(pgno);
        return c == null ? 0 : c.positions[(int) ((pgno - 1) & (CHUNK - 1))];
    }

    private Chunk chunk(long pgno) {
        if (pgno < 1) {
            return null;
        }
        long i = (pgno - 1) >>> CHUNK_BITS;
        return i < chunks.length ? chunks[(int) i] : null;
    }

    /** Calls {@code visitor} for every page with a source, ascending; stops early if it returns false. */
    void forEach(Visitor visitor) {
        for (int ci = 0; ci < chunks.length; ci++) {
            Chunk c = chunks[ci];
            if (c == null) {
                continue;
            }
            for (int j = 0; j < CHUNK; j++) {
                if (c.sources[j] != null && !visitor.visit(((long) ci << CHUNK_BITS) + j + 1, c.sources[j],
                        c.positions[j])) {
                    return;
                }
            }
        }
    }

    /** Receives entries of a table. */
    @FunctionalInterface
    interface Visitor {
        boolean visit(long pgno, Object source, long position);
    }

    /**
     * Calls {@code changed} with every page number whose source or position differs between this table and
     * {@code other}, ascending. Chunks shared by both tables (the usual case after a small change) are skipped
     * without looking inside.
     */
    void forEachDifference(PageTable other, java.util.function.LongConsumer changed) {
        int n = Math.max(chunks.length, other.chunks.length);
        for (int ci = 0; ci < n; ci++) {
            Chunk a = ci < chunks.length ? chunks[ci] : null;
            Chunk b = ci < other.chunks.length ? other.chunks[ci] : null;
            if (a == b) {
                continue;
            }
            for (int j = 0; j < CHUNK; j++) {
                Object sa = a == null ? null : a.sources[j];
                Object sb = b == null ? null : b.sources[j];
                long pa = a == null ? 0 : a.positions[j];
                long pb = b == null ? 0 : b.positions[j];
                if (sa != sb || pa != pb) {
                    changed.accept(((long) ci << CHUNK_BITS) + j + 1);
                }
            }
        }
    }

    /** Returns an editor producing a new table; this one never changes. */
    Editor edit() {
        return new Editor(this);
    }

    /** Builds a new table from an old one. Not thread-safe; owned by the thread that made it. */
    static final class Editor {
        private Chunk[] chunks;
        private boolean[] owned;
        private int count;

        private Editor(PageTable base) {
            chunks = base.chunks.clone();
            owned = new boolean[chunks.length];
            count = base.count;
        }

        /** Sets page {@code pgno}'s source and position. */
        Editor put(long pgno, Object source, long position) {
            if (pgno < 1 || source == null) {
                throw new IllegalArgumentException("invalid page entry: pgno=" + pgno + " source=" + source);
            }
            int ci = (int) ((pgno - 1) >>> CHUNK_BITS);
            Chunk c = writable(ci);
            int j = (int) ((pgno - 1) & (CHUNK - 1));
            if (c.sources[j] == null) {
                count++;
            }
            c.sources[j] = source;
            c.positions[j] = position;
            return this;
        }

        /** Returns the current source of {@code pgno} in the table being built. */
        Object source(long pgno) {
            int ci = (int) ((pgno - 1) >>> CHUNK_BITS);
            if (pgno < 1 || ci >= chunks.length || chunks[ci] == null) {
                return null;
            }
            return chunks[ci].sources[(int) ((pgno - 1) & (CHUNK - 1))];
        }

        /** Returns the current position of {@code pgno} in the table being built. */
        long position(long pgno) {
            int ci = (int) ((pgno - 1) >>> CHUNK_BITS);
            if (pgno < 1 || ci >= chunks.length || chunks[ci] == null) {
                return 0;
            }
            return chunks[ci].positions[(int) ((pgno - 1) & (CHUNK - 1))];
        }

        /** Removes every page above {@code commit} (a database that shrank). */
        Editor truncate(long commit) {
            removeIf(pgno -> pgno > commit, Math.max(0, commit));
            return this;
        }

        /** Removes pages matching {@code condition}, scanning from page {@code from + 1}. */
        Editor removeIf(LongPredicate condition, long from) {
            int first = (int) Math.min(chunks.length, from >>> CHUNK_BITS);
            for (int ci = first; ci < chunks.length; ci++) {
                if (chunks[ci] == null) {
                    continue;
                }
                Chunk c = null;
                for (int j = 0; j < CHUNK; j++) {
                    Object s = chunks[ci].sources[j];
                    long pgno = ((long) ci << CHUNK_BITS) + j + 1;
                    if (s != null && condition.test(pgno)) {
                        if (c == null) {
                            c = writable(ci);
                        }
                        c.sources[j] = null;
                        c.positions[j] = 0;
                        count--;
                    }
                }
            }
            return this;
        }

        private Chunk writable(int ci) {
            if (ci >= chunks.length) {
                int n = Math.max(ci + 1, chunks.length * 2);
                chunks = Arrays.copyOf(chunks, n);
                owned = Arrays.copyOf(owned, n);
            }
            if (chunks[ci] == null) {
                chunks[ci] = new Chunk();
                owned[ci] = true;
            } else if (!owned[ci]) {
                chunks[ci] = new Chunk(chunks[ci]);
                owned[ci] = true;
            }
            return chunks[ci];
        }

        /** Returns the new table; the editor must not be used afterwards. */
        PageTable build() {
            int n = chunks.length;
            while (n > 0 && chunks[n - 1] == null) {
                n--;
            }
            return new PageTable(n == chunks.length ? chunks : Arrays.copyOf(chunks, n), count);
        }
    }
}
