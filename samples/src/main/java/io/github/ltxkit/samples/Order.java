package io.github.ltxkit.samples;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An order of one customer: when it was placed, where it stands and what it holds.
 *
 * @param id       the order's number, given by the database
 * @param customer who placed it (an e-mail address)
 * @param placedAt when it was placed
 * @param status   whether it still holds its products or was cancelled
 * @param lines    the products ordered, by SKU; at least one
 */
public record Order(long id, String customer, Instant placedAt, OrderStatus status, List<OrderLine> lines) {
    /** Checks every field and copies the lines. */
    public Order {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(placedAt, "placedAt");
        Objects.requireNonNull(status, "status");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("order " + id + " has no lines");
        }
    }

    /** Returns the order's total in cents. */
    public long totalCents() {
        return lines.stream().mapToLong(OrderLine::amountCents).sum();
    }
}
