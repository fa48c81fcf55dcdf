package io.github.ltxkit.vfs;

import io.github.ltxkit.sqlite.SqliteVfsException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write path of a writable database: commits go to the {@link WriteBuffer}; every {@code sync_interval}
 * (and on close, and on demand) everything committed since the last upload becomes one level-0 LTX file with the
 * next TXID, created with a conditional PUT so two writers can never both take a TXID.
 *
 * <p>Fields marked "guarded by engine.lock" are only touched with the engine lock held; {@code syncLock} lets one
 * upload run at a time and is never held by SQLite threads. The upload cycle lives in {@link Uploads}; recovery,
 * conflicts and status in {@link SyncRecovery} and {@link SyncStatusTracker}.
 */
final class Syncer {
    private static final System.Logger LOG = System.getLogger(Syncer.class.getName());

    final DatabaseEngine engine;
    final SyncStatusTracker status = new SyncStatusTracker();
    final CrashPoints crashPoints = new CrashPoints();
    private final ReentrantLock syncLock = new ReentrantLock();
    /** Runs the uploads; used only with syncLock held. */
    private final Uploads uploads;
    /**
     * Written once by recover() on the opening thread, before the engine is published to other threads; closed by
     * close or crash. The buffer itself is thread-safe.
     */
    WriteBuffer buffer;
    /** Written once by recover(), with {@code buffer}: whether the buffer is a temporary file to delete. */
    boolean temporaryBuffer;
    // Guarded by engine.lock:
    long nextSeq = 1;
    long lastCommittedSeq;
    long expectedTxid;
    long remoteCommit;
    final Map<Long, Long> pendingSeq = new HashMap<>();
    boolean transactionOpen;
    /**
     * Guarded by engine.lock: whether an upload may have stored its file without acknowledging it yet (one is in
     * flight, or the last one's outcome is unknown); a poll then leaves newer files to the upload to judge.
     */
    boolean uploading;
    /** The periodic upload; set once by schedule(), cancelled by close or crash (volatile: read by those). */
    private volatile ScheduledFuture<?> task;

    Syncer(DatabaseEngine engine) {
        this.engine = engine;
        this.uploads = new Uploads(this);
    }

    /** Opens the write buffer and reconciles it with the replica (see {@link SyncRecovery}). */
    void recover() throws IOException {
        new SyncRecovery(this).run();
    }

