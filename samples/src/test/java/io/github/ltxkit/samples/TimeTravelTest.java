package io.github.ltxkit.samples;

import static io.github.ltxkit.samples.Sql.execute;
import static io.github.ltxkit.samples.Sql.queryLong;
import static io.github.ltxkit.samples.Sql.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Time travel: {@code PRAGMA litestream_time} sets the moment a connection reads the replica at (RFC 3339, a
 * relative time such as {@code '5 minutes ago'}, or {@code 'LATEST'}); {@code PRAGMA litestream_txid} says which
 * TXID it reads. The tests share one database, on which the last monitors were sold and the sale uploaded.
 *
 * <p>A state's time is when its file was stored: S3 lists objects with their modification time, often to the
 * second, so the sale is made in a second of its own.
 */
class TimeTravelTest {
    static final String MONITOR_STOCK = "select stock from products where sku = 'MN-303'";

    @LitestreamDatabase(fixture = "db/shop.sql", writable = Toggle.ON, syncInterval = "0")
    static ReplicaDatabase db;
    static Instant beforeTheSale;
    static long saleTxid;

    @BeforeAll
    static void sellTheLastMonitorsInASecondOfTheirOwn() throws Exception {
        beforeTheSale = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(Duration.between(Instant.now(), beforeTheSale).plusMillis(1));

        new OrderService(db.dataSource()).placeOrder("ada@example.com", Map.of("MN-303", 3));
        saleTxid = db.syncNow();
    }

    @Test
    void aConnectionReadsTheStockAsItWasBeforeTheSale() throws SQLException {
        try (Connection c = db.connect()) {
            execute(c, "pragma litestream_time = '" + beforeTheSale + "'");

            assertThat(queryLong(c, MONITOR_STOCK)).isEqualTo(3);
            assertThat(queryString(c, "pragma litestream_txid")).isEqualTo(String.format("%016x", saleTxid - 1));
        }
    }

    @Test
    void latestBringsTheConnectionBackToTheNewestState() throws SQLException {
        try (Connection c = db.connect()) {
            execute(c, "pragma litestream_time = '" + beforeTheSale + "'");
            execute(c, "pragma litestream_time = 'LATEST'");

            assertThat(queryLong(c, MONITOR_STOCK)).isZero();
            assertThat(queryString(c, "pragma litestream_txid")).isEqualTo(String.format("%016x", saleTxid));
        }
    }

    @Test
    void aTimeTravellingConnectionCannotWrite() throws SQLException {
        try (Connection c = db.connect()) {
            execute(c, "pragma litestream_time = '" + beforeTheSale + "'");

            assertThatThrownBy(() -> execute(c, "update products set stock = 3 where sku = 'MN-303'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("readonly");
        }
    }
}
