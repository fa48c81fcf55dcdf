package io.github.ltxkit.samples;

import java.util.Objects;

/**
 * One product of an order: how many were ordered and at which unit price.
 *
 * @param sku            the product ordered
 * @param quantity       how many, at least 1
 * @param unitPriceCents the unit price paid, in cents (the catalogue's price when the order was placed)
 */
public record OrderLine(String sku, int quantity, long unitPriceCents) {
    /** Checks every field. */
    public OrderLine {
        Objects.requireNonNull(sku, "sku");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity of '" + sku + "' must be at least 1: " + quantity);
        }
        if (unitPriceCents < 0) {
            throw new IllegalArgumentException("unit price of '" + sku + "' must not be negative: "
                    + unitPriceCents);
        }
    }

    /** Returns the line's amount in cents: quantity times unit price. */
    public long amountCents() {
        return quantity * unitPriceCents;
    }
}
