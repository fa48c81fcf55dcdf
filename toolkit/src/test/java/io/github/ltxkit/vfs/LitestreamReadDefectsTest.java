package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.count;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One regression test per read-path defect of Litestream's VFS (litestream-vfs-behaviour.md §2.8), showing that
 * ltxkit does not have it.
 */
@DisplayName("Litestream read-path defects that ltxkit does not have")
class LitestreamReadDefectsTest extends VfsTestCase {
    @Test
    @DisplayName("§2.8a a compaction behind the newest level-0 file never reverts a page to an older version")
    void anOlderCompactionNeverRevertsAPageChangedByANewerLevel0File() throws Exception {
        var replica = fx.replica("a");
        var primary = fx.primary(replica);
        primary.commit("create table t(k primary key, v)", "insert into t values ('key', 'v1')");
        ReplicaDatabase db = fx.open("a.db", config(replica).build());
        primary.commit("update t set v = 'v2'");
        primary.commit("update t set v = 'v3'");
        ReplicaSurgery.compact(replica.client(), 1, 1, 2);
        db.pollNow();
        try (Connection c = db.connect()) {
            assertThat(queryString(c, "select v from t")).isEqualTo("v3");
        }
        try (Connection c = fx.open("a-fresh.db", config(replica).build()).connect()) {
            assertThat(queryString(c, "select v from t")).as("a plan mixing levels at open").isEqualTo("v3");
        }
    }

    @Test
    @DisplayName("§2.8b a level-1 file straddling the follower's position never wedges it (#1460)")
    void aStraddlingCompactionIsFollowedInsteadOfWedgingThePoller() throws Exception {
        var replica = fx.replica("b");
        var primary = fx.primary(replica);
        primary.commit("create table t(x)");
        for (int i = 1; i <= 4; i++) {
            primary.commit("insert into t values (" + i + ")");
        }
        ReplicaDatabase db = fx.open("b.db", config(replica).build());
        assertThat(db.txid()).isEqualTo(5);
        for (int i = 5; i <= 8; i++) {
            primary.commit("insert into t values (" + i + ")");
        }
        ReplicaSurgery.compact(replica.client(), 1, 1, 8);
        ReplicaSurgery.deleteLevel0(replica.client(), 1, 8);
        primary.commit("insert into t values (9)");
        assertThat(db.pollNow()).isTrue();
        assertThat(db.txid()).isEqualTo(10);
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(9);
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
    }

    @Test
    @DisplayName("§2.8c a partial shrink keeps every page it did not touch")
    void aShrinkingFileDropsOnlyThePagesAboveTheNewSize() throws Exception {
        var replica = fx.replica("c");
        var primary = fx.primary(replica);
        primary.commit("pragma auto_vacuum = full", "create table keep(x)", "create table big(x)",
                "insert into keep select value from " + VfsFixture.series(1, 500),
                "insert into big select randomblob(2000) from " + VfsFixture.series(1, 300));
        ReplicaDatabase db = fx.open("c.db", config(replica).build());
        long before = db.pageCount();
        primary.commit("delete from big where rowid > 100");
        db.pollNow();
        assertThat(db.pageCount()).isLessThan(before);
        try (Connection c = db.connect()) {
            assertThat(count(c, "keep")).isEqualTo(500);
            assertThat(count(c, "big")).isEqualTo(100);
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
    }

    @Test
    @DisplayName("§2.8d a file removed by compaction and retention while indexed is found again, not a dead end")
    void aFileRemovedWhileIndexedLeadsToARebuiltIndexAndASuccessfulRead() throws Exception {
        var replica = fx.replica("d");
        var primary = fx.primary(replica);
        primary.commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(1000) from " + VfsFixture.series(1, 300));
        primary.commit("update t set v = randomblob(1000) where id % 7 = 0");
        ReplicaDatabase db = fx.open("d.db", config(replica).build());
        ReplicaSurgery.compact(replica.client(), 1, 1, 2);
        ReplicaSurgery.deleteLevel0(replica.client(), 1, 2);
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(300);
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
    }

    @Test
    @DisplayName("§2.8d when the TXID itself is gone, the read asks for a retry and the next transaction works")
    void aTransactionWhoseTxidWasCompactedAwayFailsOnceAndTheNextOneSucceeds() throws Exception {
        var replica = fx.replica("d2");
        var primary = fx.primary(replica);
        primary.commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(1000) from " + VfsFixture.series(1, 300));
        ReplicaDatabase db = fx.open("d2.db", config(replica).build());
        primary.commit("insert into t values (301, 'x')");
        ReplicaSurgery.compact(replica.client(), 1, 1, 2);
        ReplicaSurgery.deleteLevel0(replica.client(), 1, 2);
        assertThatThrownBy(() -> {
            try (Connection c = db.connect()) {
                count(c, "t");
            }
        }).hasMessageContaining("I/O");
        assertThat(db.lastError()).hasValueSatisfying(m -> assertThat(m).contains("no longer"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> db.txid() == 2);
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(301);
        }
    }

    @Test
    @DisplayName("§2.6 the size SQLite sees is the pinned state's, never one taken from newer data")
    void theSizeIsThePinnedStatesEvenWhenNewerDataArrivesDuringTheTransaction() throws Exception {
        var replica = fx.replica("size");
        var primary = fx.primary(replica);
        primary.commit("create table t(x)", "insert into t select randomblob(3000) from " + VfsFixture.series(1, 50));
        ReplicaDatabase db = fx.open("size.db", config(replica).build());
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            long pages = Long.parseLong(queryString(c, "pragma page_count"));
            primary.commit("insert into t select randomblob(3000) from " + VfsFixture.series(1, 50));
            db.pollNow();
            assertThat(Long.parseLong(queryString(c, "pragma page_count"))).isEqualTo(pages);
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
            c.commit();
            assertThat(Long.parseLong(queryString(c, "pragma page_count"))).isGreaterThan(pages);
        }
    }
}
