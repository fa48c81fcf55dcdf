package io.github.ltxkit.replica;

import java.time.Duration;

/** Waits between retry attempts; tests substitute one that records or skips the waits. */
@FunctionalInterface
public interface Sleeper {
    /** A sleeper that blocks the calling thread with {@link Thread#sleep(Duration)}. */
    Sleeper SYSTEM = Thread::sleep;

    /** Waits for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
}
