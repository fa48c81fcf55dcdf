package io.github.ltxkit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service's business rules, tested as any service would be, on a writable copy of the fixture for each test.
 * Nothing here is about storage: these tests would pass on a local SQLite file too, and run as fast.
 */
@LitestreamDatabase(fixture = "db/shop.sql", writable = Toggle.ON, syncInterval = "0")
class OrderServiceTest {
    static final Instant NOON = Instant.parse("2026-11-21T12:00:00Z");

    OrderService shop;

    @BeforeEach
    void openTheShopAtNoon(DataSource dataSource) {
        shop = new OrderService(dataSource, Clock.fixed(NOON, ZoneOffset.UTC));
    }

    @Test
    void anOrderTakesItsProductsFromTheStockAtTheirCurrentPrice() throws Exception {
        Order order = shop.placeOrder("linus@example.com", Map.of("KB-101", 2, "MS-202", 1));

        assertThat(order.placedAt()).isEqualTo(NOON);
        assertThat(order.lines()).containsExactly(new OrderLine("KB-101", 2, 8900), new OrderLine("MS-202", 1, 2900));
        assertThat(shop.findOrder(order.id())).contains(order);
        assertThat(shop.product("KB-101").orElseThrow().stock()).isEqualTo(23);
    }

    @Test
    void anOrderTheStockCannotCoverIsRefusedWhole() throws Exception {
        assertThatThrownBy(() -> shop.placeOrder("linus@example.com", Map.of("KB-101", 1, "MN-303", 4)))
                .isInstanceOf(OutOfStockException.class)
                .hasMessage("not enough 'MN-303' in stock: 4 requested, 3 available");

        assertThat(shop.product("KB-101").orElseThrow().stock()).isEqualTo(25);
        assertThat(shop.ordersOf("linus@example.com")).isEmpty();
    }

    @Test
    void anOrderForAnUnknownProductIsRefused() {
        assertThatThrownBy(() -> shop.placeOrder("linus@example.com", Map.of("XX-999", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no product 'XX-999' in the catalogue");
    }

    @Test
    void cancellingAnOrderGivesItsProductsBack() throws Exception {
        Order order = shop.placeOrder("linus@example.com", Map.of("MN-303", 3));

        assertThat(shop.cancelOrder(order.id()).status()).isEqualTo(OrderStatus.CANCELLED);

        assertThat(shop.product("MN-303").orElseThrow().stock()).isEqualTo(3);
        assertThat(shop.findOrder(order.id()).orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void anOrderIsCancelledOnlyOnce() throws Exception {
        assertThatThrownBy(() -> shop.cancelOrder(3)).isInstanceOf(IllegalStateException.class)
                .hasMessage("order 3 is already cancelled");
        assertThatThrownBy(() -> shop.cancelOrder(9999)).isInstanceOf(NoSuchElementException.class)
                .hasMessage("no order 9999");
        assertThat(shop.product("MS-202").orElseThrow().stock()).isEqualTo(40);
    }

    @Test
    void restockingAddsToTheStock() throws Exception {
        assertThat(shop.restock("MN-303", 10).stock()).isEqualTo(13);
    }
}
