package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.RestorePlanner;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactionTest extends VfsTestCase {
    private static List<LtxFileKey> keys(VfsFixture.TestReplica r, int level) throws Exception {
        return r.client().list(level, 0).stream().map(LtxFileInfo::key).toList();
    }

    @Test
    void levelsSnapshotsAndRetentionFollowLitestreamsLayout() throws Exception {
        var replica = fx.replica("layout");
        DatabaseConfig cfg = config(replica).writeEnabled(true).syncInterval(Duration.ZERO)
                .bufferPath(dir.resolve("layout-buffer")).compactionLevels(List.of(Duration.ofHours(1),
                        Duration.ofHours(1))).snapshotInterval(Duration.ofHours(1)).l0Retention(Duration.ofMillis(1))
                .snapshotRetention(Duration.ofMillis(1)).build();
        ReplicaDatabase db = fx.open("layout.db", cfg);
        Compaction compaction = fx.vfs.registry().running("layout.db").compaction;
        compaction.stop(); // this test runs each step by hand; the next one covers the schedule
        try (Connection c = db.connect()) {
            c.createStatement().execute("create table t(x)");
            db.syncNow();
            for (int i = 1; i <= 6; i++) {
                c.createStatement().execute("insert into t values (" + i + ")");
                db.syncNow();
            }
            assertThat(compaction.compactInto(1)).isEqualTo(LtxFileKey.of(1, 1, 7));
            assertThat(compaction.snapshot()).isEqualTo(LtxFileKey.of(9, 1, 7));
            for (int i = 7; i <= 9; i++) {
                c.createStatement().execute("insert into t values (" + i + ")");
                db.syncNow();
            }
            assertThat(compaction.compactInto(1)).isEqualTo(LtxFileKey.of(1, 8, 10));
            assertThat(compaction.compactInto(2)).isEqualTo(LtxFileKey.of(2, 1, 10));
            assertThat(compaction.snapshot()).isEqualTo(LtxFileKey.of(9, 1, 10));
            ReadPathTest.sleep(5);
            assertThat(compaction.retain()).isPositive();
            c.createStatement().execute("insert into t values (10)");
            db.syncNow();
            assertThat(count(c, "t")).isEqualTo(10);
        }
        assertThat(keys(replica, 0)).as("level 0 keeps its newest file and those not yet compacted")
                .containsExactly(LtxFileKey.of(0, 10, 10), LtxFileKey.of(0, 11, 11));
        assertThat(keys(replica, 9)).containsExactly(LtxFileKey.of(9, 1, 10));
        assertThat(keys(replica, 1)).containsExactly(LtxFileKey.of(1, 8, 10));
        var plan = RestorePlanner.plan(replica.client(), RestorePlanner.Target.latest());
        assertThat(plan.maxTxid()).isEqualTo(11);
        try (Connection c = fx.open("layout-reader.db", config(replica).build()).connect()) {
            assertThat(count(c, "t")).isEqualTo(10);
            assertThat(VfsFixture.queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
    }

    @Test
    void compactionRunsOnItsScheduleAndTheWriterKeepsWritingAfterItsFilesAreRetired() throws Exception {
        var replica = fx.replica("scheduled");
        DatabaseConfig cfg = config(replica).writeEnabled(true).syncInterval(Duration.ofMillis(20))
                .bufferPath(dir.resolve("scheduled-buffer")).compactionLevels(List.of(Duration.ofMillis(100)))
                .l0Retention(Duration.ofMillis(100)).build();
        ReplicaDatabase db = fx.open("scheduled.db", cfg);
        try (Connection c = db.connect()) {
            c.createStatement().execute("create table t(id integer primary key, v)");
            for (int i = 1; i <= 40; i++) {
                c.createStatement().execute("insert into t values (" + i + ", randomblob(2000))");
                ReadPathTest.sleep(10);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !replica.client().list(1, 0).isEmpty()
                    && replica.client().list(0, 0).size() <= 3);
            db.syncNow();
            assertThat(count(c, "t")).isEqualTo(40);
            assertThat(VfsFixture.queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
        try (Connection c = fx.open("scheduled-reader.db", config(replica).build()).connect()) {
            assertThat(count(c, "t")).isEqualTo(40);
        }
    }
}
