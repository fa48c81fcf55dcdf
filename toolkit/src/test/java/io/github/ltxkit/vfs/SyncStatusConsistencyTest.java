package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The upload status is one consistent picture: what it says is uploaded agrees with what it says is pending. */
class SyncStatusConsistencyTest extends VfsTestCase {
    @Test
    void aStatusWithNothingPendingAlreadyNamesTheUploadedTxid() throws Exception {
        var replica = fx.replica("status");
        fx.primary(replica).commit("create table t(x)");
        ReplicaDatabase db = fx.open("status.db", config(replica).writeEnabled(true).syncInterval(Duration.ZERO)
                .bufferPath(dir.resolve("status-buffer")).build());
        long fixture = db.syncStatus().orElseThrow().lastSyncedTxid();
        AtomicLong committedTxid = new AtomicLong(fixture);
        AtomicBoolean stop = new AtomicBoolean();
        List<String> inconsistent = new CopyOnWriteArrayList<>();
        Thread observer = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                long committed = committedTxid.get();
                SyncStatus s = db.syncStatus().orElseThrow();
                if (s.caughtUp() && s.lastSyncedTxid() < committed) {
                    inconsistent.add("nothing pending, but synced through " + s.lastSyncedTxid() + " after TXID "
                            + committed + " was committed");
                }
            }
        });
        try (Connection c = db.connect()) {
            for (int i = 1; i <= 1000 && inconsistent.isEmpty(); i++) {
                c.createStatement().execute("insert into t values (" + i + ")");
                committedTxid.set(fixture + i);
                assertThat(db.syncNow()).isEqualTo(fixture + i);
            }
        } finally {
            stop.set(true);
            observer.join();
        }

        assertThat(inconsistent).isEmpty();
    }
}
