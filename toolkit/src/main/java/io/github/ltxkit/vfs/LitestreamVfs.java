package io.github.ltxkit.vfs;

import io.github.ltxkit.fault.StorageFaults;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.replica.s3.S3ClientCache;
import io.github.ltxkit.sqlite.MainFile;
import io.github.ltxkit.sqlite.OpenFlags;
import io.github.ltxkit.sqlite.SqliteEngine;
import io.github.ltxkit.sqlite.VfsHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A SQLite VFS, registered inside sqlite-jdbc, that serves databases straight from Litestream replicas.
 *
 * <p>Registered under {@code litestream} by default, so Litestream's URLs work unchanged:
 * {@code jdbc:sqlite:file:app.db?vfs=litestream&replica_url=s3://bucket/app.db}. The URL must start with
 * {@code file:}: sqlite-jdbc silently ignores {@code vfs=} otherwise. {@link #open} configures a database through
 * the Java API and returns its handle, whose {@link ReplicaDatabase#jdbcUrl()} is always correct.
 *
 * <pre>{@code
 * try (LitestreamVfs vfs = LitestreamVfs.register();
 *      ReplicaDatabase db = vfs.open("orders.db", DatabaseConfig.builder()
 *              .replicaUrl("s3://backups/orders.db?endpoint=http://127.0.0.1:9000").build());
 *      Connection c = DriverManager.getConnection(db.jdbcUrl())) { ... }
 * }</pre>
 *
 * <p>Databases of one VFS on the same S3 endpoint, region and credentials share one S3 client and its connection
 * pool; when the environment sets {@code LITESTREAM_REPLICA_URL}, its client is built as the VFS registers.
 *
 * <p>Thread-safe. Each instance owns its threads, S3 clients and temporary directory until {@link #close()}.
 */
public final class LitestreamVfs implements AutoCloseable {
    /** The name Litestream's own VFS registers. */
    public static final String DEFAULT_NAME = "litestream";
    private static final System.Logger LOG = System.getLogger(LitestreamVfs.class.getName());

    private final String name;
    private final Path auxiliaryRoot;
    private final VfsExecutors executors;
    private final DatabaseRegistry registry;
    /**
     * The SDK S3 clients of this VFS's databases, one per endpoint, region, addressing style and credentials: owned by
     * the VFS (databases closing leave them open), closed by {@link #close()}; thread-safe on its own.
     */
    private final S3ClientCache s3Clients = new S3ClientCache();
    /** Credentials registered per database name through the Java API. */
    private final Map<String, S3Credentials> credentials = new ConcurrentHashMap<>();
    /** Numbers the bucket views, so each gets a name of its own. */
    private final java.util.concurrent.atomic.AtomicLong bucketViews = new java.util.concurrent.atomic.AtomicLong();
    /** Set once by close(), from any thread; checked by every open. */
    private volatile boolean closed;

    private LitestreamVfs(String name, Map<String, String> environment) throws IOException {
        this.name = name;
        this.auxiliaryRoot = Files.createTempDirectory("ltxkit-" + DatabaseRegistry.safe(name) + "-");
        this.executors = VfsExecutors.create(name);
        this.registry = new DatabaseRegistry(name, executors, auxiliaryRoot, this::openReplica, environment);
    }

    /** Registers the VFS as {@code litestream}, configured by the process environment. */
    public static LitestreamVfs register() {
        return register(DEFAULT_NAME);
    }

    /** Registers the VFS under {@code name}, configured by the process environment. */
    public static LitestreamVfs register(String name) {
        return register(name, System.getenv());
    }

    /**
     * Registers the VFS under {@code name} with {@code LITESTREAM_*} settings taken from {@code environment}.
     *
     * @throws IllegalStateException if the name is taken or the SQLite engine cannot be bound
     */
    public static LitestreamVfs register(String name, Map<String, String> environment) {
        LitestreamVfs vfs;
        try {
            vfs = new LitestreamVfs(name, environment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the VFS's temporary directory", e);
        }
        try {
            SqliteEngine.get().register(name, vfs.new Handler());
        } catch (RuntimeException e) {
            vfs.executors.close();
            vfs.s3Clients.close();
            deleteTree(vfs.auxiliaryRoot);
            throw e;
        }
        vfs.prepareDefaultReplica(environment);
        return vfs;
    }

    /** Returns the name the VFS is registered under. */
    public String name() {
        return name;
    }

    /**
     * Opens database {@code databaseName} with {@code config} and returns its handle; connections opened with
     * {@link ReplicaDatabase#jdbcUrl()} share it. Blocks until the first state is built from the replica.
     *
     * @throws IOException naming the problem if the replica cannot be opened
     */
    public ReplicaDatabase open(String databaseName, DatabaseConfig config) throws IOException {
        return open(databaseName, config, null);
    }

    /** Like {@link #open(String, DatabaseConfig)}, with explicit S3 credentials for this database. */
    public ReplicaDatabase open(String databaseName, DatabaseConfig config, S3Credentials s3Credentials)
            throws IOException {
        Objects.requireNonNull(config, "config");
        checkOpen();
        registry.register(databaseName, config);
        if (s3Credentials != null) {
            credentials.put(databaseName, s3Credentials);
        }
        return new ReplicaDatabase(this, databaseName, registry.acquire(databaseName, Map.of()));
    }

    /** Opens a read-only, local-state-free instance of {@code databaseName}'s replica under a fresh name. */
    ReplicaDatabase openBucketView(String databaseName, DatabaseConfig config) throws IOException {
        DatabaseConfig view = config.toBuilder().writeEnabled(false).hydrationEnabled(false)
                .bufferPath(null).hydrationPath(null).snapshotTimeout(java.time.Duration.ZERO).build();
        String viewName = databaseName + ".bucket-view-" + bucketViews.incrementAndGet();
        return open(viewName, view, credentials.get(databaseName));
    }

    /**
     * Closes the running instance of {@code databaseName} now, with its final upload, whatever handles and
     * connections still hold it (they fail from then on), and forgets its configuration and credentials. Use it to
     * end a database whose handles are not all accounted for, e.g. those {@link ReplicaDatabase#reopen()} returned.
     *
     * @return whether an instance was running
     */
    public boolean closeDatabase(String databaseName) {
        Objects.requireNonNull(databaseName, "databaseName");
        boolean running = registry.close(databaseName);
        registry.unregister(databaseName);
        credentials.remove(databaseName);
        return running;
    }

    /** Returns the JDBC URL of database {@code databaseName} on this VFS (always a {@code file:} URI). */
    public String jdbcUrl(String databaseName) {
        return "jdbc:sqlite:file:" + uriEncode(databaseName) + "?vfs=" + name;
    }

    DatabaseRegistry registry() {
        return registry;
    }

    private Replica openReplica(String databaseName, DatabaseConfig config, StorageFaults faults)
            throws IOException {
        ReplicaOptions.Builder options = ReplicaOptions.builder().decorator(faults::wrap);
        S3Credentials explicit = credentials.get(databaseName);
        if (explicit != null) {
            options.credentials(explicit);
        }
        return Replica.open(ReplicaUrl.parse(config.replicaUrl()), options.build(), s3Clients);
    }

    /**
     * Builds the S3 client of the environment's {@code LITESTREAM_REPLICA_URL} now, as Litestream's VFS builds its
     * client when it loads, so that the first open of a database configured by the environment does not wait for
     * it. A URL that cannot be used is left for that open to report.
     */
    private void prepareDefaultReplica(Map<String, String> environment) {
        String url = environment.get(ConfigParameter.REPLICA_URL.environmentVariable());
        if (url == null || url.isBlank()) {
            return;
        }
        try {
            ReplicaUrl parsed = ReplicaUrl.parse(url);
            if (parsed.isS3()) {
                s3Clients.prepare(parsed, ReplicaOptions.defaults());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "VFS '" + name + "': no S3 client built ahead for "
                    + ConfigParameter.REPLICA_URL.environmentVariable() + ": " + e.getMessage());
        }
    }

    /** Returns the SDK S3 clients this VFS's databases share. */
    S3ClientCache s3Clients() {
        return s3Clients;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("VFS '" + name + "' is closed");
        }
    }

    /** Closes every database (with final uploads), unregisters the VFS and stops its threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            registry.closeAll();
        } finally {
            SqliteEngine.get().unregister(name);
            executors.close();
            s3Clients.close();
            deleteTree(auxiliaryRoot);
        }
    }

    private static String uriEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~/".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a temporary directory
        }
    }

    /** The bridge's view of this VFS. */
    private final class Handler implements VfsHandler {
        @Override
        public MainFile openMainFile(String fileName, Map<String, String> uriParameters, OpenFlags flags)
                throws IOException {
            DatabaseRegistry.Lease lease = registry.acquire(fileName, uriParameters);
            return new VfsFile(lease.engine(), lease, flags);
        }

        @Override
        public Path auxiliaryFilePath(String fileName) {
            return registry.auxiliaryPath(fileName);
        }
    }
}
