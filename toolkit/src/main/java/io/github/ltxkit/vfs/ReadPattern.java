package io.github.ltxkit.vfs;

/**
 * Detects sequential reading on one connection and sizes its read-ahead window: it doubles while reads keep
 * advancing by small steps and falls back to a single page as soon as a read jumps. Owned by the connection's
 * thread (SQLite calls one connection from one thread at a time).
 */
final class ReadPattern {
    private static final int MAX_STEP = 8;
    private final int maxWindow;
    private long lastPgno;
    private int run;
    private int window = 1;

    ReadPattern(int maxWindow) {
        this.maxWindow = Math.max(1, maxWindow);
    }

    /** Records a read of {@code pgno} and returns how many pages to fetch starting there (1 for no read-ahead). */
    int onRead(long pgno) {
        long step = pgno - lastPgno;
        lastPgno = pgno;
        if (step > 0 && step <= MAX_STEP) {
            run++;
            if (run >= 2) {
                window = Math.min(maxWindow, Math.max(2, window * 2));
            }
        } else if (step != 0) {
            run = 0;
            window = 1;
        }
        return window;
    }

    int window() {
        return window;
    }
}
