package io.github.ltxkit.samples;

import static io.github.ltxkit.assertions.LtxkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.assertions.CommitHistory;
import io.github.ltxkit.junit.LitestreamExtension;
import io.github.ltxkit.vfs.CrashPoint;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What survives a crash. Before each test the shop takes two orders: the first is uploaded, the second only
 * committed locally (in the write buffer). A {@link CommitHistory} records both states, so the assertions can say
 * which of them a database holds. {@code crash()} stops the database as a killed process would (its local files
 * stay), {@code crash(true)} as a lost machine would (its local files go too); {@code reopen()} starts it again, as
 * the restarted process would.
 */
class CrashRecoveryTest {
    /** The machine's local disk. */
    @TempDir
    static Path localDisk;

    /**
     * The shop's database, declared in code for one setting: a write buffer at a path of its own on the local disk,
     * which a restart finds again. (Without {@code buffer_path} the buffer is a temporary file of the database
     * instance: a restarted instance starts with an empty one, as after {@code crash(true)}.)
     */
    @RegisterExtension
    final LitestreamExtension shopDatabase = LitestreamExtension.builder().fixture("db/shop.sql").writable(true)
            .syncInterval(Duration.ZERO).parameter("buffer_path", localDisk.resolve(UUID.randomUUID() + ".buffer")
                    .toString()).build();

    ReplicaDatabase db;
    CommitHistory history;
    Order synced;
    Order unsynced;

    @BeforeEach
    void takeASyncedAndAnUnsyncedOrder() throws Exception {
        db = shopDatabase.database();
        OrderService shop = new OrderService(db.dataSource());
        history = CommitHistory.startingAt(db);

        synced = shop.placeOrder("ada@example.com", Map.of("KB-101", 1));
        history.record(db);
        db.syncNow();
        history.markSynced(db);

        unsynced = shop.placeOrder("grace@example.com", Map.of("MS-202", 2));
        history.record(db);
    }

    @Test
    void theBucketKeepsEverySyncedOrder() {
        db.crash();

        assertThat(db).remoteIsPrefixOf(history);
    }

    @Test
    void aRestartWithTheLocalDiskReplaysTheUnsyncedOrder() throws Exception {
        db.crash();

        try (ReplicaDatabase restarted = db.reopen()) {
            assertThat(restarted).holdsLatestStateOf(history);
            assertThat(new OrderService(restarted.dataSource()).findOrder(unsynced.id())).contains(unsynced);
        }
    }

    @Test
    void aRestartUploadsTheReplayedOrder() throws Exception {
        db.crash();

        try (ReplicaDatabase restarted = db.reopen()) {
            restarted.syncNow();
            assertThat(restarted).hasNothingUnsynced().remoteEqualsLocal();
        }
    }

    @Test
    void losingTheLocalDiskLosesOnlyTheUnsyncedOrder() throws Exception {
        db.crash(true);

        try (ReplicaDatabase restarted = db.reopen()) {
            assertThat(restarted).hasLostNoSyncedData(history).passesIntegrityCheck();
            OrderService shop = new OrderService(restarted.dataSource());
            assertThat(shop.findOrder(synced.id())).contains(synced);
            assertThat(shop.findOrder(unsynced.id())).isEmpty();
        }
    }

    @ParameterizedTest(name = "crash at {0}")
    @EnumSource(CrashPoint.class)
    void aCrashAnywhereInAnUploadLosesNoOrder(CrashPoint point) throws Exception {
        db.crashAt(point);
        assertThatThrownBy(db::syncNow).isInstanceOf(IOException.class).hasMessageContaining("simulated crash");

        try (ReplicaDatabase restarted = db.reopen()) {
            assertThat(restarted).holdsLatestStateOf(history).passesIntegrityCheck();
            restarted.syncNow();
            assertThat(restarted).remoteEqualsLocal();
        }
    }
}
