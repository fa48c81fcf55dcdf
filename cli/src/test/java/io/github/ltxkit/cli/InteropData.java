package io.github.ltxkit.cli;

import io.github.ltxkit.seed.SqlScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Deterministic SQL batches for the interoperability tests: three tables (one WITHOUT ROWID), an index, a few
 * hundred rows with Unicode text, blobs that overflow pages, exact reals, NULLs, then updates and deletes. Every
 * value is a literal, so the same batch gives the same rows in any SQLite.
 */
final class InteropData {
    /** The number of batches; each one becomes one Litestream sync. */
    static final int BATCHES = 5;

    private InteropData() {
    }

    /** Returns the SQL of batch {@code n} (1 to {@link #BATCHES}). */
    static String batch(int n) {
        Random random = new Random(1000 + n);
        StringBuilder sql = new StringBuilder("begin;\n");
        switch (n) {
            case 1 -> {
                sql.append("create table users(id integer primary key, name text not null, score real, avatar blob);\n");
                sql.append("create table events(id integer primary key, user_id integer not null, kind text, "
                        + "payload blob, at integer);\n");
                sql.append("create index events_by_user on events(user_id, at);\n");
                sql.append("create table tags(name text primary key, weight real) without rowid;\n");
                users(sql, random, 1, 100);
            }
            case 2 -> events(sql, random, 150);
            case 3 -> {
                users(sql, random, 101, 200);
                for (int i = 0; i < 40; i++) {
                    sql.append("insert into tags values (").append(text("tag-" + i + (i % 4 == 0 ? " \u00fcber" : "")))
                            .append(", ").append(i * 0.5).append(");\n");
                }
            }
            case 4 -> sql.append("update users set score = score * 2, name = name || ' (edited)' where id % 3 = 0;\n")
                    .append("delete from events where id % 10 = 0;\n")
                    .append("update tags set weight = null where name like 'tag-1%';\n")
                    .append("delete from users where id in (7, 77, 177);\n");
            case 5 -> events(sql, random, 100);
            default -> throw new IllegalArgumentException("no batch " + n);
        }
        return sql.append("commit;\n").toString();
    }

    /** Applies batches 1 to {@code upTo} to a new database at {@code db} with the SQLite inside the JVM. */
    static Path reference(Path db, int upTo) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("pragma journal_mode=delete");
            for (int n = 1; n <= upTo; n++) {
                for (SqlScript.Statement statement : new SqlScript("batch " + n, batch(n)).statements()) {
                    s.execute(statement.sql());
                }
            }
        }
        return db;
    }

    /** The queries the Litestream side answers, one per table, every column in a version-independent form. */
    static List<String> queries() {
        return List.of(
                "select id, hex(name), score, quote(avatar) from users order by id",
                "select id, user_id, hex(kind), quote(payload), at from events order by id",
                "select hex(name), weight from tags order by name");
    }

    private static void users(StringBuilder sql, Random random, int from, int to) {
        for (int id = from; id <= to; id++) {
            String name = "user " + id + switch (id % 5) {
                case 0 -> " \u00e9l\u00e8ve";
                case 1 -> " \u4e16\u754c";
                case 2 -> " \uD83D\uDE80 rocket";
                case 3 -> " it's \"quoted\"";
                default -> "\nsecond line|pipe";
            };
            sql.append("insert into users values (").append(id).append(", ").append(text(name)).append(", ")
                    .append(id % 9 == 0 ? "null" : Double.toString(id * 0.125 - 3)).append(", ")
                    .append(id % 4 == 0 ? "null" : blob(random, 1 + random.nextInt(id % 6 == 0 ? 9000 : 200)))
                    .append(");\n");
        }
    }

    private static void events(StringBuilder sql, Random random, int count) {
        for (int i = 0; i < count; i++) {
            sql.append("insert into events(user_id, kind, payload, at) values (").append(1 + random.nextInt(200))
                    .append(", ").append(text(i % 3 == 0 ? "login" : i % 3 == 1 ? "purchase" : "logout \u2713"))
                    .append(", ").append(blob(random, random.nextInt(6000))).append(", ")
                    .append(1_763_700_000_000L + random.nextInt(1_000_000)).append(");\n");
        }
    }

    private static String text(String s) {
        return "cast(x'" + HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8)) + "' as text)";
    }

    private static String blob(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return "x'" + HexFormat.of().formatHex(b) + "'";
    }
}
