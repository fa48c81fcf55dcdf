package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.Ltx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Upload outcomes of one database and the backoff between failed attempts. Thread-safe (volatile fields). */
final class SyncStatusTracker {
    private volatile long lastSyncedTxid;
    private volatile Instant lastSyncedAt;
    private volatile Instant oldestUnsynced;
    private volatile String lastError;
    private volatile int failures;
    private volatile long nextAttemptNanos;
    private volatile String conflict;
    private volatile boolean paused;

    void committed() {
        if (oldestUnsynced == null) {
            oldestUnsynced = Instant.now();
        }
    }

    void synced(long txid) {
        lastSyncedTxid = txid;
        lastSyncedAt = Instant.now();
        lastError = null;
        failures = 0;
        nextAttemptNanos = 0;
    }

    /** Nothing is pending any more. */
    void caughtUp() {
        oldestUnsynced = null;
    }

    /** The replica's TXID at open is where uploads start from. */
    void startedAt(long txid) {
        lastSyncedTxid = txid;
    }

    void failed(Throwable t, Duration interval) {
        failures++;
        lastError = t.getMessage() == null ? t.toString() : t.getMessage();
        long base = Math.max(100, interval.toMillis());
        long backoff = Math.min(30_000, base << Math.min(10, failures - 1));
        long jitter = (long) (backoff * 0.2 * ThreadLocalRandom.current().nextDouble());
        nextAttemptNanos = System.nanoTime() + (backoff + jitter) * 1_000_000;
    }

    boolean attemptDue() {
        return failures == 0 || System.nanoTime() >= nextAttemptNanos;
    }

    int failures() {
        return failures;
    }

    String lastError() {
        return lastError;
    }

    void conflict(long ours, long remote, String name, Path buffer) {
        if (conflict == null) {
            conflict = "replica conflict on '" + name + "': this writer's next TXID is " + Ltx.formatTxid(ours)
                    + " but the replica already has TXID " + Ltx.formatTxid(remote) + " from another writer; "
                    + "uploads stopped and unsynced writes are kept in " + buffer;
        }
    }

    String conflictMessage() {
        return conflict;
    }

    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    boolean paused() {
        return paused;
    }

    SyncStatus snapshot(int pendingPages, Path bufferPath, long bufferBytes) {
        Instant oldest = oldestUnsynced;
        Duration lag = oldest == null || pendingPages == 0 ? Duration.ZERO : Duration.between(oldest, Instant.now());
        return new SyncStatus(lastSyncedTxid, lastSyncedAt, pendingPages, lag, lastError, failures, conflict,
                bufferPath, bufferBytes, paused);
    }
}
