package io.github.ltxkit.assertions;

import io.github.ltxkit.vfs.ReplicaDatabase;
import io.github.ltxkit.vfs.SyncStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The states a test committed, in order, and how many of them it knows were uploaded: what "the bucket holds a
 * prefix of the history" and "no synced commit was lost" are checked against.
 *
 * <p>A state is identified by its LTX checksum ({@link ReplicaDatabase#checksum()}), so recording reads every page
 * of the database; keep recorded databases small. Record from the one thread that commits, right after each
 * commit:
 *
 * <pre>{@code
 * CommitHistory history = CommitHistory.startingAt(db);   // the state opened from the bucket: synced
 * insert(db, 1); history.record(db);
 * db.syncNow();  history.markSynced(db);
 * insert(db, 2); history.record(db);                     // not synced
 * db.crash();
 * assertThat(db).remoteIsPrefixOf(history);              // commit 1 is there; commit 2 may or may not be
 * }</pre>
 *
 * <p>Thread-safe: every method synchronizes on this history.
 */
public final class CommitHistory {
    /** Guarded by {@code this}: checksums of the recorded states, oldest first. */
    private final List<Long> checksums = new ArrayList<>();
    /** Guarded by {@code this}: index of the newest state known to be uploaded, -1 if none. */
    private int lastSynced = -1;

    private CommitHistory() {
    }

    /** Returns an empty history; record the starting state before the first commit. */
    public static CommitHistory empty() {
        return new CommitHistory();
    }

    /** Returns a history whose first state is {@code db}'s current one, known synced (it came from the bucket). */
    public static CommitHistory startingAt(ReplicaDatabase db) {
        CommitHistory history = new CommitHistory();
        history.record(db);
        synchronized (history) {
            history.lastSynced = 0;
        }
        return history;
    }

    /**
     * Records {@code db}'s newest committed state as the next state of the history.
     *
     * @return the state's index (0 for the first)
     */
    public synchronized int record(ReplicaDatabase db) {
        checksums.add(checksumOf(db));
        return checksums.size() - 1;
    }

    /**
     * Marks every state recorded so far as uploaded.
     *
     * @throws IllegalStateException if {@code db} still has committed pages that are not uploaded (sync first)
     */
    public synchronized void markSynced(ReplicaDatabase db) {
        Optional<SyncStatus> status = db.syncStatus();
        if (status.isPresent() && !status.get().caughtUp()) {
            throw new IllegalStateException("'" + db.name() + "' has " + status.get().pendingPages()
                    + " committed pages not uploaded; call syncNow() or awaitSynced() before markSynced()");
        }
        if (checksums.isEmpty()) {
            throw new IllegalStateException("nothing recorded yet: record(db) the states before markSynced()");
        }
        lastSynced = checksums.size() - 1;
    }

    /** Returns how many states were recorded. */
    public synchronized int size() {
        return checksums.size();
    }

    /** Returns the index of the newest state known to be uploaded, or -1. */
    public synchronized int lastSyncedIndex() {
        return lastSynced;
    }

    /** Returns the index of the newest recorded state with {@code checksum}, or -1. */
    public synchronized int indexOf(long checksum) {
        return checksums.lastIndexOf(checksum);
    }

    /** Returns the checksum of state {@code index}. */
    public synchronized long checksum(int index) {
        return checksums.get(index);
    }

    static long checksumOf(ReplicaDatabase db) {
        try {
            return db.checksum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read '" + db.name() + "' to checksum it: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized String toString() {
        return "CommitHistory[" + checksums.size() + " states, synced through #" + lastSynced + "]";
    }
}
