package io.github.ltxkit.samples;

/** Where an order stands. */
public enum OrderStatus {
    /** Placed: its products were taken from the stock. */
    PLACED,
    /** Cancelled: its products went back to the stock. */
    CANCELLED
}
