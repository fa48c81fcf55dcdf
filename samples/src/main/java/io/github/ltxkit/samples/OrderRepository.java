package io.github.ltxkit.samples;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code orders} and {@code order_lines} tables, on a connection the caller owns (and whose transaction it
 * commits). Stateless and thread-safe; a connection is not.
 */
final class OrderRepository {
    /** Stores a new placed order with its lines and returns its number. */
    long insert(Connection c, String customer, Instant placedAt, List<OrderLine> lines) throws SQLException {
        long id;
        try (PreparedStatement s = c.prepareStatement(
                "insert into orders (customer, placed_at, status) values (?, ?, ?) returning id")) {
            s.setString(1, customer);
            s.setString(2, placedAt.toString());
            s.setString(3, OrderStatus.PLACED.name());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                id = r.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "insert into order_lines (order_id, sku, quantity, unit_price_cents) values (?, ?, ?, ?)")) {
            for (OrderLine line : lines) {
                s.setLong(1, id);
                s.setString(2, line.sku());
                s.setInt(3, line.quantity());
                s.setLong(4, line.unitPriceCents());
                s.executeUpdate();
            }
        }
        return id;
    }

    /** Returns order {@code id} with its lines, if there is one. */
    Optional<Order> find(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select id, customer, placed_at, status from orders where id = ?")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(order(c, r)) : Optional.empty();
            }
        }
    }

    /** Returns the orders of {@code customer}, newest first. */
    List<Order> findByCustomer(Connection c, String customer) throws SQLException {
        List<Order> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "select id, customer, placed_at, status from orders where customer = ? order by id desc")) {
            s.setString(1, customer);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(order(c, r));
                }
            }
        }
        return found;
    }

    /**
     * Marks order {@code id} cancelled if it is placed.
     *
     * @return whether it was placed (false: already cancelled, or no such order)
     */
    boolean cancel(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update orders set status = ? where id = ? and status = ?")) {
            s.setString(1, OrderStatus.CANCELLED.name());
            s.setLong(2, id);
            s.setString(3, OrderStatus.PLACED.name());
            return s.executeUpdate() == 1;
        }
    }

    private static Order order(Connection c, ResultSet r) throws SQLException {
        long id = r.getLong(1);
        return new Order(id, r.getString(2), Instant.parse(r.getString(3)), OrderStatus.valueOf(r.getString(4)),
                lines(c, id));
    }

    private static List<OrderLine> lines(Connection c, long orderId) throws SQLException {
        List<OrderLine> lines = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "select sku, quantity, unit_price_cents from order_lines where order_id = ? order by sku")) {
            s.setLong(1, orderId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    lines.add(new OrderLine(r.getString(1), r.getInt(2), r.getLong(3)));
                }
            }
        }
        return lines;
    }
}
