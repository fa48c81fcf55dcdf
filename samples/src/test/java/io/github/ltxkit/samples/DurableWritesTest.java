package io.github.ltxkit.samples;

import static io.github.ltxkit.assertions.LtxkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.junit.StorageFault;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.vfs.ReplicaDatabase;
import io.github.ltxkit.vfs.SyncStatus;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes that reach the bucket: a writable database uploads what was committed every {@code syncInterval}, and
 * {@code awaitSynced()} waits for it, so a test can claim "this order is safe in the bucket" and check it.
 */
@LitestreamDatabase(fixture = "db/shop.sql", writable = Toggle.ON, syncInterval = "100ms")
class DurableWritesTest {
    OrderService shop;

    @BeforeEach
    void openTheShop(DataSource dataSource) {
        shop = new OrderService(dataSource);
    }

    @Test
    void aPlacedOrderIsUploadedWithinASyncInterval(ReplicaDatabase db) throws Exception {
        long fixture = db.txid();

        shop.placeOrder("linus@example.com", Map.of("KB-101", 2));
        SyncStatus status = db.awaitSynced();

        assertThat(status.lastSyncedTxid()).isEqualTo(fixture + 1);
        assertThat(db).isSyncedThrough(fixture + 1).hasNothingUnsynced().remoteEqualsLocal();
    }

    @Test
    void anotherReaderOfTheBucketSeesTheSyncedOrder(ReplicaDatabase db) throws Exception {
        Order order = shop.placeOrder("linus@example.com", Map.of("MN-303", 1));
        db.awaitSynced();

        try (ReplicaDatabase bucket = db.bucketView()) {
            OrderService elsewhere = new OrderService(bucket.dataSource());
            assertThat(elsewhere.findOrder(order.id())).contains(order);
            assertThat(elsewhere.product("MN-303").orElseThrow().stock()).isEqualTo(2);
        }
    }

    @Test
    void aRefusedOrderLeavesNothingToUpload(ReplicaDatabase db) {
        assertThatThrownBy(() -> shop.placeOrder("linus@example.com", Map.of("KB-101", 1, "MN-303", 4)))
                .isInstanceOf(OutOfStockException.class);

        assertThat(db.syncStatus().orElseThrow().pendingPages()).isZero();
    }

    @Test
    @StorageFault(value = StorageFault.Kind.ERROR, on = ReplicaOperation.WRITE, times = 1, status = 500)
    void anUploadThatFailsOnceIsRetried(ReplicaDatabase db) throws Exception {
        shop.placeOrder("linus@example.com", Map.of("MS-202", 1));

        db.awaitSynced();

        assertThat(db.faults().injected()).hasSize(1);
        assertThat(db).hasNothingUnsynced().remoteEqualsLocal();
    }
}
