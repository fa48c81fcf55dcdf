package io.github.ltxkit.vfs;

import java.util.Arrays;

/**
 * The frames one LTX file must give a hydrated copy: page numbers and packed frame positions
 * ({@link PageTable#packFrame}), in file order once {@link #sortByOffset()} ran. Not thread-safe: filled by the
 * hydration task, then only read by the copy tasks it hands the frames to (after a happens-before hand-over).
 */
final class FileFrames {
    private long[] pgnos = new long[16];
    private long[] positions = new long[16];
    private int size;

    void add(long pgno, long position) {
        if (size == pgnos.length) {
            pgnos = Arrays.copyOf(pgnos, size * 2);
            positions = Arrays.copyOf(positions, size * 2);
        }
        pgnos[size] = pgno;
        positions[size] = position;
        size++;
    }

    int size() {
        return size;
    }

    long pgno(int i) {
        return pgnos[i];
    }

    long offset(int i) {
        return PageTable.frameOffset(positions[i]);
    }

    int frameSize(int i) {
        return PageTable.frameSize(positions[i]);
    }

    long end(int i) {
        return offset(i) + frameSize(i);
    }

    /** The bytes of all the frames together. */
    long bytes() {
        long n = 0;
        for (int i = 0; i < size; i++) {
            n += frameSize(i);
        }
        return n;
    }

    /** Puts the frames in file order; they usually are already (pages ascend in LTX files and in the page table). */
    void sortByOffset() {
        boolean sorted = true;
        for (int i = 1; i < size && sorted; i++) {
            sorted = offset(i - 1) < offset(i);
        }
        if (sorted) {
            return;
        }
        Integer[] order = new Integer[size];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compare(offset(a), offset(b)));
        long[] p = new long[size];
        long[] q = new long[size];
        for (int i = 0; i < size; i++) {
            p[i] = pgnos[order[i]];
            q[i] = positions[order[i]];
        }
        pgnos = p;
        positions = q;
    }
}
