package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.count;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.sqlite.SqliteEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationTest extends VfsTestCase {
    @Test
    void litestreamEnvironmentVariablesConfigureDatabasesOpenedByUrl() throws Exception {
        var replica = fx.replica("env");
        fx.primary(replica).commit("create table t(x)", "insert into t values ('from env')");
        try (LitestreamVfs vfs = LitestreamVfs.register("ltxkit-env-" + System.nanoTime(), Map.of(
                "LITESTREAM_REPLICA_URL", replica.url(), "LITESTREAM_POLL_INTERVAL", "250ms",
                "HOME", "/ignored/unrelated/variable"));
             Connection c = DriverManager.getConnection("jdbc:sqlite:file:env.db?vfs=" + vfs.name())) {
            assertThat(queryString(c, "select x from t")).isEqualTo("from env");
            assertThat(vfs.registry().running("env.db").config.pollInterval()).isEqualTo(Duration.ofMillis(250));
        }
    }

    @Test
    void aMalformedEnvironmentVariableFailsTheOpenNamingIt() throws Exception {
        var replica = fx.replica("env-bad");
        fx.primary(replica).commit("create table t(x)");
        try (LitestreamVfs vfs = LitestreamVfs.register("ltxkit-env-bad-" + System.nanoTime(), Map.of(
                "LITESTREAM_REPLICA_URL", replica.url(), "LITESTREAM_WRITE_ENABLED", "maybe"))) {
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:sqlite:file:envbad.db?vfs=" + vfs.name())
                    .createStatement().execute("select 1")).isInstanceOf(SQLException.class);
            assertThat(SqliteEngine.get().lastError())
                    .contains("invalid value for LITESTREAM_WRITE_ENABLED: 'maybe'");
        }
    }

    @Test
    void eachDatabaseMayHaveItsOwnReplicaAndAUriParameterWinsOverTheEnvironment() throws Exception {
        var a = fx.replica("own-a");
        var b = fx.replica("own-b");
        fx.primary(a).commit("create table t(x)", "insert into t values ('a')");
        fx.primary(b).commit("create table t(x)", "insert into t values ('b')");
        try (LitestreamVfs vfs = LitestreamVfs.register("ltxkit-own-" + System.nanoTime(),
                Map.of("LITESTREAM_REPLICA_URL", a.url()));
             Connection ca = DriverManager.getConnection("jdbc:sqlite:file:a.db?vfs=" + vfs.name());
             Connection cb = DriverManager.getConnection("jdbc:sqlite:file:b.db?vfs=" + vfs.name()
                     + "&replica_url=" + b.url())) {
            assertThat(queryString(ca, "select x from t")).isEqualTo("a");
            assertThat(queryString(cb, "select x from t")).isEqualTo("b");
        }
    }

    @Test
    void aReplicaOfAWalModeDatabaseOpensInRollbackPresentation() throws Exception {
        var replica = fx.replica("wal");
        var primary = fx.primary(replica);
        primary.sql("pragma journal_mode = wal", "create table t(x)", "insert into t values ('wal')");
        queryString(primary.connection(), "pragma wal_checkpoint(truncate)");
        primary.publish();
        ReplicaDatabase db = fx.open("wal.db", config(replica).build());
        try (Connection c = db.connect()) {
            assertThat(queryString(c, "select x from t")).isEqualTo("wal");
            assertThat(queryString(c, "pragma journal_mode")).isEqualTo("delete");
            assertThat(queryString(c, "pragma journal_mode = wal")).as("WAL stays impossible").isEqualTo("delete");
        }
    }

    @Test
    void writesFailClearlyOnceUnsyncedDataPassesTheBufferLimit() throws Exception {
        var replica = fx.replica("limit");
        fx.primary(replica).commit("create table t(x)");
        ReplicaDatabase db = fx.open("limit.db", config(replica).writeEnabled(true).syncInterval(Duration.ZERO)
                .bufferPath(dir.resolve("limit-buffer")).bufferLimit(1L << 20).build());
        try (Connection c = db.connect()) {
            int accepted = 0;
            SQLException refused = null;
            while (refused == null && accepted < 20) {
                try {
                    c.createStatement().execute("insert into t values (randomblob(100000))");
                    accepted++;
                } catch (SQLException e) {
                    refused = e;
                }
            }
            // About ten 100 kB rows (plus b-tree pages) fill 1 MiB; the next write is refused, not lost.
            assertThat(accepted).isBetween(8, 11);
            assertThat((Throwable) refused).isNotNull().hasMessageContaining("buffer_limit (1048576)")
                    .hasMessageContaining("sync_interval is 0");
            assertThat(count(c, "t")).isEqualTo(accepted);
            db.syncNow();
            c.createStatement().execute("insert into t values (1)");
            assertThat(count(c, "t")).isEqualTo(accepted + 1);
        }
    }

    @Test
    void aZeroSnapshotTimeoutOpensAnEmptyReplicaAsAnEmptyDatabaseThatFillsByPolling() throws Exception {
        var replica = fx.replica("empty-now");
        ReplicaDatabase db = fx.open("empty-now.db", config(replica).snapshotTimeout(Duration.ZERO).build());
        try (Connection c = db.connect()) {
            assertThat(queryString(c, "select count(*) from sqlite_schema")).isEqualTo("0");
        }
        fx.primary(replica).commit("create table t(x)", "insert into t values ('arrived')");
        assertThat(db.pollNow()).isTrue();
        try (Connection c = db.connect()) {
            assertThat(queryString(c, "select x from t")).isEqualTo("arrived");
        }
        assertThatThrownBy(() -> config(replica).snapshotTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("snapshot_timeout");
    }
}
