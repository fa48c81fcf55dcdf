package io.github.ltxkit.vfs;

import io.github.ltxkit.fault.StorageFaults;
import io.github.ltxkit.replica.ReplicaMetricsSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A handle on one database served from its replica: its JDBC URL, its state, its uploads, its storage faults and
 * its crash controls. The database stays open while the handle or any connection to it is open.
 *
 * <p>Thread-safe. After {@link #crash()} the handle and every connection to the crashed instance fail;
 * {@link #reopen()} gives a new handle on a new instance, as a restarted process would have.
 */
public final class ReplicaDatabase implements AutoCloseable {
    private final LitestreamVfs vfs;
    private final String name;
    private final DatabaseRegistry.Lease lease;
    private final DatabaseEngine engine;

    ReplicaDatabase(LitestreamVfs vfs, String name, DatabaseRegistry.Lease lease) {
        this.vfs = vfs;
        this.name = name;
        this.lease = lease;
        this.engine = lease.engine();
    }

    /** Returns the database's name in the VFS. */
    public String name() {
        return name;
    }

    /** Returns the JDBC URL that opens this database ({@code jdbc:sqlite:file:<name>?vfs=<vfs>}). */
    public String jdbcUrl() {
        return vfs.jdbcUrl(name);
    }

    /**
     * Opens a new JDBC connection to this database, with Litestream's SQL functions ({@code litestream_txid()},
     * {@code litestream_lag()}, {@code litestream_time()}, {@code litestream_set_time(t)}) installed. An
     * {@link SQLException} caused by the VFS carries the VFS's reason (a replica conflict names both TXIDs).
     */
    public Connection connect() throws SQLException {
        io.github.ltxkit.sqlite.SqliteEngine sqlite = io.github.ltxkit.sqlite.SqliteEngine.get();
        sqlite.clearLastError();
        Connection c;
        try {
            c = DriverManager.getConnection(jdbcUrl());
        } catch (SQLException e) {
            throw ExplainingConnections.explain(e, sqlite.lastError());
        }
        try {
            LitestreamFunctions.install(c);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return ExplainingConnections.wrap(c);
    }

    /** Returns a {@link javax.sql.DataSource} whose connections are those of {@link #connect()}. */
    public javax.sql.DataSource dataSource() {
        return new ReplicaDataSource(this);
    }

    /** Returns the configuration the database was opened with. */
    public DatabaseConfig config() {
        return engine.config;
    }

    /** Returns where the replica is, without credentials. */
    public String replicaDescription() {
        return engine.client.describe();
    }

    /** Returns the replica TXID of the newest state. */
    public long txid() {
        return engine.current().txid();
    }

    /** Returns the database size in pages in the newest state. */
    public long pageCount() {
        return engine.current().commit();
    }

    /** Returns where uploads stand; empty for a read-only database. */
    public Optional<SyncStatus> syncStatus() {
        return Optional.ofNullable(engine.syncer).map(Syncer::snapshotStatus);
    }

    /**
     * Uploads everything committed now, without waiting for the sync interval.
     *
     * @return the TXID uploaded, or 0 if nothing was pending
     * @throws IOException on a conflict or a failed upload
     */
    public long syncNow() throws IOException {
        return writer().syncOnce();
    }

    /**
     * Waits until everything committed when called is uploaded, for ten sync intervals (at least ten seconds).
     *
     * @return the upload status reached
     * @throws org.awaitility.core.ConditionTimeoutException naming the state reached instead (the replica's TXID,
     *         pending pages, the last upload error, a paused sync)
     * @throws IllegalStateException at once when no upload can happen: a conflict, a crash, {@code sync_interval=0}
     */
    public SyncStatus awaitSynced() {
        return Awaits.synced(engine, 0, Awaits.defaultSyncTimeout(engine.config));
    }

    /** Like {@link #awaitSynced()}, waiting until the replica holds {@code txid} or later. */
    public SyncStatus awaitSynced(long txid) {
        return Awaits.synced(engine, txid, Awaits.defaultSyncTimeout(engine.config));
    }

    /** Like {@link #awaitSynced(long)} with its own timeout; {@code txid} 0 means everything committed. */
    public SyncStatus awaitSynced(long txid, java.time.Duration timeout) {
        return Awaits.synced(engine, txid, timeout);
    }

    /** Stops periodic uploads until {@link #resumeSync()} (commits keep going to the buffer). */
    public void pauseSync() {
        writer().status.pause();
    }

    /** Resumes periodic uploads. */
    public void resumeSync() {
        writer().status.resume();
    }

    /** Looks for new files in the replica now; returns whether the state changed. */
    public boolean pollNow() throws IOException {
        return engine.follower.pollOnce();
    }

    /** Stops periodic polling until {@link #resumePolling()}. */
    public void pausePolling() {
        engine.follower.pause();
    }

    /** Resumes periodic polling. */
    public void resumePolling() {
        engine.follower.resume();
    }

    /** Returns the hydration's progress; empty when hydration is off. */
    public Optional<io.github.ltxkit.hydrate.HydrationProgress> hydrationProgress() {
        return Optional.ofNullable(engine.hydration).map(Hydration::progress);
    }

    /** Waits up to 30 seconds until the hydrated copy is complete and holds the newest state. */
    public io.github.ltxkit.hydrate.HydrationProgress awaitHydrated() {
        return awaitHydrated(java.time.Duration.ofSeconds(30));
    }

    /**
     * Waits until the hydrated copy is complete, serves reads and holds the newest state: the newest replica TXID
     * and, on a writable database, every local commit too.
     *
     * @throws org.awaitility.core.ConditionTimeoutException naming the progress reached and the last failure
     * @throws IllegalStateException without hydration, or when the database crashed or closed
     */
    public io.github.ltxkit.hydrate.HydrationProgress awaitHydrated(java.time.Duration timeout) {
        return Awaits.hydrated(engine, timeout);
    }

    /** Sets the listener told about hydration progress (none by default). */
    public void hydrationListener(io.github.ltxkit.hydrate.HydrationListener listener) {
        hydration().listener(listener);
    }

    /**
     * Stops the hydrated copy from following new states until {@link #resumeHydration()}; a hydration that has not
     * started yet (the replica had no files at open) does not start before then either.
     */
    public void pauseHydration() {
        hydration().pause();
    }

    /** Resumes following new states in the hydrated copy. */
    public void resumeHydration() {
        hydration().resume();
    }

    private Hydration hydration() {
        if (engine.hydration == null) {
            throw new IllegalStateException("'" + name + "' has no hydration: open it with hydration_enabled");
        }
        return engine.hydration;
    }

    /**
     * Returns the LTX checksum of the newest committed state as this instance sees it (unsynced commits included):
     * the value an LTX file's post-apply checksum holds for the same content. Reads every page.
     */
    public long checksum() throws IOException {
        return ContentChecksum.of(engine);
    }

    /**
     * Opens a read-only view of exactly what the bucket holds now: a new instance on the same replica that ignores
     * this one's local state (no write buffer, no hydrated copy, no storage faults, no polling). Close it after use.
     * Works after {@link #crash()} too.
     */
    public ReplicaDatabase bucketView() throws IOException {
        ReplicaDatabase view = vfs.openBucketView(name, engine.config);
        view.pausePolling();
        return view;
    }

    /** Returns requests, bytes and errors per operation made to the replica so far. */
    public ReplicaMetricsSnapshot metrics() {
        return engine.replica.metrics().snapshot();
    }

    /** Returns the storage fault controls of this database's replica client. */
    public StorageFaults faults() {
        return lease.faults();
    }

    /** Returns the last problem the database ran into (a failed poll, upload or read), if any. */
    public Optional<String> lastError() {
        EngineEvents.Problem p = engine.events.last();
        return p == null ? Optional.empty() : Optional.of(p.message());
    }

    /** Arms a crash for the next upload, at {@code point}. */
    public void crashAt(CrashPoint point) {
        writer().crashPoints.arm(point);
    }

    /**
     * Runs {@code hook} when the next upload reaches {@code point}, instead of simulating a crash there. The
     * process crash harness uses it to be killed with SIGKILL at that exact moment.
     */
    public void atCrashPoint(CrashPoint point, Runnable hook) {
        writer().crashPoints.armHook(point, java.util.Objects.requireNonNull(hook, "hook"));
    }

    /** Stops the database at once, as a killed process would: no upload, no close; local files stay. */
    public void crash() {
        crash(false);
    }

    /**
     * Stops the database at once; with {@code loseLocalDisk}, its write buffer and hydrated copy are deleted too,
     * as if the machine were lost.
     */
    public void crash(boolean loseLocalDisk) {
        vfs.registry().crash(name, "crashed (simulated)");
        if (loseLocalDisk) {
            deleteLocalFiles();
        }
    }

    private void deleteLocalFiles() {
        try {
            Path buffer = engine.syncer != null && engine.syncer.buffer != null ? engine.syncer.buffer.path() : null;
            if (buffer != null) {
                Files.deleteIfExists(buffer);
            }
            engine.deleteHydrationFiles();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot delete the local files of '" + name + "'", e);
        }
    }

    /** Opens the database again on a new instance (as after a restart); this handle stays as it is. */
    public ReplicaDatabase reopen() throws IOException {
        return vfs.open(name, engine.config);
    }

    /** Returns whether this handle's instance is still running (not crashed, not closed). */
    public boolean isOpen() {
        return engine.alive();
    }

    private Syncer writer() {
        if (engine.syncer == null) {
            throw new IllegalStateException("'" + name + "' is read-only: open it with write_enabled");
        }
        return engine.syncer;
    }

    /** Lets go of the database; it closes (with a final upload) once no connection uses it either. */
    @Override
    public void close() {
        lease.release();
    }
}
