package io.github.ltxkit.junit.internal;

import io.github.ltxkit.junit.ReplicaLocation;
import io.github.ltxkit.vfs.DatabaseConfig;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.CleanupMode;

/**
 * One test database: a fresh replica location seeded from its fixture and a database instance of its own in the
 * VFS, owned by the scope that created it. Closing it closes what it handed out, lets the instance close (a
 * writable one uploads what is pending), then deletes the replica or keeps it for inspection.
 *
 * <p>Thread-safe: the mutable fields are guarded by {@code lock}; {@code failed} is atomic.
 */
final class ManagedDatabase {
    final DatabaseSpec spec;
    /** Names the database for people: {@code OrdersTest.countsOrders.orders}. */
    final String label;
    final long sequence;
    final ReplicaLocation location;
    final ReplicaDatabase handle;
    private final StorageBackend backend;
    private final JvmResources jvm;
    /** The write buffer the extension chose for the database (see {@link #open}), or null. */
    private final Path managedBuffer;
    /** Set when a test that used the database failed. */
    private final AtomicBoolean failed = new AtomicBoolean();
    private final Object lock = new Object();
    /** Guarded by {@code lock}: the connection of {@link #sharedConnection()}, or null. */
    private Connection shared;
    /** Guarded by {@code lock}: the data source of {@link #sharedDataSource()}, or null. */
    private TrackingDataSource sharedDataSource;
    /** Guarded by {@code lock}. */
    private boolean closed;

    private ManagedDatabase(DatabaseSpec spec, String label, long sequence, ReplicaLocation location,
                            ReplicaDatabase handle, StorageBackend backend, JvmResources jvm, Path managedBuffer) {
        this.spec = spec;
        this.label = label;
        this.sequence = sequence;
        this.location = location;
        this.handle = handle;
        this.backend = backend;
        this.jvm = jvm;
        this.managedBuffer = managedBuffer;
    }

