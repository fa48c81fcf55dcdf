package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.EncodedLtx;
import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.ltx.LtxEncoder;
import io.github.ltxkit.ltx.LtxHeader;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ObjectAlreadyExistsException;
import io.github.ltxkit.replica.UploadContent;
import io.github.ltxkit.sqlite.SqliteVfsException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write path of a writable database: commits go to the {@link WriteBuffer}; every {@code sync_interval}
 * (and on close, and on demand) everything committed since the last upload becomes one level-0 LTX file with the
 * next TXID, created with a conditional PUT so two writers can never both take a TXID.
 *
 * <p>Fields marked "guarded by engine.lock" are only touched with the engine lock held; {@code syncLock} lets one
 * upload run at a time and is never held by SQLite threads. Recovery, conflicts and status live in
 * {@link SyncRecovery} and {@link SyncStatusTracker}.
 */
final class Syncer {
    private static final System.Logger LOG = System.getLogger(Syncer.class.getName());

    final DatabaseEngine engine;
    final SyncStatusTracker status = new SyncStatusTracker();
    final CrashPoints crashPoints = new CrashPoints();
    private final ReentrantLock syncLock = new ReentrantLock();
    /** Set by recover(); closed by close or crash. */
    WriteBuffer buffer;
    boolean temporaryBuffer;
    // Guarded by engine.lock:
    long nextSeq = 1;
    long lastCommittedSeq;
    long expectedTxid;
    long remoteCommit;
    final Map<Long, Long> pendingSeq = new HashMap<>();
    boolean transactionOpen;
    /**
     * Guarded by engine.lock: the TXID of the upload whose outcome is not recorded yet (sent, or unconfirmed), 0 if
     * none. The follower leaves a replica at or past it to the upload's outcome instead of calling it a conflict.
     */
    private long uploading;
    /** Guarded by syncLock: the last upload if its outcome is unknown; its state stays pinned until settled. */
    private UnconfirmedUpload unconfirmed;
    private volatile ScheduledFuture<?> task;

