package io.github.ltxkit.bench.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A realistic SQLite database generated with sqlite-jdbc: customers, orders and order documents, with indexes,
 * text, integers and blobs (half incompressible scans, half JSON), in 4096-byte pages. The content is
 * deterministic (seeded) and the file is built once per size and reused from the work directory. Immutable; build
 * one database at a time.
 *
 * @param path      the database file, a plain rollback-journal database
 * @param customers rows in {@code customers}
 * @param orders    rows in {@code orders}
 * @param documents rows in {@code documents}
 */
record SampleDatabase(Path path, long customers, long orders, long documents) {
    static final int PAGE_SIZE = 4096;
    /** Bump when the generator changes, so that stale files are not reused. */
    private static final int GENERATOR_VERSION = 1;
    private static final long EPOCH_MILLIS = 1_767_225_600_000L;
    private static final String[] FIRST = {"Ada", "Alan", "Barbara", "Claude", "Donald", "Edsger", "Frances",
        "Grace", "John", "Katherine", "Leslie", "Margaret", "Niklaus", "Radia", "Tony", "Yukihiro"};
    private static final String[] LAST = {"Allen", "Backus", "Dijkstra", "Hamilton", "Hopper", "Johnson", "Knuth",
        "Lamport", "Liskov", "Lovelace", "McCarthy", "Perlman", "Ritchie", "Shannon", "Turing", "Wirth"};
    private static final String[] CITIES = {"Amsterdam", "Berlin", "Bordeaux", "Chicago", "Dublin", "Helsinki",
        "Kyoto", "Lagos", "Lima", "Lisbon", "Montreal", "Nairobi", "Osaka", "Oslo", "Porto", "Seoul", "Sydney",
        "Toronto", "Valencia", "Zurich"};
    private static final String[] STATUSES = {"pending", "paid", "shipped", "delivered", "cancelled", "refunded"};
    private static final String[] WORDS = {"the", "parcel", "was", "left", "at", "front", "door", "please", "ring",
        "bell", "gift", "wrap", "fragile", "handle", "with", "care", "invoice", "attached", "deliver", "after",
        "noon", "before", "weekend", "call", "on", "arrival", "extra", "large", "blue", "red", "box", "order",
        "customer", "requested", "express", "shipping", "return", "label", "included", "thank", "you"};

    /**
     * Returns the sample database of about {@code targetBytes} in {@code dir}, generating it first if it is not
     * there yet (a few seconds per 10 MB).
     */
    static SampleDatabase obtain(Path dir, long targetBytes) throws IOException, SQLException {
        Files.createDirectories(dir);
        Path db = dir.resolve("codec-sample-" + targetBytes + "-v" + GENERATOR_VERSION + ".db");
        if (!Files.isRegularFile(db)) {
            Path building = dir.resolve(db.getFileName() + ".building");
            Files.deleteIfExists(building);
            Files.deleteIfExists(building.resolveSibling(building.getFileName() + "-journal"));
            generate(building, targetBytes);
            Files.move(building, db, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            return new SampleDatabase(db, count(c, "customers"), count(c, "orders"), count(c, "documents"));
        }
    }

    private static void generate(Path file, long targetBytes) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA page_size = " + PAGE_SIZE);
                s.execute("PRAGMA journal_mode = DELETE");
                s.execute("PRAGMA synchronous = OFF");
                s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL"
                        + " UNIQUE, city TEXT NOT NULL, signed_up_at INTEGER NOT NULL)");
                s.execute("CREATE INDEX customers_city ON customers (city)");
                s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES"
                        + " customers (id), placed_at INTEGER NOT NULL, status TEXT NOT NULL, total_cents INTEGER"
                        + " NOT NULL, note TEXT)");
                s.execute("CREATE INDEX orders_customer ON orders (customer_id, placed_at)");
                s.execute("CREATE INDEX orders_status ON orders (status)");
                s.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES"
                        + " orders (id), kind TEXT NOT NULL, body BLOB NOT NULL)");
                s.execute("CREATE INDEX documents_order ON documents (order_id)");
            }
            c.setAutoCommit(false);
            SplittableRandom random = new SplittableRandom(20_260_101L);
            Generator g = new Generator(random);
            try (PreparedStatement customers = c.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement orders = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement documents = c.prepareStatement("INSERT INTO documents VALUES (?, ?, ?, ?)")) {
                while (pageCount(c) * PAGE_SIZE < targetBytes) {
                    g.batch(customers, orders, documents);
                    c.commit();
                }
            }
        }
    }

    /** Writes rows batch by batch; owned by the generating thread. */
    private static final class Generator {
        private final SplittableRandom random;
        private long customerId;
        private long orderId;
        private long documentId;
        private long clock = EPOCH_MILLIS;

        Generator(SplittableRandom random) {
            this.random = random;
        }

        /** Adds 50 customers, 500 orders and 60 documents. */
        void batch(PreparedStatement customers, PreparedStatement orders, PreparedStatement documents)
                throws SQLException {
            for (int i = 0; i < 50; i++) {
                customerId++;
                String first = pick(FIRST);
                String last = pick(LAST);
                customers.setLong(1, customerId);
                customers.setString(2, first + " " + last);
                String email = first + "." + last + "+" + customerId + "@example.com";
                customers.setString(3, email.toLowerCase(Locale.ROOT));
                customers.setString(4, pick(CITIES));
                customers.setLong(5, clock += random.nextInt(60_000));
                customers.addBatch();
            }
            customers.executeBatch();
            for (int i = 0; i < 500; i++) {
                orderId++;
                orders.setLong(1, orderId);
                orders.setLong(2, 1 + random.nextLong(customerId));
                orders.setLong(3, clock += random.nextInt(6_000));
                orders.setString(4, pick(STATUSES));
                orders.setLong(5, 100 + random.nextLong(250_000));
                orders.setString(6, random.nextInt(3) == 0 ? sentence(4 + random.nextInt(20)) : null);
                orders.addBatch();
            }
            orders.executeBatch();
            for (int i = 0; i < 60; i++) {
                documentId++;
                boolean scan = random.nextBoolean();
                documents.setLong(1, documentId);
                documents.setLong(2, 1 + random.nextLong(orderId));
                documents.setString(3, scan ? "scan.jpg" : "invoice.json");
                documents.setBytes(4, scan ? noise(500 + random.nextInt(7_500)) : invoice());
                documents.addBatch();
            }
            documents.executeBatch();
        }

        private byte[] noise(int length) {
            byte[] b = new byte[length];
            random.nextBytes(b);
            return b;
        }

        private byte[] invoice() {
            StringBuilder json = new StringBuilder("{\"currency\":\"EUR\",\"lines\":[");
            int lines = 1 + random.nextInt(40);
            for (int i = 0; i < lines; i++) {
                json.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(10_000 + random.nextInt(90_000))
                        .append("\",\"quantity\":").append(1 + random.nextInt(9)).append(",\"unit_cents\":")
                        .append(50 + random.nextInt(20_000)).append(",\"description\":\"")
                        .append(sentence(3 + random.nextInt(8))).append("\"}");
            }
            return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        }

        private String sentence(int words) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < words; i++) {
                s.append(i == 0 ? "" : " ").append(pick(WORDS));
            }
            return s.toString();
        }

        private String pick(String[] values) {
            return values[random.nextInt(values.length)];
        }
    }

    private static long pageCount(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA page_count")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }
}
