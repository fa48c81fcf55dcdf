package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A generated database answers thousands of random queries through the VFS exactly as from a local file. */
class QueryEquivalenceTest extends VfsTestCase {
    @Test
    void randomQueriesGiveTheSameRowsThroughTheVfsAsFromALocalFile() throws Exception {
        var replica = fx.replica("equiv");
        var primary = fx.primary(replica);
        primary.sql("create table customers(id integer primary key, name text, city text, created integer)",
                "create table orders(id integer primary key, customer integer, amount real, status text, note blob)",
                "create table items(order_id integer, sku text, qty integer, price real)",
                "create index orders_customer on orders(customer)", "create index items_sku on items(sku)",
                "create index items_order on items(order_id)",
                "create index customers_city on customers(city, name)");
        primary.sql("insert into customers select value, 'name-' || value, 'city-' || (value % 97), value * 7919 % 100000 "
                        + "from " + VfsFixture.series(1, 20000),
                "insert into orders select value, value % 20000 + 1, (value * 31 % 10000) / 100.0, "
                        + "case value % 4 when 0 then 'open' when 1 then 'paid' when 2 then 'sent' else 'void' end, "
                        + "randomblob(value % 700) from " + VfsFixture.series(1, 60000),
                "insert into items select value % 60000 + 1, 'sku-' || (value % 5000), value % 9 + 1, value % 97 * 1.5 "
                        + "from " + VfsFixture.series(1, 120000));
        primary.publish();
        Path local = dir.resolve("local.db");
        try (var s = primary.connection().createStatement()) {
            s.execute("vacuum into '" + local + "'");
        }
        assertThat(Files.size(local)).isGreaterThan(20L << 20);
        ReplicaDatabase db = fx.open("equiv.db", config(replica).cacheSize(64L << 20).build());
        String[] queries = {
            "select * from customers where id = ?",
            "select name, city from customers where city = 'city-' || (? % 97) order by name limit 20",
            "select count(*), sum(amount) from orders where customer = ?",
            "select o.id, o.amount, c.name from orders o join customers c on c.id = o.customer where o.id between ? "
                    + "and ? + 50 order by o.id",
            "select status, count(*), round(avg(amount), 4) from orders where id between ? and ? + 5000 group by status "
                    + "order by status",
            "select sku, sum(qty) from items where sku = 'sku-' || (? % 5000) group by sku",
            "select length(note), hex(substr(note, 1, 8)) from orders where id = ?",
            "select count(*) from items i join orders o on o.id = i.order_id where o.customer = ?"
        };
        Random random = new Random(2026);
        try (Connection viaVfs = db.connect(); Connection viaFile = DriverManager.getConnection("jdbc:sqlite:"
                + local)) {
            for (int i = 0; i < 3000; i++) {
                String sql = queries[random.nextInt(queries.length)];
                int a = 1 + random.nextInt(60000);
                assertThat(rows(viaVfs, sql, a)).as("%s with %d", sql, a).isEqualTo(rows(viaFile, sql, a));
            }
        }
    }

    private static List<String> rows(Connection c, String sql, int a) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 1; i <= p.getParameterMetaData().getParameterCount(); i++) {
                p.setInt(i, a);
            }
            try (ResultSet r = p.executeQuery()) {
                ResultSetMetaData m = r.getMetaData();
                while (r.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int col = 1; col <= m.getColumnCount(); col++) {
                        row.append(r.getString(col)).append('|');
                    }
                    out.add(row.toString());
                }
            }
        }
        return out;
    }
}