    Syncer(DatabaseEngine engine) {
        this.engine = engine;
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
            if (uploading != 0 && Long.compareUnsigned(newest, uploading) >= 0) {
                return false; // the file may be our own upload: its outcome decides, not this poll
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
            return upload();
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

    private long upload() throws IOException {
        engine.checkAlive();
        settleUnconfirmed();
        DatabaseState state;
        List<Long> pgnos;
        long upToSeq;
        long base;
        engine.lock.lock();
        try {
            String conflict = status.conflictMessage();
            if (conflict != null) {
                throw SqliteVfsException.readOnly(conflict);
            }
            if (!hasChanges()) {
                return 0;
            }
            state = engine.pin();
            upToSeq = lastCommittedSeq;
            base = expectedTxid;
            pgnos = pagesToUpload(state);
        } finally {
            engine.lock.unlock();
        }
        Path tmp = Files.createTempFile(engine.auxiliaryDir, "upload-", ".ltx");
        try {
            List<LtxFileInfo> newer = engine.client.list(0, base + 1);
            if (!newer.isEmpty()) {
                throw conflict(base + 1, newer.getLast().maxTxid());
            }
            long txid = base + 1;
            Instant createdAt = Instant.now();
            EncodedLtx encoded = encode(state, pgnos, txid, createdAt, tmp);
            crashPoints.reach(CrashPoints.Point.BEFORE_UPLOAD, engine);
            buffer.appendUploadIntent(txid, upToSeq, encoded.size(), encoded.fileChecksum());
            LtxFileKey key = LtxFileKey.of(0, txid, txid);
            UploadContent content = crashPoints.uploadContent(tmp);
            uploading(txid);
            try {
                engine.client.createIfAbsent(key, content, createdAt);
            } catch (ObjectAlreadyExistsException e) {
                List<LtxFileInfo> remote = engine.client.list(0, txid);
                throw conflict(txid, remote.isEmpty() ? txid : remote.getLast().maxTxid());
            } catch (IOException e) {
                crashPoints.reach(CrashPoints.Point.DURING_UPLOAD, engine);
                unconfirmed = new UnconfirmedUpload(txid, upToSeq, state, encoded, createdAt);
                throw e;
            }
            crashPoints.reach(CrashPoints.Point.AFTER_UPLOAD_BEFORE_ACK, engine);
            buffer.appendSynced(txid, upToSeq);
            crashPoints.reach(CrashPoints.Point.AFTER_ACK_BEFORE_TRIM, engine);
            acknowledge(state, encoded, new RemoteFile(key, encoded.size(), createdAt), upToSeq);
            status.synced(txid);
            return txid;
        } finally {
            if (unconfirmed == null || unconfirmed.state() != state) {
                engine.unpin(state);
            }
            if (unconfirmed == null) {
                uploading(0);
            }
            Files.deleteIfExists(tmp);
        }
    }

    /** Records the TXID of the upload in progress (0: none). */
    private void uploading(long txid) {
        engine.lock.lock();
        try {
            uploading = txid;
        } finally {
            engine.lock.unlock();
        }
    }

    /**
     * Settles the last upload if its outcome is unknown: acknowledged if the replica holds exactly that file,
     * dropped if the TXID is still free; another writer's file there is left to the conflict check. Caller holds
     * syncLock.
     */
    private void settleUnconfirmed() throws IOException {
        UnconfirmedUpload u = unconfirmed;
        if (u == null) {
            return;
        }
        boolean landed = UnconfirmedUpload.landed(engine.client, u.txid(), u.encoded().size(),
                u.encoded().fileChecksum());
        if (landed) {
            buffer.appendSynced(u.txid(), u.upToSeq());
            acknowledge(u.state(), u.encoded(), new RemoteFile(u.key(), u.encoded().size(), u.createdAt()),
                    u.upToSeq());
            status.synced(u.txid());
            LOG.log(System.Logger.Level.INFO, "'" + engine.name + "': the upload of TXID " + Ltx.formatTxid(u.txid())
                    + " had reached the replica although its request failed; recorded as synced");
        }
        unconfirmed = null;
        uploading(0);
        engine.unpin(u.state());
    }

    /** The pages of the next upload; caller holds engine.lock. */
    private List<Long> pagesToUpload(DatabaseState state) {
        long commit = state.commit();
        TreeSet<Long> pages = new TreeSet<>();
        if (expectedTxid == 0 || commit < remoteCommit) {
            // The first file is a snapshot; a shrink uploads the whole image so readers that replace their index
            // on a shrink (Litestream's VFS does) still see every page.
            for (long p = 1; p <= commit; p++) {
                pages.add(p);
            }
        } else {
            for (long p : pendingSeq.keySet()) {
                if (p <= commit) {
                    pages.add(p);
                }
            }
            for (long p = remoteCommit + 1; p <= commit; p++) {
                pages.add(p);
            }
        }
        pages.remove(Ltx.lockPgno(Math.max(state.pageSize(), Ltx.MIN_PAGE_SIZE)));
        return new ArrayList<>(pages);
    }

    private EncodedLtx encode(DatabaseState state, List<Long> pgnos, long txid, Instant createdAt, Path out)
            throws IOException {
        int pageSize = state.pageSize();
        LtxHeader header = LtxHeader.withoutChecksums(pageSize, state.commit(), txid, txid, createdAt.toEpochMilli());
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            LtxEncoder encoder = LtxEncoder.create(os, header);
            byte[] page = new byte[pageSize];
            for (long pgno : pgnos) {
                engine.readPage(state, pgno, page, 1);
                encoder.writePage(pgno, page, 0);
            }
            return encoder.finish();
        }
    }

    /** Points the uploaded pages at the new file (unless rewritten since) and publishes that. */
    private void acknowledge(DatabaseState uploaded, EncodedLtx encoded, RemoteFile file, long upToSeq) {
        engine.lock.lock();
        try {
            expectedTxid = file.maxTxid();
            remoteCommit = uploaded.commit();
            DatabaseState now = engine.current();
            PageTable.Editor pages = now.pages().edit();
            var index = encoded.pageIndex();
            for (int i = 0; i < index.size(); i++) {
                long pgno = index.pgno(i);
                Long seq = pendingSeq.get(pgno);
                if (seq != null && seq <= upToSeq) {
                    pages.put(pgno, file, PageTable.packFrame(index.offset(i), index.frameSize(i)));
                    pendingSeq.remove(pgno);
                }
            }
            pendingSeq.entrySet().removeIf(e -> e.getValue() <= upToSeq);
            engine.publish(now.withLocations(file.maxTxid(), file.createdAt(), pages.build(), pendingSeq.size()));
            if (pendingSeq.isEmpty()) {
                status.caughtUp();
            }
            maybeResetBuffer();
        } finally {
            engine.lock.unlock();
        }
    }

    private IOException conflict(long ours, long remote) {
        status.conflict(ours, remote, engine.name, buffer.path());
        engine.reportError("replica conflict", new IOException(status.conflictMessage()));
        return SqliteVfsException.readOnly(status.conflictMessage());
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
