package io.github.ltxkit.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEngineTest {
    @TempDir
    Path dir;
    MemoryVfs vfs;
    String name;

    @BeforeEach
    void register() {
        vfs = new MemoryVfs(dir);
        name = "memvfs-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        SqliteEngine.get().register(name, vfs);
    }

    @AfterEach
    void unregister() {
        SqliteEngine.get().unregister(name);
    }

    Connection open(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:file:" + db + "?vfs=" + name + "&replica_url=x&a=1");
    }

    @Test
    void bindsToTheSqliteInsideSqliteJdbc() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             ResultSet r = c.createStatement().executeQuery("select sqlite_version()")) {
            r.next();
            assertThat(SqliteEngine.get().sqliteVersion()).isEqualTo(r.getString(1));
        }
        assertThat(SqliteEngine.get().isRegistered(name)).isTrue();
    }

    @Test
    void aJavaVfsServesAFullSqlRoundTripWithJournalsOnLocalDisk() throws Exception {
        try (Connection c = open("app.db"); Statement s = c.createStatement()) {
            s.execute("create table t(id integer primary key, v text)");
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("insert into t(v) values (?)")) {
                for (int i = 0; i < 20_000; i++) {
                    p.setString(1, "value-" + i);
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            try (ResultSet r = s.executeQuery("select count(*), sum(length(v)) from t")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(20_000);
            }
            try (ResultSet r = s.executeQuery("pragma integrity_check")) {
                r.next();
                assertThat(r.getString(1)).isEqualTo("ok");
            }
            try (ResultSet r = s.executeQuery("pragma journal_mode")) {
                r.next();
                assertThat(r.getString(1)).isEqualTo("delete");
            }
        }
        assertThat(vfs.databases.get("app.db").bytes.length).isGreaterThan(100_000);
        assertThat(vfs.databases.get("app.db").lastParameters).containsEntry("replica_url", "x")
                .containsEntry("a", "1").containsEntry("vfs", name);
        assertThat(vfs.commits.get()).isGreaterThanOrEqualTo(2);
        assertThat(Files.exists(dir.resolve("app.db"))).as("the journal's placeholder in the local directory").isTrue();
        assertThat(Files.exists(dir.resolve("app.db-journal"))).as("journal deleted after commit").isFalse();
    }

    @Test
    void aRollbackRestoresThePagesAndIsNotReportedAsACommit() throws Exception {
        try (Connection c = open("rb.db"); Statement s = c.createStatement()) {
            s.execute("create table t(v)");
            s.execute("insert into t values ('keep')");
            int commits = vfs.commits.get();
            c.setAutoCommit(false);
            s.execute("pragma cache_size=2");
            for (int i = 0; i < 400; i++) {
                s.execute("insert into t values (randomblob(1000))");
            }
            c.rollback();
            c.setAutoCommit(true);
            assertThat(vfs.commits.get()).isEqualTo(commits);
            try (ResultSet r = s.executeQuery("select count(*) from t")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void pragmasReachTheFileAndTheirErrorsKeepTheirMessage() throws Exception {
        try (Connection c = open("p.db"); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("pragma memvfs_echo = 'hello'")) {
                r.next();
                assertThat(r.getString(1)).isEqualTo("echo:hello");
            }
            try (ResultSet r = s.executeQuery("pragma memvfs_echo")) {
                r.next();
                assertThat(r.getString(1)).isEqualTo("nothing");
            }
            assertThatThrownBy(() -> s.executeQuery("pragma memvfs_fail = 'x'")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("memvfs_fail says no: x");
        }
    }

    @Test
    void anExceptionInAReadBecomesAnIoErrorAndTheJvmLives() throws Exception {
        try (Connection c = open("e.db"); Statement s = c.createStatement()) {
            s.execute("create table t(v)");
            s.execute("insert into t values (1)");
        }
        try (Connection c = open("e.db"); Statement s = c.createStatement()) {
            vfs.failReads = true;
            assertThatThrownBy(() -> s.executeQuery("select * from t")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("I/O");
            assertThat(SqliteEngine.get().lastError()).contains("injected read failure");
            vfs.failReads = false;
            try (ResultSet r = s.executeQuery("select count(*) from t")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void anOpenRefusedByTheHandlerFailsWithCantOpen() {
        assertThatThrownBy(() -> open("refuse.db").createStatement().execute("create table t(x)"))
                .isInstanceOf(SQLException.class).hasMessageContaining("unable to open");
        assertThat(SqliteEngine.get().lastError()).contains("refusing to open refuse.db");
    }

    @Test
    void aSecondWriterGetsBusyWhileTheFirstHoldsItsTransaction() throws Exception {
        try (Connection a = open("w.db");
             Connection b = DriverManager.getConnection("jdbc:sqlite:file:w.db?vfs=" + name + "&busy_timeout=0")) {
            a.createStatement().execute("create table t(v)");
            a.setAutoCommit(false);
            a.createStatement().execute("insert into t values (1)");
            assertThatThrownBy(() -> b.createStatement().execute("insert into t values (2)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("locked");
            a.commit();
            b.createStatement().execute("insert into t values (2)");
        }
    }

    @Test
    void manyThreadsOnManyConnectionsCommitWithoutLosingRows() throws Exception {
        try (Connection c = open("mt.db")) {
            c.createStatement().execute("create table t(v)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:mt.db?vfs=" + name
                        + "&busy_timeout=10000")) {
                    for (int i = 0; i < 50; i++) {
                        c.createStatement().execute("insert into t values (" + i + ")");
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        try (Connection c = open("mt.db"); ResultSet r = c.createStatement().executeQuery("select count(*) from t")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(200);
        }
    }

    @Test
    void registeringATakenNameIsRefused() {
        assertThatThrownBy(() -> SqliteEngine.get().register(name, vfs)).hasMessageContaining("already registered");
        assertThatThrownBy(() -> SqliteEngine.get().register("unix", vfs))
                .hasMessageContaining("SQLite already has a VFS named 'unix'");
        assertThatThrownBy(() -> SqliteEngine.get().register("bad name", vfs)).hasMessageContaining("invalid VFS name");
    }
}
