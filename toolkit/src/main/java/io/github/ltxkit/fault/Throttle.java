package io.github.ltxkit.fault;

import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * Paces a transfer to a rate: after each chunk, sleeps until the bytes so far could not have moved faster than
 * {@code bytesPerSecond}.
 *
 * <p>Confined to the thread reading the stream it paces; not thread-safe.
 */
final class Throttle {
    private final long bytesPerSecond;
    /** Confined; {@link System#nanoTime()} of the first chunk, or 0 before it. */
    private long startNanos;
    /** Confined. */
    private long bytes;

    Throttle(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bytesPerSecond must be at least 1: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Returns how many nanoseconds moving {@code bytes} takes at {@code bytesPerSecond}. */
    static long nanosFor(long bytes, long bytesPerSecond) {
        double nanos = (double) bytes / bytesPerSecond * 1e9;
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(nanos);
    }

    /** Returns the most bytes to move in one chunk: about a twentieth of a second's worth, at least 1. */
    int chunk(int wanted) {
        return (int) Math.max(1, Math.min(wanted, bytesPerSecond / 20));
    }

    /** Marks the start of the transfer, if not yet marked. */
    void start() {
        if (startNanos == 0) {
            startNanos = System.nanoTime();
        }
    }

    /** Counts {@code count} more bytes moved and sleeps until that many could have moved at the rate. */
    void moved(long count) throws InterruptedIOException {
        start();
        bytes += count;
        long wait = nanosFor(bytes, bytesPerSecond) - (System.nanoTime() - startNanos);
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                InterruptedIOException io = new InterruptedIOException("interrupted during injected bandwidth limit");
                io.initCause(e);
                throw io;
            }
        }
    }
}
