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
import java.util.List;
import java.util.TreeSet;

/**
 * One upload cycle of a writable database: everything committed since the last upload becomes one level-0 LTX
 * file with the next TXID, created with a conditional PUT; on success the uploaded pages are pointed at the new
 * file. An upload whose response was lost is settled by the next cycle (see {@link UnconfirmedUpload}).
 *
 * <p>Threads: used only by the thread holding the {@link Syncer}'s sync lock, which also guards
 * {@code unconfirmed}; the Syncer's fields it touches are guarded by the engine lock, taken here where needed.
 */
final class Uploads {
    private static final System.Logger LOG = System.getLogger(Uploads.class.getName());

    private final Syncer syncer;
    private final DatabaseEngine engine;
    /** The last upload if its outcome is unknown; its state stays pinned until settled. */
    private UnconfirmedUpload unconfirmed;

    Uploads(Syncer syncer) {
        this.syncer = syncer;
        this.engine = syncer.engine;
    }

    /**
     * Uploads everything committed so far as the next TXID (settling an unconfirmed upload first); returns it, or 0
     * if there was nothing to upload.
     */
    long uploadCommitted() throws IOException {
        engine.checkAlive();
        settleUnconfirmed();
        DatabaseState state;
        List<Long> pgnos;
        long upToSeq;
        long base;
        engine.lock.lock();
        try {
            String conflict = syncer.status.conflictMessage();
            if (conflict != null) {
                throw SqliteVfsException.readOnly(conflict);
            }
            if (!syncer.hasChanges()) {
                return 0;
            }
            state = engine.pin();
            upToSeq = syncer.lastCommittedSeq;
            base = syncer.expectedTxid;
            pgnos = pagesToUpload(state);
            syncer.uploading = true;
        } finally {
            engine.lock.unlock();
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(engine.auxiliaryDir, "upload-", ".ltx");
            List<LtxFileInfo> newer = engine.client.list(0, base + 1);
            if (!newer.isEmpty()) {
                throw conflict(base + 1, newer.getLast().maxTxid());
            }
            long txid = base + 1;
            Instant createdAt = Instant.now();
            EncodedLtx encoded = encode(state, pgnos, txid, createdAt, tmp);
            syncer.crashPoints.reach(CrashPoints.Point.BEFORE_UPLOAD, engine);
            syncer.buffer.appendUploadIntent(txid, upToSeq, encoded.size(), encoded.fileChecksum());
            LtxFileKey key = LtxFileKey.of(0, txid, txid);
            UploadContent content = syncer.crashPoints.uploadContent(tmp);
            try {
                engine.client.createIfAbsent(key, content, createdAt);
            } catch (ObjectAlreadyExistsException e) {
                List<LtxFileInfo> remote = engine.client.list(0, txid);
                throw conflict(txid, remote.isEmpty() ? txid : remote.getLast().maxTxid());
            } catch (IOException e) {
                syncer.crashPoints.reach(CrashPoints.Point.DURING_UPLOAD, engine);
                unconfirmed = new UnconfirmedUpload(txid, upToSeq, state, encoded, createdAt);
                throw e;
            }
            syncer.crashPoints.reach(CrashPoints.Point.AFTER_UPLOAD_BEFORE_ACK, engine);
            syncer.buffer.appendSynced(txid, upToSeq);
            syncer.crashPoints.reach(CrashPoints.Point.AFTER_ACK_BEFORE_TRIM, engine);
            acknowledge(state, encoded, new RemoteFile(key, encoded.size(), createdAt), upToSeq);
            return txid;
        } finally {
            boolean outcomeUnknown = unconfirmed != null && unconfirmed.state() == state;
            engine.lock.lock();
            try {
                syncer.uploading = outcomeUnknown;
            } finally {
                engine.lock.unlock();
            }
            if (!outcomeUnknown) {
                engine.unpin(state);
            }
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
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
            syncer.buffer.appendSynced(u.txid(), u.upToSeq());
            acknowledge(u.state(), u.encoded(), new RemoteFile(u.key(), u.encoded().size(), u.createdAt()),
                    u.upToSeq());
            LOG.log(System.Logger.Level.INFO, "'" + engine.name + "': the upload of TXID " + Ltx.formatTxid(u.txid())
                    + " had reached the replica although its request failed; recorded as synced");
        }
        unconfirmed = null;
        engine.lock.lock();
        try {
            syncer.uploading = false;
        } finally {
            engine.lock.unlock();
        }
        engine.unpin(u.state());
    }

    /** The pages of the next upload; caller holds engine.lock. */
    private List<Long> pagesToUpload(DatabaseState state) {
        long commit = state.commit();
        TreeSet<Long> pages = new TreeSet<>();
        if (syncer.expectedTxid == 0 || commit < syncer.remoteCommit) {
            // The first file is a snapshot; a shrink uploads the whole image so readers that replace their index
            // on a shrink (Litestream's VFS does) still see every page.
            for (long p = 1; p <= commit; p++) {
                pages.add(p);
            }
        } else {
            for (long p : syncer.pendingSeq.keySet()) {
                if (p <= commit) {
                    pages.add(p);
                }
            }
            for (long p = syncer.remoteCommit + 1; p <= commit; p++) {
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

    /**
     * Records the upload of {@code file} as synced, points the uploaded pages at it (unless rewritten since) and
     * publishes that. The status names the new TXID before the pages leave the pending set, both under the engine
     * lock, so no status read shows nothing pending with the previous TXID.
     */
    private void acknowledge(DatabaseState uploaded, EncodedLtx encoded, RemoteFile file, long upToSeq) {
        engine.lock.lock();
        try {
            syncer.status.synced(file.maxTxid());
            syncer.expectedTxid = file.maxTxid();
            syncer.remoteCommit = uploaded.commit();
            DatabaseState now = engine.current();
            PageTable.Editor pages = now.pages().edit();
            var index = encoded.pageIndex();
            for (int i = 0; i < index.size(); i++) {
                long pgno = index.pgno(i);
                Long seq = syncer.pendingSeq.get(pgno);
                if (seq != null && seq <= upToSeq) {
                    pages.put(pgno, file, PageTable.packFrame(index.offset(i), index.frameSize(i)));
                    syncer.pendingSeq.remove(pgno);
                }
            }
            syncer.pendingSeq.entrySet().removeIf(e -> e.getValue() <= upToSeq);
            engine.publish(now.withLocations(file.maxTxid(), file.createdAt(), pages.build(), syncer.pendingSeq.size()));
            if (syncer.pendingSeq.isEmpty()) {
                syncer.status.caughtUp();
            }
            syncer.maybeResetBuffer();
        } finally {
            engine.lock.unlock();
        }
    }

    private IOException conflict(long ours, long remote) {
        syncer.status.conflict(ours, remote, engine.name, syncer.buffer.path());
        engine.reportError("replica conflict", new IOException(syncer.status.conflictMessage()));
        return SqliteVfsException.readOnly(syncer.status.conflictMessage());
    }
}
