package io.github.ltxkit.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar for a transfer, drawn on standard error: nothing during the first second, then at most five
 * redraws a second of one carriage-return line ({@code label [=====>    ]  52%  13.2 MiB / 25.4 MiB  6.1 MiB/s}),
 * and a final line with a newline when it finishes. A disabled bar writes nothing at all.
 *
 * <p>Thread-safe: the counting may happen on any thread.
 */
final class Progress {
    static final long DELAY_NANOS = 1_000_000_000L;
    static final long REDRAW_NANOS = 200_000_000L;
    private static final int BAR_WIDTH = 24;

    private final PrintWriter err;
    private final boolean enabled;
    private final LongSupplier nanoTime;
    private final String label;
    private final long start;
    // Guarded by this: the total, the bytes done, when the bar was last drawn (0: never), the drawn line's length,
    // whether finish() ended the line, and the byte count last drawn.
    private long total;
    private long done;
    private long lastDraw;
    private int drawnLength;
    private boolean finished;
    private long drawnDone;

    Progress(PrintWriter err, boolean enabled, LongSupplier nanoTime, String label, long total) {
        this.err = err;
        this.enabled = enabled;
        this.nanoTime = nanoTime;
        this.label = label;
        this.total = total;
        this.start = nanoTime.getAsLong();
    }

    /** Returns a bar that never draws. */
    static Progress disabled() {
        return new Progress(null, false, () -> 0, "", 0);
    }

    /** Counts {@code bytes} more transferred bytes. */
    synchronized void advance(long bytes) {
        done += bytes;
        maybeDraw();
    }

    /** Takes back {@code bytes} counted before (a retried request starts again). */
    synchronized void rewind(long bytes) {
        done = Math.max(0, done - bytes);
    }

    /** Sets the total, when it becomes known. */
    synchronized void total(long bytes) {
        total = bytes;
    }

    /** Draws the final state and ends the line, if anything was drawn; later calls and advances draw nothing. */
    synchronized void finish() {
        if (enabled && lastDraw != 0 && !finished) {
            finished = true;
            if (done != drawnDone) {
                draw(nanoTime.getAsLong());
            }
            err.print('\n');
            err.flush();
        }
    }

    private void maybeDraw() {
        if (!enabled || finished) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - start < DELAY_NANOS || (lastDraw != 0 && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        draw(now);
    }

    private void draw(long now) {
        lastDraw = now;
        drawnDone = done;
        String line = render(now - start);
        int pad = Math.max(0, drawnLength - line.length());
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
        drawnLength = line.length();
    }

    String render(long elapsedNanos) {
        double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 0;
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (filled == BAR_WIDTH ? "=" : ">") : "")
                + " ".repeat(BAR_WIDTH - filled);
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        return String.format(Locale.ROOT, "%s [%s] %3d%%  %s / %s  %s/s", label, bar, Math.round(fraction * 100),
                bytes(done), bytes(total), bytes((long) (done / seconds)));
    }

    /** Formats a byte count with binary units: {@code 512 B}, {@code 13.2 MiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
