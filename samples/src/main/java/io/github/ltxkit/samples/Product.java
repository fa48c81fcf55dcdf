package io.github.ltxkit.samples;

import java.util.Objects;

/**
 * A product of the catalogue: what it is, what it costs and how many are in stock.
 *
 * @param sku        the stock keeping unit, the product's identifier
 * @param name       the name shown to customers
 * @param priceCents the unit price in cents
 * @param stock      how many can still be ordered
 */
public record Product(String sku, String name, long priceCents, int stock) {
    /** Checks every field. */
    public Product {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(name, "name");
        if (priceCents < 0) {
            throw new IllegalArgumentException("price of '" + sku + "' must not be negative: " + priceCents);
        }
        if (stock < 0) {
            throw new IllegalArgumentException("stock of '" + sku + "' must not be negative: " + stock);
        }
    }
}
