package io.github.ltxkit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.StorageFault;
import io.github.ltxkit.junit.StorageFault.Kind;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service reading a database seeded from a SQL fixture, straight from its replica in the bucket: no local
 * copy, no Litestream process, no Docker. Each test gets a database of its own, read-only by default.
 */
@LitestreamDatabase(fixture = "db/shop.sql")
class ReadingFromTheBucketTest {
    OrderService shop;

    @BeforeEach
    void openTheShop(DataSource dataSource) {
        shop = new OrderService(dataSource);
    }

    @Test
    void findsAProductOfTheFixture() throws SQLException {
        assertThat(shop.product("KB-101")).contains(new Product("KB-101", "Mechanical keyboard", 8900, 25));
    }

    @Test
    void findsAnOrderWithItsLines() throws SQLException {
        Order order = shop.findOrder(1).orElseThrow();

        assertThat(order.customer()).isEqualTo("ada@example.com");
        assertThat(order.lines()).extracting(OrderLine::sku).containsExactly("KB-101", "MS-202");
        assertThat(order.totalCents()).isEqualTo(11_800);
    }

    @Test
    void listsTheOrdersOfACustomerNewestFirst() throws SQLException {
        assertThat(shop.ordersOf("ada@example.com")).extracting(Order::id, Order::status)
                .containsExactly(tuple(3L, OrderStatus.CANCELLED), tuple(1L, OrderStatus.PLACED));
    }

    @Test
    @StorageFault(value = Kind.ERROR, on = ReplicaOperation.READ, times = 2, status = 503, code = "SlowDown")
    void readsThrottledByTheBucketAreRetried(ReplicaDatabase db) throws SQLException {
        assertThat(shop.product("PART-1999")).hasValueSatisfying(p -> assertThat(p.stock()).isEqualTo(10));

        assertThat(db.faults().injected()).hasSize(2);
    }

    @Test
    void aReadOnlyReplicaRefusesOrders() {
        assertThatThrownBy(() -> shop.placeOrder("linus@example.com", Map.of("MS-202", 1)))
                .isInstanceOf(SQLException.class).hasMessageContaining("readonly");
    }
}
