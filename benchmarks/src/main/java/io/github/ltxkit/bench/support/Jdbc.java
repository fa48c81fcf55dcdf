package io.github.ltxkit.bench.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small JDBC calls the scenarios share. Stateless. */
public final class Jdbc {
    private Jdbc() {
    }

    /** Runs each statement in turn. */
    public static void execute(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /**
     * Returns the first column of the first row of {@code sql} as text.
     *
     * @throws SQLException naming the query if it returns no row
     */
    public static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            if (!r.next()) {
                throw new SQLException("no row from: " + sql);
            }
            return r.getString(1);
        }
    }

    /** Returns the first column of the first row of {@code sql} as a number (0 for NULL). */
    public static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            if (!r.next()) {
                throw new SQLException("no row from: " + sql);
            }
            return r.getLong(1);
        }
    }
}
