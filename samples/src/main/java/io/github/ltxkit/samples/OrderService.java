package io.github.ltxkit.samples;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The shop's order desk: it takes orders against the stock, cancels them, restocks products and answers questions
 * about products and orders, all in a SQLite database reached through a {@link DataSource}.
 *
 * <p>Business rules: an order takes its products from the stock, all or nothing, and is refused with an
 * {@link OutOfStockException} when the stock cannot cover a line; a cancelled order gives its products back to the
 * stock, once. Every change is one transaction, so a refused or failed change leaves nothing behind.
 *
 * <p>Thread-safe when the data source is: each call takes a connection of its own and closes it before returning.
 * SQLite has one writer at a time: a change that meets another one in progress fails with {@code SQLITE_BUSY} (an
 * {@link SQLException}) unless the connections wait (SQLite's {@code busy_timeout}).
 */
public final class OrderService {
    private final DataSource dataSource;
    private final Clock clock;
    private final ProductRepository products = new ProductRepository();
    private final OrderRepository orders = new OrderRepository();

    /** Creates the service on {@code dataSource}, dating orders by the system clock in UTC. */
    public OrderService(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /** Creates the service on {@code dataSource}, dating orders by {@code clock}. */
    public OrderService(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Places an order of {@code customer} for {@code quantities} (units by SKU), taking them from the stock.
     *
     * @return the order placed, with its number and the unit prices charged
     * @throws OutOfStockException      if the stock of a product cannot cover its line; nothing is stored
     * @throws IllegalArgumentException if the customer is blank, there are no lines, a quantity is below 1 or a
     *                                  product does not exist
     * @throws SQLException             if the database fails; nothing is stored
     */
    public Order placeOrder(String customer, Map<String, Integer> quantities) throws SQLException {
        if (customer == null || customer.isBlank()) {
            throw new IllegalArgumentException("an order needs a customer: '" + customer + "'");
        }
        if (quantities.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one product");
        }
        return inTransaction(c -> {
            List<OrderLine> lines = new ArrayList<>();
            for (Map.Entry<String, Integer> wanted : new TreeMap<>(quantities).entrySet()) {
                String sku = wanted.getKey();
                int quantity = wanted.getValue();
                if (quantity < 1) {
                    throw new IllegalArgumentException("quantity of '" + sku + "' must be at least 1: " + quantity);
                }
                // Write first: the transaction takes SQLite's write lock at once instead of upgrading a read.
                boolean taken = products.takeStock(c, sku, quantity);
                Product product = products.find(c, sku).orElseThrow(() ->
                        new IllegalArgumentException("no product '" + sku + "' in the catalogue"));
                if (!taken) {
                    throw new OutOfStockException(sku, quantity, product.stock());
                }
                lines.add(new OrderLine(sku, quantity, product.priceCents()));
            }
            var placedAt = clock.instant();
            long id = orders.insert(c, customer, placedAt, lines);
            return new Order(id, customer, placedAt, OrderStatus.PLACED, lines);
        });
    }

    /**
     * Cancels order {@code orderId} and gives its products back to the stock.
     *
     * @return the cancelled order
     * @throws NoSuchElementException if there is no such order
     * @throws IllegalStateException  if it was cancelled already
     * @throws SQLException           if the database fails; nothing changes
     */
    public Order cancelOrder(long orderId) throws SQLException {
        return inTransaction(c -> {
            boolean cancelled = orders.cancel(c, orderId);
            Order order = orders.find(c, orderId).orElseThrow(() -> new NoSuchElementException("no order " + orderId));
            if (!cancelled) {
                throw new IllegalStateException("order " + orderId + " is already cancelled");
            }
            for (OrderLine line : order.lines()) {
                products.addStock(c, line.sku(), line.quantity());
            }
            return order;
        });
    }

    /**
     * Adds {@code quantity} units of {@code sku} to the stock.
     *
     * @return the product with its new stock
     * @throws IllegalArgumentException if the quantity is below 1 or the product does not exist
     */
    public Product restock(String sku, int quantity) throws SQLException {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity of '" + sku + "' must be at least 1: " + quantity);
        }
        return inTransaction(c -> {
            if (!products.addStock(c, sku, quantity)) {
                throw new IllegalArgumentException("no product '" + sku + "' in the catalogue");
            }
            return products.find(c, sku).orElseThrow();
        });
    }

    /** Returns product {@code sku}, if the catalogue has it. */
    public Optional<Product> product(String sku) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return products.find(c, sku);
        }
    }

    /** Returns order {@code orderId}, if there is one. */
    public Optional<Order> findOrder(long orderId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return orders.find(c, orderId);
        }
    }

    /** Returns the orders of {@code customer}, newest first. */
    public List<Order> ordersOf(String customer) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return orders.findByCustomer(c, customer);
        }
    }

    /** Returns the value of everything in stock, in cents (reads the whole catalogue). */
    public long stockValueCents() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return products.stockValueCents(c);
        }
    }

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                    c.setAutoCommit(true);
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
            c.setAutoCommit(true);
            return result;
        }
    }
}
