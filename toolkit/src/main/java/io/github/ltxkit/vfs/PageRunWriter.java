package io.github.ltxkit.vfs;

import io.github.ltxkit.hydrate.HydrationFile;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gathers pages bound for a hydrated copy into runs of consecutive page numbers and writes each run with one
 * positional write (up to {@value #BUFFER_BYTES} bytes), instead of one write per page. Counts the pages it wrote
 * into a progress counter. Not thread-safe: owned by the one copy task that made it.
 */
final class PageRunWriter {
    static final int BUFFER_BYTES = 1 << 20;

    private final HydrationFile file;
    private final int pageSize;
    private final AtomicLong written;
    private final byte[] run;
    /** The page number of the run's first page; meaningful when {@code count > 0}. Owned by the task. */
    private long first;
    /** How many pages the run holds. Owned by the task. */
    private int count;

    PageRunWriter(HydrationFile file, int pageSize, AtomicLong written) {
        this.file = file;
        this.pageSize = pageSize;
        this.written = written;
        this.run = new byte[Math.max(1, BUFFER_BYTES / pageSize) * pageSize];
    }

    /** Adds page {@code pgno}; the run so far is written first if the page does not continue it or it is full. */
    void add(long pgno, byte[] page) throws IOException {
        if (count > 0 && (pgno != first + count || (count + 1) * pageSize > run.length)) {
            flush();
        }
        if (count == 0) {
            first = pgno;
        }
        System.arraycopy(page, 0, run, count * pageSize, pageSize);
        count++;
    }

    /** Writes the pages gathered so far. */
    void flush() throws IOException {
        if (count > 0) {
            file.writePages(first, run, count);
            written.addAndGet(count);
            count = 0;
        }
    }
}
