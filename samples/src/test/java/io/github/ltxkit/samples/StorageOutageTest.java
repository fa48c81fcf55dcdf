package io.github.ltxkit.samples;

import static io.github.ltxkit.assertions.LtxkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.assertions.CommitHistory;
import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.vfs.ReplicaDatabase;
import io.github.ltxkit.vfs.SyncStatus;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shop during a storage outage. Before each test it takes an order and uploads it, as on any normal day, then
 * the bucket becomes unreachable: {@code faults().partition()} until {@code faults().heal()}.
 *
 * <p>During an outage the database reads pages from its page cache, its write buffer and (with hydration) its
 * local copy; a page it never read cannot be fetched. Checking that the normal day's order reached the bucket reads
 * every page, as a service that has been up for a while would have; a service that must survive an outage right
 * after it starts should hydrate.
 */
@LitestreamDatabase(fixture = "db/shop.sql", writable = Toggle.ON, syncInterval = "0")
class StorageOutageTest {
    ReplicaDatabase db;
    OrderService shop;
    CommitHistory history;

    @BeforeEach
    void uploadAnOrderThenLoseTheBucket(ReplicaDatabase db) throws Exception {
        this.db = db;
        shop = new OrderService(db.dataSource());
        history = CommitHistory.startingAt(db);
        shop.placeOrder("ada@example.com", Map.of("KB-101", 1));
        history.record(db);
        db.syncNow();
        history.markSynced(db);
        assertThat(db).remoteEqualsLocal();

        db.faults().partition();
    }

    @AfterEach
    void theBucketComesBack() {
        db.faults().heal();
    }

    @Test
    void ordersAreStillTakenDuringAnOutage() throws Exception {
        Order order = shop.placeOrder("grace@example.com", Map.of("KB-101", 1));

        assertThat(shop.findOrder(order.id())).contains(order);
        assertThat(shop.product("KB-101").orElseThrow().stock()).isEqualTo(23);
    }

    @Test
    void uploadsFailDuringAnOutageAndSaySo() throws Exception {
        shop.placeOrder("grace@example.com", Map.of("KB-101", 1));

        assertThatThrownBy(db::syncNow).isInstanceOf(IOException.class);
        SyncStatus status = db.syncStatus().orElseThrow();
        assertThat(status.pendingPages()).isPositive();
        assertThat(status.lastError()).isNotBlank();
    }

    @Test
    void everythingIsUploadedOnceTheBucketIsBack() throws Exception {
        shop.placeOrder("grace@example.com", Map.of("KB-101", 1));
        history.record(db);
        assertThatThrownBy(db::syncNow).isInstanceOf(IOException.class);

        db.faults().heal();
        db.syncNow();
        history.markSynced(db);

        assertThat(db).hasNothingUnsynced().remoteEqualsLocal().remoteIsPrefixOf(history);
    }
}
