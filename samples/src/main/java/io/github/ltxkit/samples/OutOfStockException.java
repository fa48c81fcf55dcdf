package io.github.ltxkit.samples;

/**
 * The refusal of an order that asks for more of a product than the stock holds; nothing of the order was kept.
 */
public final class OutOfStockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The product short of stock. */
    private final String sku;
    /** How many the order asked for. */
    private final int requested;
    /** How many the stock held. */
    private final int available;

    /** Creates the refusal of {@code requested} units of {@code sku} when only {@code available} are in stock. */
    public OutOfStockException(String sku, int requested, int available) {
        super("not enough '" + sku + "' in stock: " + requested + " requested, " + available + " available");
        this.sku = sku;
        this.requested = requested;
        this.available = available;
    }

    /** Returns the product short of stock. */
    public String sku() {
        return sku;
    }

    /** Returns how many the order asked for. */
    public int requested() {
        return requested;
    }

    /** Returns how many the stock held. */
    public int available() {
        return available;
    }
}
