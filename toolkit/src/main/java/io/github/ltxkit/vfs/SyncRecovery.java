package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.replica.RestorePlan;
import io.github.ltxkit.replica.RestorePlanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * Opens a writable database's buffer and reconciles what it holds with the replica, once, at open.
 *
 * <ul>
 *   <li>Nothing pending: start from the replica.</li>
 *   <li>An upload was started but not confirmed (a crash in the ambiguous window): if the replica holds that TXID's
 *       file with the size and LTX file checksum recorded before sending, the upload landed and is recorded as
 *       synced.</li>
 *   <li>The replica is still at the buffer's base TXID: the pending transactions are replayed on top of it and
 *       uploaded by the next sync.</li>
 *   <li>The replica moved elsewhere meanwhile: a conflict. The buffer is kept untouched, uploads and writes are
 *       refused, and reads show this writer's own data if its base TXID can still be rebuilt.</li>
 * </ul>
 * {@code buffer_recovery=discard} (and a temporary buffer) starts empty instead, as Litestream does.
 */
final class SyncRecovery {
    private static final System.Logger LOG = System.getLogger(SyncRecovery.class.getName());
    private final Syncer syncer;
    private final DatabaseEngine engine;

    SyncRecovery(Syncer syncer) {
        this.syncer = syncer;
        this.engine = syncer.engine;
    }

    void run() throws IOException {
        DatabaseConfig config = engine.config;
        Path path = config.bufferPath() != null ? config.bufferPath()
                : engine.auxiliaryDir.resolve("write-buffer");
        syncer.temporaryBuffer = config.bufferPath() == null;
        long identity = identity(engine.client.describe());
        DatabaseState remote = engine.current();
        if (syncer.temporaryBuffer || config.bufferRecovery() == DatabaseConfig.BufferRecovery.DISCARD) {
            if (!syncer.temporaryBuffer && Files.exists(path) && Files.size(path) > WriteBuffer.HEADER_SIZE) {
                LOG.log(System.Logger.Level.WARNING, "'" + engine.name + "': discarding " + Files.size(path)
                        + " bytes of write buffer " + path + " (buffer_recovery=discard)");
            }
            syncer.buffer = WriteBuffer.create(path, identity, remote.txid(), remote.pageSize());
            settle(remote);
            return;
        }
        WriteBuffer.Replay[] out = new WriteBuffer.Replay[1];
        syncer.buffer = WriteBuffer.open(path, identity, out);
        WriteBuffer.Replay replay = out[0];
        if (replay.tornBytes() > 0) {
            LOG.log(System.Logger.Level.INFO, "'" + engine.name + "': cut " + replay.tornBytes() + " bytes of an "
                    + "unfinished transaction off " + path);
        }
        syncer.nextSeq = replay.lastSeq() + 1;
        long base = replay.baseTxid();
        Map<Long, WriteBuffer.PageVersion> pending = new HashMap<>(replay.pending());
        if (!pending.isEmpty() && replay.uploadTxid() == base + 1
                && Long.compareUnsigned(remote.txid(), base + 1) >= 0 && landed(replay)) {
            base++;
            pending.values().removeIf(v -> v.seq() <= replay.uploadUpToSeq());
            syncer.buffer.appendSynced(base, replay.uploadUpToSeq());
            LOG.log(System.Logger.Level.INFO, "'" + engine.name + "': the upload of TXID " + Ltx.formatTxid(base)
                    + " interrupted by a crash had reached the replica; recorded as synced");
        }
        if (pending.isEmpty()) {
            syncer.buffer.reset(remote.txid(), remote.pageSize());
            settle(remote);
            return;
        }
        if (remote.txid() == base) {
            replayOnto(remote, replay, pending);
            LOG.log(System.Logger.Level.INFO, "'" + engine.name + "': replayed " + pending.size() + " unsynced pages"
                    + " from " + path + "; they upload as TXID " + Ltx.formatTxid(base + 1));
            return;
        }
        syncer.status.conflict(base + 1, remote.txid(), engine.name, path);
        engine.reportError("replica conflict at open", new IOException(syncer.status.conflictMessage()));
        DatabaseState view = remote;
        try {
            if (base == 0) {
                view = DatabaseState.empty(remote.changeCounter() + 7);
            } else {
                RestorePlan plan = RestorePlanner.plan(engine.client, RestorePlanner.Target.txid(base));
                if (!plan.files().isEmpty() && plan.maxTxid() == base) {
                    view = engine.follower.build(plan.files(), remote.changeCounter() + 7);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "'" + engine.name + "': cannot rebuild TXID "
                    + Ltx.formatTxid(base) + " to show the buffer's data: " + e.getMessage());
        }
        if (view != remote) {
            replayOnto(view, replay, pending);
        } else {
            settle(remote);
        }
    }

    /** Starts from {@code state} with nothing pending. */
    private void settle(DatabaseState state) {
        engine.lock.lock();
        try {
            syncer.expectedTxid = state.txid();
            syncer.remoteCommit = state.commit();
            syncer.status.startedAt(state.txid());
        } finally {
            engine.lock.unlock();
        }
    }

    private void replayOnto(DatabaseState base, WriteBuffer.Replay replay, Map<Long, WriteBuffer.PageVersion> pending)
            throws IOException {
        if (base.pageSize() != 0 && replay.pageSize() != base.pageSize()) {
            throw new IOException("write buffer " + syncer.buffer.path() + " holds " + replay.pageSize()
                    + "-byte pages but the replica's page size is " + base.pageSize());
        }
        engine.lock.lock();
        try {
            PageTable.Editor pages = base.pages().edit();
            for (Map.Entry<Long, WriteBuffer.PageVersion> e : pending.entrySet()) {
                pages.put(e.getKey(), syncer.buffer, e.getValue().dataOffset());
                syncer.pendingSeq.put(e.getKey(), e.getValue().seq());
            }
            pages.truncate(replay.commit());
            syncer.lastCommittedSeq = replay.lastSeq();
            syncer.expectedTxid = base.txid();
            syncer.remoteCommit = base.commit();
            syncer.status.startedAt(base.txid());
            syncer.status.committed();
            engine.publish(base.withContent(replay.pageSize(), replay.commit(), base.txid(), base.txTime(),
                    pages.build(), pending.size()));
        } finally {
            engine.lock.unlock();
        }
    }

    /** Returns whether the upload interrupted by the crash reached the replica (see {@link UnconfirmedUpload}). */
    private boolean landed(WriteBuffer.Replay replay) {
        try {
            return UnconfirmedUpload.landed(engine.client, replay.uploadTxid(), replay.uploadSize(),
                    replay.uploadChecksum());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "'" + engine.name + "': cannot check whether the interrupted "
                    + "upload landed: " + e.getMessage());
            return false;
        }
    }

    static long identity(String replica) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(replica.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