    void schedule() {
        long ms = engine.config.syncInterval().toMillis();
        if (ms > 0) {
            task = engine.executors.scheduler().scheduleWithFixedDelay(this::syncQuietly, ms, ms,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Refuses a new write transaction when uploads stopped on a conflict or the buffer is full. */
    void checkWritable() throws IOException {
        String conflict = status.conflictMessage();
        if (conflict != null) {
            throw SqliteVfsException.readOnly(conflict);
        }
        long size = buffer.size();
        if (size > engine.config.bufferLimit()) {
            String lastError = status.lastError();
            String why = lastError != null ? "uploads are failing: " + lastError
                    : engine.config.syncInterval().isZero() ? "sync_interval is 0, so only syncNow() or close uploads"
                    : "uploads have not caught up yet";
            throw SqliteVfsException.readOnly("write buffer " + buffer.path() + " holds " + size
                    + " bytes of unsynced data, more than buffer_limit (" + engine.config.bufferLimit()
                    + "); " + why);
        }
    }

    /** Starts the write transaction of the connection that just took the writer slot. */
    WriterTransaction begin(DatabaseState base) {
        engine.lock.lock();
        try {
            transactionOpen = true;
            return new WriterTransaction(nextSeq++, buffer, base.pageSize(), base.commit());
        } finally {
            engine.lock.unlock();
        }
    }

    /** Makes a transaction visible: its commit record is written, then a new state is published. */
    void commit(WriterTransaction txn) throws IOException {
        buffer.appendCommit(txn.seq(), txn.commit(), txn.pageSize(), txn.syncRequested());
        engine.lock.lock();
        try {
            DatabaseState s = engine.current();
            PageTable.Editor pages = s.pages().edit();
            for (Map.Entry<Long, Long> e : txn.pages().entrySet()) {
                pages.put(e.getKey(), buffer, e.getValue());
                pendingSeq.put(e.getKey(), txn.seq());
            }
            pages.truncate(txn.commit());
            pendingSeq.keySet().removeIf(p -> p > txn.commit());
            lastCommittedSeq = txn.seq();
            status.committed();
            engine.publish(s.withContent(txn.pageSize(), txn.commit(), s.txid(), s.txTime(), pages.build(),
                    pendingSeq.size()));
        } finally {
            engine.lock.unlock();
        }
    }

    /** Ends the open transaction (committed or rolled back). */
    void end() {
        engine.lock.lock();
        try {
            transactionOpen = false;
            maybeResetBuffer();
        } finally {
            engine.lock.unlock();
        }
    }

    /** Returns whether there is anything to upload; caller holds engine.lock. */
    boolean hasChanges() {
        return !pendingSeq.isEmpty() || engine.current().commit() != remoteCommit;
    }

    /** Called by the follower when the replica is past {@code newest}: follow it only if nothing local is pending. */
    boolean mayFollow(long newest) {
        engine.lock.lock();
        try {
            if (status.conflictMessage() != null) {
                return false;
            }
            if (Long.compareUnsigned(newest, expectedTxid) <= 0) {
                return true;
            }
            if (uploading) {
                // The newer file may be this writer's own upload, stored but not acknowledged yet. Only the upload
                // can tell: it lists first and creates its file conditionally, and declares a real conflict itself.
                // The next poll decides.
                return false;
            }
            if (hasChanges() || transactionOpen) {
                status.conflict(expectedTxid + 1, newest, engine.name, buffer.path());
                return false;
            }
            return true;
        } finally {
            engine.lock.unlock();
        }
    }

    /** The follower published the replica's state at {@code txid}; caller holds engine.lock. */
    void followed(long txid, long commit) {
        expectedTxid = txid;
        remoteCommit = commit;
    }

    private void syncQuietly() {
        if (status.paused() || !engine.alive() || status.conflictMessage() != null || !status.attemptDue()) {
            return;
        }
        try {
            syncOnce();
        } catch (SimulatedCrashException crashed) {
            // the engine is dead now, as a killed process would be
        } catch (Throwable t) {
            if (status.failures() == 1 || status.failures() % 20 == 0) {
                engine.reportError("upload to " + engine.client.describe() + " failed (" + status.failures()
                        + " times; unsynced data stays in " + buffer.path() + ")", t);
            }
        }
    }

    /**
     * Uploads everything committed so far as the next TXID; returns it, or 0 if there was nothing to upload.
     *
     * @throws IOException on a conflict or when the upload fails after the replica client's retries
     */
    long syncOnce() throws IOException {
        syncLock.lock();
        try {
            return uploads.uploadCommitted();
        } catch (SimulatedCrashException crashed) {
            throw crashed;
        } catch (IOException | RuntimeException e) {
            if (status.conflictMessage() == null) {
                status.failed(e, engine.config.syncInterval());
            }
            throw e;
        } finally {
            syncLock.unlock();
        }
    }

    /** Empties the buffer when nothing in it is needed any more; caller holds engine.lock. */
    void maybeResetBuffer() {
        if (buffer == null || !pendingSeq.isEmpty() || transactionOpen || engine.current().localPages() > 0
                || engine.pinnedStateUsesBuffer() || buffer.size() <= WriteBuffer.HEADER_SIZE
                || !engine.alive()) {
            return;
        }
        try {
            buffer.reset(expectedTxid, engine.current().pageSize());
        } catch (IOException e) {
            engine.reportError("cannot empty the write buffer " + buffer.path(), e);
        }
    }

    /** Close: one last upload within close_timeout; the buffer is kept (and named) if it fails. */
    void closeWithFinalSync() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
        boolean clean = false;
        try {
            if (status.conflictMessage() == null) {
                var future = engine.executors.fetch().submit(this::syncOnce);
                future.get(engine.config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
                engine.lock.lock();
                try {
                    clean = !hasChanges();
                } finally {
                    engine.lock.unlock();
                }
            }
        } catch (Exception e) {
            engine.reportError("final upload on close failed", e instanceof java.util.concurrent.ExecutionException
                    ? e.getCause() : e);
        }
        try {
            buffer.close();
            if (clean && temporaryBuffer) {
                Files.deleteIfExists(buffer.path());
            } else if (!clean) {
                LOG.log(System.Logger.Level.WARNING, "'" + engine.name + "' closed with unsynced writes; they are "
                        + "kept in " + buffer.path() + " and replayed by the next open with this buffer_path");
            }
        } catch (IOException e) {
            engine.reportError("closing the write buffer failed", e);
        }
    }

    /** Returns the upload status as of now. */
    SyncStatus snapshotStatus() {
        int pending;
        engine.lock.lock();
        try {
            pending = pendingSeq.size();
        } finally {
            engine.lock.unlock();
        }
        return status.snapshot(pending, buffer == null ? null : buffer.path(), buffer == null ? 0 : buffer.size());
    }

    /** Crash: stop at once, touching nothing (the buffer stays as it is on disk). */
    void abandon() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
        try {
            if (buffer != null) {
                buffer.close();
            }
        } catch (IOException ignored) {
            // a crashed process does not close files either
        }
    }
}
