package io.github.ltxkit.samples;

import static io.github.ltxkit.assertions.LtxkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.junit.ReplicaLocation;
import io.github.ltxkit.vfs.DatabaseConfig;
import io.github.ltxkit.vfs.LitestreamVfs;
import io.github.ltxkit.vfs.ReplicaDatabase;
import io.github.ltxkit.vfs.SyncStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two writers on one replica, as when a standby takes over while the old primary still runs. Both start from the
 * fixture (TXID 1) and take an order; the primary uploads first, as TXID 2. Each upload is a conditional create of
 * the next TXID, so the standby cannot overwrite the primary's file: as soon as it sees TXID 2 in the replica (at
 * its next poll or its own upload), it stops uploading and keeps its order in its write buffer for someone to
 * reconcile.
 */
@LitestreamDatabase(fixture = "db/shop.sql", writable = Toggle.ON, syncInterval = "0")
class TwoWritersTest {
    ReplicaDatabase primary;
    LitestreamVfs otherProcess;
    ReplicaDatabase standby;
    Order primaryOrder;
    Order standbyOrder;
    Throwable refusal;

    @BeforeEach
    void bothWritersTakeAnOrderAndThePrimaryUploadsFirst(ReplicaDatabase primary, ReplicaLocation location)
            throws Exception {
        this.primary = primary;
        otherProcess = LitestreamVfs.register("standby-" + UUID.randomUUID(), Map.of());
        standby = otherProcess.open("shop.db", DatabaseConfig.builder().replicaUrl(location.replicaUrl())
                .writeEnabled(true).syncInterval(Duration.ZERO).build(), location.credentials());

        primaryOrder = new OrderService(primary.dataSource()).placeOrder("ada@example.com", Map.of("KB-101", 1));
        standbyOrder = new OrderService(standby.dataSource()).placeOrder("grace@example.com", Map.of("MS-202", 1));
        primary.syncNow();
        refusal = catchThrowable(standby::syncNow);
    }

    @AfterEach
    void stopTheStandby() {
        otherProcess.close();
    }

    @Test
    void theStandbysUploadIsRefusedNamingBothTxids() {
        assertThat(refusal).isInstanceOf(IOException.class).hasMessageContaining("this writer's next TXID is "
                + "0000000000000002 but the replica already has TXID 0000000000000002 from another writer");
    }

    @Test
    void theStandbyKeepsItsOrderInItsBuffer() throws Exception {
        SyncStatus status = standby.syncStatus().orElseThrow();

        assertThat(status.conflict()).contains("unsynced writes are kept in");
        assertThat(status.pendingPages()).isPositive();
        assertThat(new OrderService(standby.dataSource()).findOrder(standbyOrder.id())).contains(standbyOrder);
    }

    @Test
    void thePrimarysOrderIsIntactInTheBucket() throws Exception {
        assertThat(primary).hasNothingUnsynced().remoteEqualsLocal();

        try (ReplicaDatabase bucket = primary.bucketView()) {
            assertThat(new OrderService(bucket.dataSource()).findOrder(primaryOrder.id())).contains(primaryOrder);
        }
    }
}
