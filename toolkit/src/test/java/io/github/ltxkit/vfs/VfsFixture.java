package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.DatabaseFiles;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.RestorePlanner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** One registered VFS plus a directory replica per database, for tests of the VFS. */
final class VfsFixture implements AutoCloseable {
    final LitestreamVfs vfs;
    final Path root;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    VfsFixture(Path root) {
        this.root = root;
        this.vfs = LitestreamVfs.register("ltxkit-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong()),
                Map.of());
    }

    /** A replica directory and a client on it. */
    record TestReplica(Path dir, String url, ReplicaClient client) {
    }

    TestReplica replica(String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve("replicas").resolve(name));
        String url = "file://" + dir.toAbsolutePath();
        Replica r = Replica.open(ReplicaUrl.parse(url), ReplicaOptions.defaults());
        closeables.add(r);
        return new TestReplica(dir, url, r.client());
    }

    LocalPrimary primary(TestReplica replica) throws SQLException {
        LocalPrimary p = new LocalPrimary(Files.exists(root) ? root : root, replica.client());
        closeables.add(p);
        return p;
    }

    ReplicaDatabase open(String name, DatabaseConfig config) throws IOException {
        ReplicaDatabase db = vfs.open(name, config);
        closeables.add(db);
        return db;
    }

    /** Restores the replica's newest state into a new file under the root, as {@code litestream restore} does. */
    Path restore(TestReplica replica) throws IOException {
        var plan = RestorePlanner.plan(replica.client(), RestorePlanner.Target.latest());
        List<InputStream> streams = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (LtxFileInfo f : plan.files()) {
            streams.add(replica.client().open(f.key()));
            names.add(f.key().toString());
        }
        Path out = root.resolve("restored-" + System.nanoTime() + ".db");
        DatabaseFiles.restore(streams, names, out);
        return out;
    }

    static DatabaseConfig.Builder config(TestReplica replica) {
        return DatabaseConfig.builder().replicaUrl(replica.url()).pollInterval(java.time.Duration.ofHours(1));
    }

    /** A subquery of one column {@code value} counting from {@code from} to {@code to} (sqlite-jdbc lacks generate_series). */
    static String series(long from, long to) {
        return "(with recursive s(value) as (select " + from + " union all select value + 1 from s where value < "
                + to + ") select value from s)";
    }

    static long count(Connection c, String table) throws SQLException {
        return queryLong(c, "select count(*) from " + table);
    }

    static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        vfs.close();
    }
}
