package io.github.ltxkit.vfs;

/**
 * Detects sequential reading on one connection and sizes its read-ahead window: it doubles while reads keep
 * moving by small steps, up or down, and falls back to a single page as soon as a read jumps. The direction is the
 * trend of the recent steps: SQLite's {@code integrity_check} and descending scans walk pages downwards, with small
 * steps up in between. Owned by the connection's thread (SQLite calls one connection from one thread at a time).
 */
final class ReadPattern {
    private static final int MAX_STEP = 8;
    private final int maxWindow;
    private long lastPgno;
    private int run;
    private int window = 1;
    /** The recent steps' direction: +1 for each small step up, -1 for each down, kept within [-4, 4]. */
    private int trend;

    /** The largest read-ahead window, in pages. */
    private static final int MAX_WINDOW = 256;

    ReadPattern(int maxWindow) {
        this.maxWindow = Math.max(1, maxWindow);
    }

    /** Returns a new pattern for a reader of a database with {@code config}: no read-ahead when it is off. */
    static ReadPattern of(DatabaseConfig config) {
        return new ReadPattern(config.readahead() ? MAX_WINDOW : 1);
    }

    /**
     * Records a read of {@code pgno} and returns how many pages to fetch from there (1 for no read-ahead): upwards,
     * or downwards when {@link #descending()}.
     */
    int onRead(long pgno) {
        long step = pgno - lastPgno;
        lastPgno = pgno;
        if (step != 0 && Math.abs(step) <= MAX_STEP) {
            run++;
            trend = Math.max(-4, Math.min(4, trend + (step > 0 ? 1 : -1)));
            if (run >= 2) {
                window = Math.min(maxWindow, Math.max(2, window * 2));
            }
        } else if (step != 0) {
            run = 0;
            window = 1;
            trend = 0;
        }
        return window;
    }

    /** Returns whether the recent small steps went mostly down, so read-ahead should fetch the pages below. */
    boolean descending() {
        return trend < 0;
    }

    int window() {
        return window;
    }
}
