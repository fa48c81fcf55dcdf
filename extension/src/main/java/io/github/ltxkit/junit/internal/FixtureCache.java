package io.github.ltxkit.junit.internal;

import io.github.ltxkit.junit.DatabaseFixture;
import io.github.ltxkit.seed.Seeder;
import io.github.ltxkit.seed.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Builds each fixture into LTX files once per run and keeps them in memory: by location (and the file's size and
 * modification time), and by content hash (SHA-256), so two locations with the same content share one build. A
 * fixture that fails to build fails the same way for every database that uses it, without being rebuilt.
 *
 * <p>Thread-safe: concurrent requests for one fixture wait for a single build.
 */
final class FixtureCache implements AutoCloseable {
    /** The SQL of the database a read-only database without a fixture starts as: no tables, one page. */
    private static final SqlScript EMPTY_DATABASE = new SqlScript("(empty database)",
            "create table ltxkit_empty(x); drop table ltxkit_empty; vacuum;");

    private final FixtureSource.JarFileSystems jars = new FixtureSource.JarFileSystems();
    private final ConcurrentHashMap<Object, CompletableFuture<Snapshot>> byKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Snapshot>> byContent = new ConcurrentHashMap<>();

    /** Something that builds a snapshot and may fail. */
    @FunctionalInterface
    private interface Build {
        Snapshot run() throws Exception;
    }

    /**
     * Returns the LTX files of {@code fixture}, building them on first use.
     *
     * @param loader   the class loader whose classpath a location is looked up on
     * @param writable whether the database is writable (a writable database without a fixture starts empty)
     * @throws IOException naming the fixture, the file and the line when it cannot be built
     */
    Snapshot snapshot(FixtureRef fixture, ClassLoader loader, boolean writable) throws IOException {
        return switch (fixture) {
            case FixtureRef.None none -> writable ? Snapshot.EMPTY
                    : cached(EMPTY_DATABASE, () -> script(EMPTY_DATABASE));
            case FixtureRef.Location location -> {
                FixtureSource source = FixtureSource.find(location.location(), loader, jars);
                yield cached(List.of(source.display(), source.path().toUri(), source.stamp()), () -> byContent(source));
            }
            case FixtureRef.BuilderClass builder -> cached(builder.type(), () -> built(newInstance(builder.type()),
                    builder.type().getName()));
            case FixtureRef.Instance instance -> cached(instance, () -> built(instance.fixture(),
                    instance.toString()));
        };
    }

    private Snapshot cached(Object key, Build build) throws IOException {
        CompletableFuture<Snapshot> mine = new CompletableFuture<>();
        CompletableFuture<Snapshot> existing = byKey.putIfAbsent(key, mine);
        if (existing == null) {
            complete(mine, build);
            existing = mine;
        }
        return join(existing);
    }

    private Snapshot byContent(FixtureSource source) throws Exception {
        String hash = hash(source);
        CompletableFuture<Snapshot> mine = new CompletableFuture<>();
        CompletableFuture<Snapshot> existing = byContent.putIfAbsent(hash, mine);
        if (existing == null) {
            complete(mine, () -> build(source));
            existing = mine;
        }
        return join(existing);
    }

    private static void complete(CompletableFuture<Snapshot> future, Build build) {
        try {
            future.complete(build.run());
        } catch (Throwable t) {
            future.completeExceptionally(t);
        }
    }

    private static Snapshot join(CompletableFuture<Snapshot> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    private Snapshot build(FixtureSource source) throws IOException {
        SnapshotCapture capture = new SnapshotCapture();
        switch (source.kind()) {
            case SCRIPT -> {
                String text;
                try (InputStream in = source.open()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Seeder.seedScript(new SqlScript(source.display(), text), capture);
            }
            case DATABASE -> {
                if (source.path().getFileSystem() == FileSystems.getDefault()) {
                    Seeder.seedDatabase(source.path(), capture);
                } else {
                    Path copy = Files.createTempFile("ltxkit-fixture-", ".db");
                    try {
                        Files.copy(source.path(), copy, StandardCopyOption.REPLACE_EXISTING);
                        Seeder.seedDatabase(copy, capture);
                    } finally {
                        Files.deleteIfExists(copy);
                    }
                }
            }
            case REPLICA_DIRECTORY -> Seeder.copyDirectory(source.path(), capture);
        }
        return capture.snapshot();
    }

    private static Snapshot script(SqlScript script) throws IOException {
        SnapshotCapture capture = new SnapshotCapture();
        Seeder.seedScript(script, capture);
        return capture.snapshot();
    }

    private static Snapshot built(DatabaseFixture fixture, String name) throws IOException {
        Path db = Files.createTempFile("ltxkit-fixture-", ".db");
        try {
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                fixture.build(connection);
            } catch (Exception e) {
                throw new IOException("fixture builder " + name + " failed: " + e, e);
            }
            SnapshotCapture capture = new SnapshotCapture();
            Seeder.seedDatabase(db, capture);
            return capture.snapshot();
        } finally {
            Files.deleteIfExists(db);
            Files.deleteIfExists(Path.of(db + "-journal"));
            Files.deleteIfExists(Path.of(db + "-wal"));
            Files.deleteIfExists(Path.of(db + "-shm"));
        }
    }

    private static DatabaseFixture newInstance(Class<? extends DatabaseFixture> type) throws IOException {
        try {
            return ReflectionSupport.newInstance(type);
        } catch (RuntimeException e) {
            throw new IOException("fixture builder " + type.getName() + " cannot be created (it needs a constructor "
                    + "without parameters): " + e, e);
        }
    }

    private static String hash(FixtureSource source) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha.update(source.kind().name().getBytes(StandardCharsets.US_ASCII));
        if (source.kind() == FixtureSource.Kind.REPLICA_DIRECTORY) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(source.path())) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                sha.update(("\0" + source.path().relativize(file) + "\0").getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(file));
            }
        } else {
            try (InputStream in = source.open()) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Override
    public void close() {
        jars.close();
        byKey.clear();
        byContent.clear();
    }
}
