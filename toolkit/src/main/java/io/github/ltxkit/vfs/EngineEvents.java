package io.github.ltxkit.vfs;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Problems a database ran into, kept for its handle: the last error message and when it happened, and a count.
 * Thread-safe.
 */
final class EngineEvents {
    /** A recorded problem. */
    record Problem(String message, Instant at) {
    }

    private final AtomicReference<Problem> last = new AtomicReference<>();
    private final AtomicLong count = new AtomicLong();

    void error(String message) {
        last.set(new Problem(message, Instant.now()));
        count.incrementAndGet();
    }

    Problem last() {
        return last.get();
    }

    long count() {
        return count.get();
    }
}
