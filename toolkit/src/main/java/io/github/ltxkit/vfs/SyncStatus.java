package io.github.ltxkit.vfs;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a writable database's uploads stand.
 *
 * @param lastSyncedTxid the TXID of the newest upload that succeeded (or the replica's TXID at open), 0 if none
 * @param lastSyncedAt   when it succeeded, or {@code null}
 * @param pendingPages   committed pages not uploaded yet
 * @param lag            how long the oldest unsynced commit has waited ({@link Duration#ZERO} when caught up)
 * @param lastError      the last upload failure, or {@code null} since the last success
 * @param failures       consecutive failed uploads
 * @param conflict       why uploads stopped on a conflict (naming both TXIDs), or {@code null}
 * @param bufferPath     the local write buffer
 * @param bufferBytes    its size
 * @param paused         whether periodic uploads are paused
 */
public record SyncStatus(long lastSyncedTxid, Instant lastSyncedAt, int pendingPages, Duration lag, String lastError,
                         int failures, String conflict, java.nio.file.Path bufferPath, long bufferBytes,
                         boolean paused) {
    /** Returns whether everything committed has been uploaded. */
    public boolean caughtUp() {
        return pendingPages == 0 && conflict == null;
    }
}
