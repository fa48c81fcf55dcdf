package io.github.ltxkit.vfs;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.Function;

/**
 * Litestream's SQL functions on a connection opened through ltxkit's API: {@code litestream_txid()},
 * {@code litestream_lag()} (an integer), {@code litestream_time()} and {@code litestream_set_time(t)}. Each runs
 * the matching PRAGMA on the same connection, so functions and PRAGMAs always agree. Stateless.
 */
final class LitestreamFunctions {
    private LitestreamFunctions() {
    }

    static void install(Connection connection) throws SQLException {
        Function.create(connection, "litestream_txid", pragma(connection, "litestream_txid", false), 0,
                0);
        Function.create(connection, "litestream_lag", pragma(connection, "litestream_lag", true), 0, 0);
        Function.create(connection, "litestream_time", pragma(connection, "litestream_time", false), 0, 0);
        Function.create(connection, "litestream_set_time", new Function() {
            @Override
            protected void xFunc() throws SQLException {
                String target = value_text(0);
                if (target == null) {
                    throw new SQLException("litestream_set_time needs a time, e.g. '5 minutes ago' or 'LATEST'");
                }
                try (Statement s = connection.createStatement()) {
                    s.execute("pragma litestream_time = '" + target.replace("'", "''") + "'");
                }
                result();
            }
        }, 1, 0);
    }

    private static Function pragma(Connection connection, String name, boolean integer) {
        return new Function() {
            @Override
            protected void xFunc() throws SQLException {
                try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("pragma " + name)) {
                    String v = r.next() ? r.getString(1) : null;
                    if (v == null) {
                        result();
                    } else if (integer) {
                        result(Long.parseLong(v));
                    } else {
                        result(v);
                    }
                }
            }
        };
    }
}