    /**
     * Creates the database of {@code spec}: builds (or takes from the cache) its fixture, allocates and seeds a
     * location, opens a database instance on it and arms the programmatic faults.
     *
     * @param label  names it for people and in its location
     * @param loader the class loader fixtures are looked up with
     */
    static ManagedDatabase create(JvmResources jvm, DatabaseSpec spec, String label, ClassLoader loader) {
        long sequence = jvm.nextSequence();
        Timings timings = jvm.timings();
        long start = System.nanoTime();
        Snapshot snapshot;
        try {
            snapshot = jvm.fixtures().snapshot(spec.fixture(), loader, spec.writable());
        } catch (IOException e) {
            throw new ExtensionConfigurationException("broken fixture of " + spec.displayName() + " declared by "
                    + spec.origin() + ": " + e.getMessage(), e);
        } catch (ExtensionConfigurationException e) {
            throw new ExtensionConfigurationException(e.getMessage() + ", declared by " + spec.origin(), e);
        }
        timings.since("fixture", start);
        StorageBackend backend = jvm.backend(spec, loader);
        start = System.nanoTime();
        ReplicaLocation location = backend.allocate(label, sequence);
        timings.since("allocate", start);
        try {
            start = System.nanoTime();
            backend.seed(location, snapshot);
            timings.since("seed", start);
            DatabaseConfig config = spec.config(location.replicaUrl());
            Path managedBuffer = null;
            if (config.writeEnabled() && config.bufferPath() == null) {
                // A buffer at a path of the database's own, so that reopen() after crash() replays it as a
                // restarted process would; deleted with the database.
                managedBuffer = jvm.bufferDirectory().resolve(label + "-" + sequence + ".buffer");
                config = config.toBuilder().bufferPath(managedBuffer).build();
            }
            start = System.nanoTime();
            ReplicaDatabase handle = jvm.vfs().open(label + "-" + sequence + ".db", config, location.credentials());
            timings.since("open", start);
            if (spec.faultSetup() != null) {
                spec.faultSetup().accept(handle.faults());
            }
            return new ManagedDatabase(spec, label, sequence, location, handle, backend, jvm, managedBuffer);
        } catch (IOException e) {
            discardQuietly(backend, location, e);
            throw new UncheckedIOException("cannot open " + spec.displayName() + " declared by " + spec.origin()
                    + " from " + location.replicaUrl() + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            discardQuietly(backend, location, e);
            throw e;
        }
    }

    private static void discardQuietly(StorageBackend backend, ReplicaLocation location, Throwable failure) {
        try {
            backend.discard(location);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Returns a client of the backend (its {@code close()} does nothing). */
    software.amazon.awssdk.services.s3.S3Client client() {
        return backend.client();
    }

    /** Opens a new connection to the database. */
    Connection connect() throws SQLException {
        long start = System.nanoTime();
        Connection c = handle.connect();
        jvm.timings().since("connect", start);
        return c;
    }

    /** Returns the connection shared by every caller, opened on first use and closed with the database. */
    Connection sharedConnection() throws SQLException {
        synchronized (lock) {
            checkOpen();
            if (shared == null || shared.isClosed()) {
                shared = connect();
            }
            return shared;
        }
    }

    /** Returns the data source shared by every caller; its connections are closed with the database. */
    TrackingDataSource sharedDataSource() {
        synchronized (lock) {
            checkOpen();
            if (sharedDataSource == null) {
                sharedDataSource = new TrackingDataSource(this);
            }
            return sharedDataSource;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(spec.displayName() + " (" + label + ") is closed: its scope ended");
        }
    }

    /** Records that a test that used the database failed, so that its replica is kept. */
    void markFailed() {
        failed.set(true);
    }

    /**
     * Closes what the database handed out and its instance, then deletes its replica, or keeps it if the cleanup
     * mode says so for this outcome.
     *
     * @param scopeFailed whether the scope that owns it failed
     * @return where the replica is kept, or {@code null} if it was deleted (or this ran before)
     */
    String close(boolean scopeFailed) throws Exception {
        Connection connection;
        TrackingDataSource dataSource;
        synchronized (lock) {
            if (closed) {
                return null;
            }
            closed = true;
            connection = shared;
            dataSource = sharedDataSource;
        }
        Exception problem = null;
        long start = System.nanoTime();
        try {
            if (connection != null) {
                connection.close();
            }
            if (dataSource != null) {
                dataSource.close();
            }
        } catch (Exception e) {
            problem = e;
        }
        handle.close();
        // Instances the test started with reopen() and did not close: they must not outlive their replica.
        jvm.vfs().closeDatabase(handle.name());
        jvm.timings().since("close", start);
        boolean keep = spec.cleanup() == CleanupMode.NEVER
                || (spec.cleanup() == CleanupMode.ON_SUCCESS && (scopeFailed || failed.get()));
        String kept = null;
        start = System.nanoTime();
        try {
            if (keep) {
                Path local = jvm.defaults().failedReplicaDirectory().resolve(label + "-" + sequence);
                deleteTree(local); // a copy left by an earlier run of the same test
                kept = backend.keep(location, local);
            } else {
                backend.discard(location);
            }
            if (managedBuffer != null && keep && kept != null && Files.exists(managedBuffer)) {
                Files.createDirectories(jvm.defaults().failedReplicaDirectory());
                Path keptBuffer = jvm.defaults().failedReplicaDirectory().resolve(label + "-" + sequence + ".buffer");
                Files.move(managedBuffer, keptBuffer, StandardCopyOption.REPLACE_EXISTING);
                kept += "; its write buffer: " + keptBuffer.toAbsolutePath();
            } else if (managedBuffer != null) {
                Files.deleteIfExists(managedBuffer);
            }
        } catch (Exception e) {
            if (problem == null) {
                problem = e;
            } else {
                problem.addSuppressed(e);
            }
        }
        jvm.timings().since(keep ? "keep" : "discard", start);
        if (problem != null) {
            throw problem;
        }
        return kept;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public String toString() {
        return "ManagedDatabase[" + label + ", " + location + "]";
    }
}
