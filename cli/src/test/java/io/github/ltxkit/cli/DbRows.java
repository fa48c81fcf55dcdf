package io.github.ltxkit.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads databases for comparisons: every row of every table, values typed exactly (blobs as hex). */
final class DbRows {
    private DbRows() {
    }

    /** Returns "table: value|value|..." lines for every row of every user table, in table and rowid order. */
    static List<String> all(Path db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select name from sqlite_schema where type = 'table' and name not "
                    + "like 'sqlite_%' order by name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("select * from \"" + table + "\" order by 1")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder sb = new StringBuilder(table).append(':');
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            sb.append(i == 1 ? " " : "|").append(v instanceof byte[] b ? "x'"
                                    + HexFormat.of().formatHex(b) + "'" : v == null ? "NULL" : v.getClass()
                                    .getSimpleName() + ":" + v);
                        }
                        rows.add(sb.toString());
                    }
                }
            }
        }
        return rows;
    }

    /** Returns the result of {@code pragma integrity_check}. */
    static String integrity(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("pragma integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Creates a database with three tables, an index and {@code rows} rows of mixed types. */
    static Path create(Path db, int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("pragma journal_mode=delete");
            s.execute("create table users(id integer primary key, name text not null, score real, avatar blob)");
            s.execute("create table events(id integer primary key, user_id integer, kind text, at integer)");
            s.execute("create index events_by_user on events(user_id)");
            s.execute("create table tags(name text primary key, weight real) without rowid");
            s.execute("begin");
            for (int i = 1; i <= rows; i++) {
                s.execute("insert into users values (" + i + ", 'user " + i + " \u00e9\u4e16', " + (i * 0.25)
                        + ", " + (i % 7 == 0 ? "null" : "randomblob(" + (i % 5 * 300) + ")") + ")");
                s.execute("insert into events(user_id, kind, at) values (" + i + ", 'login', " + (1_700_000_000_000L
                        + i) + ")");
            }
            for (int i = 0; i < 20; i++) {
                s.execute("insert into tags values ('tag" + i + "', " + (i / 8.0) + ")");
            }
            s.execute("commit");
        }
        return db;
    }
}
