package io.github.ltxkit.junit.internal;

import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.vfs.LitestreamVfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;

/**
 * What the extension shares across a test run, kept in JUnit's root store: the run's defaults, the VFS, the
 * backends (the embedded S3 server, the MinIO container, external endpoints), the fixture cache, the JVM-scoped
 * databases and the timings. Closed when the run ends, in order: JVM-scoped databases, VFS, backends, fixtures.
 *
 * <p>Thread-safe: the VFS is created under {@code lock}; backends and MinIO availability are computed once per key
 * in concurrent maps of futures; the rest is immutable or thread-safe itself.
 */
final class JvmResources implements AutoCloseable, Store.CloseableResource {
    static final Namespace NAMESPACE = Namespace.create("io.github.ltxkit.junit");
    private static final System.Logger LOG = System.getLogger(JvmResources.class.getName());

    private final Defaults defaults;
    private final String runId;
    private final AtomicLong sequence = new AtomicLong();
    private final FixtureCache fixtures = new FixtureCache();
    private final Timings timings = new Timings();
    private final ScopeState jvmScope;
    private final Declarations declarations;
    private final ConcurrentHashMap<Object, CompletableFuture<Object>> once = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Guarded by {@code lock}: null until the first database opens. */
    private LitestreamVfs vfs;
    /** Guarded by {@code lock}: where {@link #bufferDirectory()} puts write buffers, or null before first use. */
    private Path bufferDirectory;
    /** Guarded by {@code lock}. */
    private boolean closed;

    private JvmResources(Defaults defaults) {
        this.defaults = defaults;
        this.runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        this.jvmScope = ScopeState.jvm(this);
        this.declarations = new Declarations(defaults);
    }

    /** Returns the run's resources, creating them (and reading the configuration) on first use. */
    static JvmResources of(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(JvmResources.class,
                key -> new JvmResources(Defaults.from(Config.of(context))), JvmResources.class);
    }

    Defaults defaults() {
        return defaults;
    }

    FixtureCache fixtures() {
        return fixtures;
    }

    Timings timings() {
        return timings;
    }

    ScopeState jvmScope() {
        return jvmScope;
    }

    Declarations declarations() {
        return declarations;
    }

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    /**
     * Returns the directory of the write buffers the extension gives writable databases that set no
     * {@code buffer_path}, created on first use and deleted when the run ends.
     */
    Path bufferDirectory() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the test run's ltxkit resources are closed");
            }
            if (bufferDirectory == null) {
                try {
                    bufferDirectory = Files.createTempDirectory("ltxkit-buffers-" + runId + "-");
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create a directory for write buffers in "
                            + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
                }
            }
            return bufferDirectory;
        }
    }

    /** Returns the VFS, registering it on first use under {@code ltxkit.vfsName}. */
    LitestreamVfs vfs() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the test run's ltxkit resources are closed");
            }
            if (vfs == null) {
                try {
                    vfs = LitestreamVfs.register(defaults.vfsName(), System.getenv());
                } catch (RuntimeException e) {
                    throw new ExtensionConfigurationException("cannot register the Litestream VFS as '"
                            + defaults.vfsName() + "': " + e.getMessage() + " (another one has that name in this "
                            + "JVM? set " + io.github.ltxkit.junit.LitestreamDatabase.VFS_NAME_PROPERTY
                            + " to another name)", e);
                }
            }
            return vfs;
        }
    }

    /**
     * Returns why the MinIO backend cannot run here, or {@code null} if it can; asked once per run.
     */
    String minioProblem(ClassLoader loader) {
        String problem = (String) once("minio-availability", () -> {
            String p = MinioAvailability.problem(loader);
            return p == null ? "" : p;
        });
        return problem.isEmpty() ? null : problem;
    }

    /** Returns the backend that stores the replica of {@code spec}, starting it on first use. */
    StorageBackend backend(DatabaseSpec spec, ClassLoader loader) {
        return switch (spec.backend()) {
            case EMBEDDED -> (StorageBackend) once(Backend.EMBEDDED,
                    () -> EmbeddedBackend.start(defaults.embeddedRequestLatency()));
            case MINIO -> {
                String problem = minioProblem(loader);
                if (problem != null) {
                    throw new ExtensionConfigurationException(spec.displayName() + " declared by " + spec.origin()
                            + " needs the MINIO backend: " + problem);
                }
                yield (StorageBackend) once(Backend.MINIO, () -> MinioBackend.start(defaults.minioImage(), runId));
            }
            case EXTERNAL -> {
                ExternalSettings settings = spec.external() != null ? spec.external() : defaults.external();
                if (settings == null) {
                    throw new ExtensionConfigurationException(spec.displayName() + " declared by " + spec.origin()
                            + " needs the EXTERNAL backend, which is not configured: set "
                            + String.join(", ", defaults.externalMissing()));
                }
                yield (StorageBackend) once(settings, () -> new ExternalBackend(settings, runId));
            }
            case DEFAULT -> throw new IllegalStateException("unresolved backend");
        };
    }

    /** Computes the value of {@code key} once per run; every caller gets the same value or the same failure. */
    private Object once(Object key, Supplier<Object> compute) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> existing = once.putIfAbsent(key, mine);
        if (existing == null) {
            try {
                mine.complete(compute.get());
            } catch (Throwable t) {
                mine.completeExceptionally(t);
            }
            existing = mine;
        }
        try {
            return existing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Closes the JVM-scoped databases, the VFS, the backends and the fixture cache; idempotent. */
    @Override
    public void close() throws Exception {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Exception problem = null;
        try {
            jvmScope.close();
        } catch (Exception e) {
            problem = e;
        }
        LitestreamVfs v;
        synchronized (lock) {
            v = vfs;
        }
        if (v != null) {
            v.close();
        }
        for (CompletableFuture<Object> f : once.values()) {
            Object value = f.getNow(null);
            if (value instanceof StorageBackend backend) {
                try {
                    backend.close();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "closing the " + backend.kind() + " backend failed", e);
                }
            }
        }
        fixtures.close();
        Path buffers;
        synchronized (lock) {
            buffers = bufferDirectory;
        }
        if (buffers != null) {
            try {
                ManagedDatabase.deleteTree(buffers);
            } catch (IOException | UncheckedIOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete the write buffers in " + buffers, e);
            }
        }
        if (defaults.timingsFile().isPresent()) {
            try {
                timings.write(defaults.timingsFile().get());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot write timings to " + defaults.timingsFile().get(), e);
            }
        }
        if (problem != null) {
            throw problem;
        }
    }
}
