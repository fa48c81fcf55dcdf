package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeTravelTest {
    @TempDir
    Path dir;
    VfsFixture fx;
    VfsFixture.TestReplica replica;
    LocalPrimary primary;
    Instant between;

    @BeforeEach
    void setUp() throws Exception {
        fx = new VfsFixture(dir);
        replica = fx.replica("tt");
        primary = fx.primary(replica);
        primary.commit("create table t(v)", "insert into t values (100)");
        ReadPathTest.sleep(30);
        between = Instant.now();
        ReadPathTest.sleep(30);
        primary.commit("update t set v = 200");
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void aTargetTimeShowsTheStateOfThatTimeAndLatestReturns() throws Exception {
        ReplicaDatabase db = fx.open("tt.db", config(replica).build());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(queryString(c, "select v from t")).isEqualTo("200");
            s.execute("pragma litestream_time = '" + between + "'");
            assertThat(queryString(c, "select v from t")).isEqualTo("100");
            assertThat(queryString(c, "pragma litestream_time")).isEqualTo(between.toString());
            assertThat(queryString(c, "pragma litestream_txid")).isEqualTo("0000000000000001");
            s.execute("pragma litestream_time = 'LATEST'");
            assertThat(queryString(c, "select v from t")).isEqualTo("200");
            assertThat(Instant.parse(queryString(c, "pragma litestream_time"))).isAfter(between);
        }
    }

    @Test
    void relativeTimesAndTheSqlFunctionsWork() throws Exception {
        ReplicaDatabase db = fx.open("tt.db", config(replica).build());
        try (Connection c = db.connect()) {
            assertThat(queryString(c, "select litestream_txid()")).isEqualTo("0000000000000002");
            assertThat(VfsFixture.queryLong(c, "select litestream_lag()")).isBetween(0L, 5L);
            long ago = Duration.between(between, Instant.now()).toMillis() / 1000 + 1;
            assertThatThrownBy(() -> c.createStatement().execute("select litestream_set_time('" + ago
                    + " seconds ago')")).hasMessageContaining("no state");
            c.createStatement().execute("select litestream_set_time('LATEST')");
            assertThat(queryString(c, "select litestream_time()")).isNotEqualTo("latest");
        }
    }

    @Test
    void anUnreadableTimeIsRefusedWithAMessageSayingWhatToUse() throws Exception {
        ReplicaDatabase db = fx.open("tt.db", config(replica).build());
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.createStatement().execute("pragma litestream_time = 'next tuesday'"))
                    .hasMessageContaining("invalid time 'next tuesday'").hasMessageContaining("RFC 3339");
        }
    }

    @Test
    void aTimeTravelSetInsideAReadTransactionTakesEffectAtTheNextOne() throws Exception {
        ReplicaDatabase db = fx.open("tt.db", config(replica).build());
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            assertThat(queryString(c, "select v from t")).isEqualTo("200");
            c.createStatement().execute("pragma litestream_time = '" + between + "'");
            assertThat(queryString(c, "select v from t")).as("same transaction").isEqualTo("200");
            c.commit();
            assertThat(queryString(c, "select v from t")).isEqualTo("100");
        }
    }

    @Test
    void writesAreRefusedWhileTimeTravelling() throws Exception {
        ReplicaDatabase db = fx.open("tt.db", config(replica).writeEnabled(true).syncInterval(Duration.ZERO).build());
        try (Connection c = db.connect()) {
            c.createStatement().execute("pragma litestream_time = '" + between + "'");
            assertThatThrownBy(() -> c.createStatement().execute("insert into t values (300)"))
                    .hasMessageContaining("readonly");
            assertThat(db.lastError()).hasValueSatisfying(m -> assertThat(m).contains("time travelling"));
            c.createStatement().execute("pragma litestream_time = 'LATEST'");
            c.createStatement().execute("insert into t values (300)");
            assertThat(queryString(c, "select group_concat(v) from t")).isEqualTo("200,300");
        }
    }
}
