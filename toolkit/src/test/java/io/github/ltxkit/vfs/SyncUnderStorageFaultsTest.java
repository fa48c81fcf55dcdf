package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.replica.ReplicaOperation;
import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Uploads meeting storage faults: each fault kind's effect on a writer's uploads. */
class SyncUnderStorageFaultsTest extends VfsTestCase {
    private ReplicaDatabase writer(String name) throws Exception {
        var replica = fx.replica(name);
        fx.primary(replica).commit("create table t(x)");
        return fx.open(name + ".db", config(replica).writeEnabled(true).syncInterval(Duration.ZERO)
                .bufferPath(dir.resolve(name + "-buffer")).build());
    }

    @Test
    void anUploadWhoseEveryResponseWasLostIsRecognisedAsOursOnTheNextSync() throws Exception {
        ReplicaDatabase db = writer("ambiguous");
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values ('stored, but the writer was never told')");
        }
        db.faults().on(ReplicaOperation.WRITE).always().inject(Fault.ambiguousWrite());
        assertThatThrownBy(db::syncNow).isInstanceOf(IOException.class);
        db.faults().clearRules();

        assertThat(db.syncNow()).as("the stored file is ours: no second upload, no conflict").isIn(0L, 2L);
        assertThat(db.syncStatus().orElseThrow().conflict()).isNull();
        assertThat(db.syncStatus().orElseThrow().lastSyncedTxid()).isEqualTo(2);
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values ('next')");
        }
        assertThat(db.syncNow()).isEqualTo(3);
        try (ReplicaDatabase view = db.bucketView(); Connection c = view.connect()) {
            assertThat(count(c, "t")).isEqualTo(2);
        }
    }

    @Test
    void anUploadThatFailedWithoutStoringAnythingIsRetriedWithTheSameTxid() throws Exception {
        ReplicaDatabase db = writer("failed");
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values (1)");
        }
        db.faults().on(ReplicaOperation.WRITE).always().inject(Fault.serverError());
        assertThatThrownBy(db::syncNow).isInstanceOf(IOException.class).hasMessageContaining("500 InternalError (injected)");
        assertThat(db.syncStatus().orElseThrow().failures()).isEqualTo(1);
        db.faults().clearRules();
        assertThat(db.syncNow()).isEqualTo(2);
        assertThat(db.syncStatus().orElseThrow().lastError()).isNull();
    }

    @Test
    void aPartitionKeepsCommitsLocalUntilItHeals() throws Exception {
        ReplicaDatabase db = writer("partition");
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values (1)");
            db.faults().partition();
            c.createStatement().execute("insert into t values (2)");
            assertThatThrownBy(db::syncNow).isInstanceOf(IOException.class).hasMessageContaining("partition");
            assertThat(count(c, "t")).as("the connection reads its own commits from the buffer").isEqualTo(2);
            assertThat(db.syncStatus().orElseThrow().pendingPages()).isPositive();
            db.faults().heal();
        }
        assertThat(db.syncNow()).isEqualTo(2);
        try (ReplicaDatabase view = db.bucketView(); Connection c = view.connect()) {
            assertThat(count(c, "t")).isEqualTo(2);
        }
    }

    @Test
    void failingPeriodicUploadsBackOffExponentiallyInsteadOfRetryingEveryInterval() throws Exception {
        var replica = fx.replica("backoff");
        fx.primary(replica).commit("create table t(x)");
        ReplicaDatabase db = fx.open("backoff.db", config(replica).writeEnabled(true)
                .syncInterval(Duration.ofMillis(20)).bufferPath(dir.resolve("backoff-buffer")).build());
        db.faults().on(ReplicaOperation.WRITE).always().inject(Fault.accessDenied());
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t values (1)");
        }
        Thread.sleep(1700);
        var writes = db.faults().journal().requests().filter(r -> r.operation() == ReplicaOperation.WRITE).list();
        assertThat(writes.size()).as("about 5 attempts in 1.7 s (100, 200, 400, 800 ms apart), not 85")
                .isBetween(3, 6);
        for (int i = 2; i < writes.size(); i++) {
            Duration before = Duration.between(writes.get(i - 2).startedAt(), writes.get(i - 1).startedAt());
            Duration gap = Duration.between(writes.get(i - 1).startedAt(), writes.get(i).startedAt());
            assertThat(gap).as("gap %d grows", i).isGreaterThan(before.multipliedBy(3).dividedBy(2));
        }
        assertThat(db.syncStatus().orElseThrow().failures()).isEqualTo(writes.size());
        db.faults().clearRules();
        db.syncNow();
        assertThat(db.syncStatus().orElseThrow().failures()).isZero();
    }
}
