package io.github.ltxkit.bench.read;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Point lookups on the sample database's {@code orders} table by its {@code INTEGER PRIMARY KEY} (the rowid, so one
 * B-tree descent), with the rows a local copy expects, so every side's answer is checked. The ids are drawn at
 * random (seeded) from the table. Immutable after construction.
 */
final class PointLookups {
    /** The query, with the key as its only parameter. */
    static final String SQL = "select id, customer_id, placed_at, status, total_cents from orders where id = ?";

    private final long orders;
    private final long[] ids;
    private final Map<Long, String> expected;

    private PointLookups(long orders, long[] ids, Map<Long, String> expected) {
        this.orders = orders;
        this.ids = ids;
        this.expected = expected;
    }

    /** Draws {@code count} distinct ids of {@code database}'s orders and reads their rows from the local file. */
    static PointLookups draw(Path database, int count, long seed) throws SQLException {
        try (Connection c = DriverManager.getConnection(localUrl(database))) {
            long orders;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select max(id) from orders")) {
                r.next();
                orders = r.getLong(1);
            }
            if (orders < count) {
                throw new IllegalArgumentException(database + " has " + orders + " orders, fewer than the " + count
                        + " lookups wanted");
            }
            long[] ids = new SplittableRandom(seed).longs(0, orders).distinct().limit(count).map(i -> i + 1)
                    .toArray();
            Map<Long, String> expected = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                for (long id : ids) {
                    expected.put(id, lookup(ps, id));
                }
            }
            return new PointLookups(orders, ids, expected);
        }
    }

    /** Returns the JDBC URL of a local database file, opened read-only. */
    static String localUrl(Path database) {
        return "jdbc:sqlite:file:" + database.toAbsolutePath() + "?mode=ro";
    }

    /** Returns the number of orders (their ids are 1 to this). */
    long orders() {
        return orders;
    }

    /** Returns the ids, in draw order. */
    long[] ids() {
        return ids.clone();
    }

    /** Returns the ids shuffled (seeded), a new order for each pass. */
    long[] shuffled(long seed) {
        long[] s = ids.clone();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = s.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        return s;
    }

    /** Runs the lookup of {@code id} on {@code ps} and returns its row as {@code sqlite3} prints it (a|b|c). */
    static String lookup(PreparedStatement ps, long id) throws SQLException {
        ps.setLong(1, id);
        try (ResultSet r = ps.executeQuery()) {
            if (!r.next()) {
                return "";
            }
            return r.getLong(1) + "|" + r.getLong(2) + "|" + r.getLong(3) + "|" + r.getString(4) + "|"
                    + r.getLong(5);
        }
    }

    /** Checks a row against the local file's. */
    void check(long id, String row, String side) {
        String want = expected.get(id);
        if (!row.equals(want)) {
            throw new IllegalStateException(side + ": order " + id + " is \"" + row + "\", want \"" + want + "\"");
        }
    }

    /** Returns the lookups of {@code ids} as {@code sqlite3} shell statements, one per line. */
    static String shellStatements(long[] ids) {
        StringBuilder sql = new StringBuilder(ids.length * 100);
        for (long id : ids) {
            sql.append(SQL.replace("?", Long.toString(id))).append(";\n");
        }
        return sql.toString();
    }

    /** Checks the lines a shell printed for {@code shellStatements(ids)}. */
    void checkShellOutput(long[] ids, List<String> lines, String side) {
        if (lines.size() != ids.length) {
            throw new IllegalStateException(side + ": " + ids.length + " lookups printed " + lines.size() + " rows");
        }
        for (int i = 0; i < ids.length; i++) {
            check(ids[i], lines.get(i), side);
        }
    }

    /**
     * Times each lookup of one pass over {@code order} on {@code ps}, checking every row, and returns the median
     * latency in microseconds.
     */
    double medianMicros(PreparedStatement ps, long[] order, String side) throws SQLException {
        long[] nanos = new long[order.length];
        List<String> rows = new ArrayList<>(order.length);
        for (int i = 0; i < order.length; i++) {
            long start = System.nanoTime();
            String row = lookup(ps, order[i]);
            nanos[i] = System.nanoTime() - start;
            rows.add(row);
        }
        for (int i = 0; i < order.length; i++) {
            check(order[i], rows.get(i), side);
        }
        Arrays.sort(nanos);
        int mid = nanos.length / 2;
        double median = nanos.length % 2 == 1 ? nanos[mid] : (nanos[mid - 1] + nanos[mid]) / 2.0;
        return median / 1e3;
    }
}
