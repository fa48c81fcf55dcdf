package io.github.ltxkit.bench.write;

import io.github.ltxkit.bench.ScenarioResult.Fact;
import io.github.ltxkit.bench.support.EmbeddedBucket;
import io.github.ltxkit.bench.support.Jdbc;
import io.github.ltxkit.interop.Availability;
import io.github.ltxkit.interop.LitestreamConfig;
import io.github.ltxkit.interop.LitestreamSession;
import io.github.ltxkit.interop.SqlResult;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.vfs.DatabaseConfig;
import io.github.ltxkit.vfs.LitestreamVfs;
import io.github.ltxkit.vfs.ReplicaDatabase;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three databases the commit latency scenario commits into, open and holding the table: a local file through
 * sqlite-jdbc, ltxkit in write mode on the embedded S3 server, and (where it is available) the Litestream 0.5.17
 * VFS in write mode in a {@code sqlite3} session on the same server. Each starts with pages reserved on its free
 * list for every commit to come (see {@link CommitSql#reservePages}). Used by one thread.
 */
final class CommitTargets implements AutoCloseable {
    /** The bucket ltxkit's and Litestream's replicas are in. */
    static final String BUCKET = "commit-latency";
    /** ltxkit's replica path in the bucket. */
    static final String LTXKIT_PATH = "ltxkit.db";
    /** Litestream's replica path in the bucket. */
    static final String LITESTREAM_PATH = "litestream.db";
    private static final String VFS_NAME = "bench-commit-latency";
    private static final Duration LITESTREAM_TIMEOUT = Duration.ofSeconds(120);

    /** Closes one resource. */
    @FunctionalInterface
    private interface Closer {
        void close() throws SQLException;
    }

    private final List<Closer> resources = new ArrayList<>();
    private final List<Fact> facts = new ArrayList<>();
    private EmbeddedS3Server s3;
    private JdbcCommits local;
    private JdbcCommits ltxkit;
    private ReplicaDatabase ltxkitDatabase;
    private LitestreamSession session;
    private LitestreamCommits litestream;
    private String litestreamAbsence;

    private CommitTargets() {
    }

    /**
     * Opens the three databases under {@code dir} (emptied first), each with the table and {@code reservedRows} rows'
     * worth of free pages.
     */
    static CommitTargets open(Path dir, int reservedRows) throws IOException, SQLException {
        CommitTargets t = new CommitTargets();
        try {
            t.openLocal(dir, reservedRows);
            EmbeddedS3Server s3 = EmbeddedS3Server.start();
            t.resources.add(s3::close);
            t.s3 = s3;
            EmbeddedBucket bucket = EmbeddedBucket.create(s3, BUCKET);
            t.openLtxkit(dir, bucket, reservedRows);
            t.openLitestream(bucket, reservedRows);
            t.facts.add(new Fact("File systems", fileSystems(dir)));
            return t;
        } catch (IOException | SQLException | RuntimeException | Error e) {
            try {
                t.close();
            } catch (SQLException | RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }

    private void openLocal(Path dir, int reservedRows) throws IOException, SQLException {
        deleteTree(dir);
        Files.createDirectories(dir);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("local.db"));
        resources.add(c::close);
        Jdbc.execute(c, "pragma journal_mode = delete", "pragma synchronous = full", CommitSql.SCHEMA);
        Jdbc.execute(c, CommitSql.reservePages(reservedRows).toArray(String[]::new));
        local = new JdbcCommits(c);
        resources.add(local::close);
        facts.add(new Fact("Local file", "`local.db` in the work directory, through sqlite-jdbc (SQLite "
                + Jdbc.queryString(c, "select sqlite_version()") + "), journal_mode=" + local.pragma("journal_mode")
                + ", synchronous=" + local.pragma("synchronous") + " (2 = FULL)"));
    }

    private void openLtxkit(Path dir, EmbeddedBucket bucket, int reservedRows) throws IOException, SQLException {
        LitestreamVfs vfs = LitestreamVfs.register(VFS_NAME, Map.of());
        resources.add(vfs::close);
        DatabaseConfig config = DatabaseConfig.builder().replicaUrl(bucket.replicaUrl(LTXKIT_PATH))
                .writeEnabled(true).bufferPath(dir.resolve("ltxkit-buffer")).build();
        String bufferName = config.bufferPath().getFileName().toString();
        ltxkitDatabase = vfs.open("commit-latency.db", config, bucket.credentials());
        resources.add(ltxkitDatabase::close);
        Connection c = ltxkitDatabase.connect();
        resources.add(c::close);
        Jdbc.execute(c, "pragma synchronous = full", CommitSql.SCHEMA);
        Jdbc.execute(c, CommitSql.reservePages(reservedRows).toArray(String[]::new));
        ltxkitDatabase.syncNow();
        ltxkit = new JdbcCommits(c);
        resources.add(ltxkit::close);
        facts.add(new Fact("ltxkit", "write mode, sync_interval=" + config.syncInterval().toMillis() + " ms (the "
                + "default), write buffer `" + bufferName + "` beside the local file, through sqlite-jdbc (SQLite "
                + Jdbc.queryString(c, "select sqlite_version()") + "), journal_mode=" + ltxkit.pragma("journal_mode")
                + ", synchronous=" + ltxkit.pragma("synchronous") + "; replica " + ltxkitDatabase.replicaDescription()));
    }

    private void openLitestream(EmbeddedBucket bucket, int reservedRows) {
        Availability availability = io.github.ltxkit.interop.LitestreamVfs.detect();
        if (!availability.isAvailable()) {
            litestreamAbsence = availability.reason();
            facts.add(new Fact("Litestream VFS", "not measured: " + litestreamAbsence));
            return;
        }
        io.github.ltxkit.interop.LitestreamVfs vfs = availability.vfs();
        String url = bucket.replicaUrl(LITESTREAM_PATH);
        String keyId = bucket.server().credentials().accessKeyId();
        String secret = bucket.server().credentials().secretAccessKey();
        SqlResult seeded = vfs.run(LitestreamConfig.builder(url).writerSyncingOnClose().credentials(keyId, secret)
                .build(), CommitSql.SCHEMA + ";\n" + String.join(";\n", CommitSql.reservePages(reservedRows)) + ";\n",
                LITESTREAM_TIMEOUT);
        seeded.requireSuccess();
        LitestreamConfig writer = LitestreamConfig.builder(url).writer(null).credentials(keyId, secret).build();
        session = vfs.openSession(writer);
        litestream = new LitestreamCommits(session);
        facts.add(new Fact("Litestream VFS", vfs + ", write mode (LITESTREAM_WRITE_ENABLED=true), sync interval "
                + "Litestream's default (1 s), one `sqlite3` process for the whole scenario; journal_mode="
                + litestream.pragma("journal_mode") + ", synchronous=" + litestream.pragma("synchronous")));
    }

    /** Returns the S3 server both replicas are on, to add latency to its requests and count them. */
    EmbeddedS3Server s3() {
        return s3;
    }

    /** Returns the local file's committer. */
    JdbcCommits local() {
        return local;
    }

    /** Returns ltxkit's committer. */
    JdbcCommits ltxkit() {
        return ltxkit;
    }

    /** Returns the TXID of ltxkit's newest successful upload. */
    long ltxkitSyncedTxid() {
        return ltxkitDatabase.syncStatus().orElseThrow().lastSyncedTxid();
    }

    /** Pauses ({@code false}) or resumes ({@code true}) ltxkit's periodic uploads. */
    void ltxkitUploads(boolean on) {
        if (on) {
            ltxkitDatabase.resumeSync();
        } else {
            ltxkitDatabase.pauseSync();
        }
    }

    /** Returns Litestream's committer, or empty where the Litestream VFS is not available. */
    Optional<LitestreamCommits> litestream() {
        return Optional.ofNullable(litestream);
    }

    /** Returns the facts about how each database was set up. */
    List<Fact> facts() {
        return List.copyOf(facts);
    }

    /**
     * Stops the Litestream session (checking that it exited cleanly) and closes the rest, newest first.
     *
     * @throws IllegalStateException if the Litestream session failed when it stopped
     */
    @Override
    public void close() throws SQLException {
        RuntimeException failure = null;
        if (session != null) {
            SqlResult end = session.stop(LITESTREAM_TIMEOUT);
            session = null;
            if (!end.succeeded()) {
                failure = new IllegalStateException("the Litestream session ended with exit status "
                        + end.exitCode() + ": " + end.stderr().strip());
            }
        }
        SQLException closing = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (SQLException | RuntimeException e) {
                if (closing == null) {
                    closing = new SQLException("cannot close the commit latency databases: " + e.getMessage(), e);
                } else {
                    closing.addSuppressed(e);
                }
            }
        }
        resources.clear();
        if (failure != null) {
            if (closing != null) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
        if (closing != null) {
            throw closing;
        }
    }


    private static String fileSystems(Path dir) throws IOException {
        FileStore work = Files.getFileStore(dir);
        FileStore tmp = Files.getFileStore(Path.of(System.getProperty("java.io.tmpdir")));
        String where = "`" + work.name() + "` (" + work.type() + ")";
        return work.equals(tmp) || work.name().equals(tmp.name())
                ? "the local file, ltxkit's write buffer, the journals of both (ltxkit keeps them in the JVM's "
                + "temporary directory) and Litestream's temporary files are all on " + where
                : "the local file and ltxkit's write buffer are on " + where + "; the journals of ltxkit and "
                + "Litestream's temporary files are in the JVM's temporary directory on `" + tmp.name() + "` ("
                + tmp.type() + ")";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
