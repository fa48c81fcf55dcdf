package io.github.ltxkit.samples;

import static io.github.ltxkit.assertions.LtxkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.assertions.CommitHistory;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the shop needs from any S3 backend, written once and run on each: every subclass declares the same database
 * ({@code fixture = "db/shop.sql", writable = ON, syncInterval = "0"}) on its own {@code backend}. A subclass
 * whose backend cannot run here (no Docker for MinIO, no {@code ltxkit.external.*} settings) is skipped with the
 * reason.
 */
abstract class BackendContract {
    ReplicaDatabase db;
    OrderService shop;

    @BeforeEach
    void openTheShop(ReplicaDatabase db) {
        this.db = db;
        shop = new OrderService(db.dataSource());
    }

    @Test
    void findsAProductOfTheFixture() throws Exception {
        assertThat(shop.product("MN-303")).hasValueSatisfying(p -> assertThat(p.stock()).isEqualTo(3));
    }

    @Test
    void aPlacedOrderReachesTheBucket() throws Exception {
        Order order = shop.placeOrder("ada@example.com", Map.of("MN-303", 1));

        db.syncNow();

        assertThat(db).hasNothingUnsynced().remoteEqualsLocal();
        try (ReplicaDatabase bucket = db.bucketView()) {
            assertThat(new OrderService(bucket.dataSource()).findOrder(order.id())).contains(order);
        }
    }

    @Test
    void everyUploadIsAConditionalCreate() throws Exception {
        shop.placeOrder("ada@example.com", Map.of("KB-101", 1));
        db.syncNow();

        db.faults().journal().assertAllWritesConditional();
    }

    @Test
    void losingTheMachineLosesNoSyncedOrder() throws Exception {
        CommitHistory history = CommitHistory.startingAt(db);
        Order synced = shop.placeOrder("ada@example.com", Map.of("KB-101", 1));
        history.record(db);
        db.syncNow();
        history.markSynced(db);

        db.crash(true);

        try (ReplicaDatabase restarted = db.reopen()) {
            assertThat(restarted).hasLostNoSyncedData(history);
            assertThat(new OrderService(restarted.dataSource()).findOrder(synced.id())).contains(synced);
        }
    }

    @Test
    void anOutageDelaysUploadsButLosesNothing() throws Exception {
        assertThat(db).remoteEqualsLocal(); // reads every page: the outage finds them cached
        db.faults().partition();
        shop.placeOrder("ada@example.com", Map.of("KB-101", 1));
        assertThatThrownBy(db::syncNow).isInstanceOf(IOException.class);

        db.faults().heal();
        db.syncNow();

        assertThat(db).hasNothingUnsynced().remoteEqualsLocal();
    }
}
