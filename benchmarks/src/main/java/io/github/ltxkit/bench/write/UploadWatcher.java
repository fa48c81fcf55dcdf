package io.github.ltxkit.bench.write;

import io.github.ltxkit.bench.support.Jdbc;
import io.github.ltxkit.vfs.ReplicaDatabase;
import io.github.ltxkit.vfs.SyncStatus;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches a writable ltxkit database's uploads and, for each, finds out which commits it made durable: a thread
 * reads {@link ReplicaDatabase#syncStatus()} every {@value #POLL_MICROS} µs; when the newest successful upload's
 * TXID changes, it notes when that upload succeeded ({@link SyncStatus#lastSyncedAt()}), brings a
 * {@link ReplicaDatabase#bucketView() bucket view} (a read-only instance that sees exactly what the bucket holds)
 * up to date and asks it for the largest row id. Each commit inserts the next id, so every commit up to that id is
 * in the bucket from that moment on.
 *
 * <p>Thread-safe: {@code uploads} and {@code failure} are guarded by {@code this}; the watching thread owns the view.
 */
final class UploadWatcher implements AutoCloseable {
    static final int POLL_MICROS = 500;

    /**
     * One upload seen.
     *
     * @param txid      its TXID
     * @param succeeded when it succeeded, as the writer recorded it
     * @param maxId     the largest row id the bucket held right after it
     * @param exact     whether the bucket held exactly this upload when asked (not a later one too)
     */
    record Upload(long txid, Instant succeeded, long maxId, boolean exact) {
    }

    private final ReplicaDatabase database;
    private final ReplicaDatabase view;
    private final Connection viewConnection;
    private final Thread thread;
    // Guarded by this:
    private final List<Upload> uploads = new ArrayList<>();
    private Exception failure;
    private volatile boolean stopped;

    /** Starts watching {@code database} (write mode) through {@code view}, one of its bucket views. */
    UploadWatcher(ReplicaDatabase database, ReplicaDatabase view) throws java.sql.SQLException {
        this.database = database;
        this.view = view;
        this.viewConnection = view.connect();
        this.thread = Thread.ofPlatform().daemon().name("bench-upload-watcher").start(this::watch);
    }

    /** Returns the uploads seen so far, oldest first. */
    synchronized List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    /**
     * Waits until the watcher has seen the upload of TXID {@code txid} or a later one.
     *
     * @throws IllegalStateException if the watcher failed, or has not seen it within 30 s
     */
    void awaitSeen(long txid) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            synchronized (this) {
                if (failure != null) {
                    throw new IllegalStateException("the upload watcher failed: " + failure.getMessage(), failure);
                }
                if (!uploads.isEmpty() && uploads.getLast().txid() >= txid) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the upload watcher did not see TXID " + txid + " within 30 s");
            }
            Thread.sleep(1);
        }
    }

    private void watch() {
        try {
            long seen = status().lastSyncedTxid();
            Instant seenAt = status().lastSyncedAt();
            while (!stopped) {
                SyncStatus s = status();
                if (s.lastSyncedTxid() > seen) {
                    // The TXID and the time are separate fields: read again until the time belongs to this upload.
                    while (s.lastSyncedAt() == null || s.lastSyncedAt().equals(seenAt)) {
                        LockSupport.parkNanos(10_000);
                        s = status();
                    }
                    view.pollNow();
                    long maxId = Jdbc.queryLong(viewConnection, "select coalesce(max(id), 0) from t");
                    Upload u = new Upload(s.lastSyncedTxid(), s.lastSyncedAt(), maxId, view.txid() == s.lastSyncedTxid());
                    synchronized (this) {
                        uploads.add(u);
                    }
                    seen = s.lastSyncedTxid();
                    seenAt = s.lastSyncedAt();
                }
                LockSupport.parkNanos(POLL_MICROS * 1_000L);
            }
        } catch (Exception e) {
            synchronized (this) {
                failure = e;
            }
        }
    }

    private SyncStatus status() {
        return database.syncStatus().orElseThrow(() -> new IllegalStateException(database.name()
                + " is not in write mode"));
    }

    /** Stops the watching thread and closes the view's connection (not the view). */
    @Override
    public void close() throws java.sql.SQLException {
        stopped = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        viewConnection.close();
    }
}
