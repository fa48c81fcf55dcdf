package io.github.ltxkit.samples;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The {@code products} table: reads and stock changes on a connection the caller owns (and whose transaction it
 * commits). Stateless and thread-safe; a connection is not.
 */
final class ProductRepository {
    /** Returns the product {@code sku}, if the catalogue has it. */
    Optional<Product> find(Connection c, String sku) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select sku, name, price_cents, stock from products where sku = ?")) {
            s.setString(1, sku);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Product(r.getString(1), r.getString(2), r.getLong(3), r.getInt(4)))
                        : Optional.empty();
            }
        }
    }

    /**
     * Takes {@code quantity} units of {@code sku} from the stock if it holds that many.
     *
     * @return whether it did (false: not enough in stock, or no such product)
     */
    boolean takeStock(Connection c, String sku, int quantity) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "update products set stock = stock - ? where sku = ? and stock >= ?")) {
            s.setInt(1, quantity);
            s.setString(2, sku);
            s.setInt(3, quantity);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Adds {@code quantity} units of {@code sku} to the stock.
     *
     * @return whether the product exists
     */
    boolean addStock(Connection c, String sku, int quantity) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update products set stock = stock + ? where sku = ?")) {
            s.setInt(1, quantity);
            s.setString(2, sku);
            return s.executeUpdate() == 1;
        }
    }

    /** Returns the value of the whole stock in cents: the sum of price times stock over the catalogue. */
    long stockValueCents(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select coalesce(sum(price_cents * stock), 0) from products");
             ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
