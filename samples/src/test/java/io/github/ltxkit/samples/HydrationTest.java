package io.github.ltxkit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.hydrate.HydrationProgress;
import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.replica.ReplicaMetricsSnapshot;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.vfs.ReplicaDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Hydration: the database copies its replica to a local file in the background and, once the copy is complete,
 * serves reads from it instead of fetching pages from the bucket.
 */
@LitestreamDatabase(fixture = "db/shop.sql", hydration = Toggle.ON)
class HydrationTest {
    @Test
    void aHydratedDatabaseServesEveryReadLocally(ReplicaDatabase db, DataSource dataSource) throws Exception {
        db.awaitHydrated();
        ReplicaMetricsSnapshot before = db.metrics();

        OrderService shop = new OrderService(dataSource);
        assertThat(shop.stockValueCents()).isPositive();
        assertThat(shop.ordersOf("customer-042@example.com")).isNotEmpty();

        assertThat(db.metrics().minus(before).get(ReplicaOperation.READ).requests()).isZero();
    }

    @Test
    void hydrationCopiesEveryPageOfTheReplica(ReplicaDatabase db) {
        HydrationProgress progress = db.awaitHydrated();

        assertThat(progress.complete()).isTrue();
        assertThat(progress.txid()).isEqualTo(db.txid());
        assertThat(progress.pagesWritten()).isEqualTo(db.pageCount());
    }
}
