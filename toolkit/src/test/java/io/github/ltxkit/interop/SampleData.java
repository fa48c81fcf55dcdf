package io.github.ltxkit.interop;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Deterministic transactions for the interoperability tests, run the same way by the real Litestream VFS (in the
 * {@code sqlite3} shell) and by ltxkit (through JDBC): four tables (one WITHOUT ROWID), three indexes, Unicode text,
 * exact reals, NULLs, blobs that overflow pages, then updates and deletes that touch many pages at once.
 *
 * <p>Every value is a literal (text as {@code cast(x'..' as text)}), so a batch gives the same rows in any SQLite
 * and needs no quoting on the shell's standard input. {@link #QUERIES} read every row in a form both sides print
 * identically. Stateless.
 */
final class SampleData {
    /** Reads every row of every table; each row starts with its table's name. Run them in one transaction. */
    static final List<String> QUERIES = List.of(
            "select 'users', id, hex(name), hex(email), typeof(score), printf('%.3f', score), typeof(avatar),"
                    + " hex(avatar) from users order by id",
            "select 'events', id, user_id, hex(kind), typeof(payload), hex(payload), at from events order by id",
            "select 'tags', hex(name), typeof(weight), printf('%.3f', weight) from tags order by name",
            "select 'notes', id, hex(body) from notes order by id");

    private SampleData() {
    }

    /**
     * Returns the statements of batch {@code n} (1 or more), wrapped in {@code begin}/{@code commit}. Batches 1 to 7
     * differ in kind (schema and inserts, overflowing blobs, updates and deletes, mass deletes); from 8 on each
     * inserts, updates and deletes a little.
     */
    static List<String> batch(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("batches start at 1: " + n);
        }
        Random random = new Random(4000 + n);
        List<String> sql = new ArrayList<>();
        sql.add("begin");
        switch (n) {
            case 1 -> {
                sql.add("create table users(id integer primary key, name text not null, email text unique,"
                        + " score real, avatar blob)");
                sql.add("create index users_by_score on users(score, name)");
                sql.add("create table events(id integer primary key, user_id integer not null, kind text,"
                        + " payload blob, at integer)");
                sql.add("create index events_by_user on events(user_id, at)");
                sql.add("create table tags(name text primary key, weight real) without rowid");
                sql.add("create table notes(id integer primary key, body text)");
                users(sql, random, 1, 120);
            }
            case 2 -> events(sql, random, 150);
            case 3 -> {
                users(sql, random, 121, 240);
                for (int i = 0; i < 60; i++) {
                    sql.add("insert into tags values (" + text("tag-" + i + (i % 4 == 0 ? " \u00fcber" : ""))
                            + ", " + (i * 0.5) + ")");
                }
            }
            case 4 -> {
                sql.add("update users set score = score * 2, name = name || " + text(" (\u00e9dit\u00e9)")
                        + " where id % 3 = 0");
                sql.add("delete from events where id % 10 = 0");
                sql.add("update tags set weight = null where name like 'tag-1%'");
                sql.add("delete from users where id in (7, 77, 177)");
            }
            case 5 -> {
                events(sql, random, 100);
                notes(sql, random, 1, 40);
            }
            case 6 -> {
                sql.add("delete from events where id % 2 = 1");
                sql.add("update users set avatar = null where id % 5 = 0");
                sql.add("delete from tags where weight > 20");
            }
            case 7 -> {
                sql.add("update events set payload = zeroblob(0) where id % 4 = 0");
                sql.add("update notes set body = body || body where id % 2 = 0");
                users(sql, random, 241, 300);
            }
            default -> {
                events(sql, random, 30);
                sql.add("update users set score = coalesce(score, 0) + " + n + " where id % " + (n % 7 + 2) + " = 0");
                sql.add("delete from events where id % 13 = " + (n % 13));
                notes(sql, random, 1000 * n, 1000 * n + 9);
            }
        }
        sql.add("commit");
        return List.copyOf(sql);
    }

    /** Returns batch {@code n} as one script for the {@code sqlite3} shell. */
    static String script(int n) {
        return String.join(";\n", batch(n)) + ";\n";
    }

    /** Runs statements one by one on a JDBC connection in auto-commit mode. */
    static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /**
     * Returns the rows of {@link #QUERIES} after each of batches 1 to {@code upTo}, applied to an in-memory database
     * by the SQLite inside the JVM: element {@code i} is the state after batch {@code i + 1}.
     */
    static List<List<List<String>>> referenceStates(int upTo) throws SQLException {
        List<List<List<String>>> states = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            for (int n = 1; n <= upTo; n++) {
                execute(c, batch(n));
                states.add(Rows.read(c));
            }
        }
        return states;
    }

    private static void users(List<String> sql, Random random, int from, int to) {
        for (int id = from; id <= to; id++) {
            String name = "user " + id + switch (id % 5) {
                case 0 -> " \u00e9l\u00e8ve";
                case 1 -> " \u4e16\u754c";
                case 2 -> " \uD83D\uDE80 rocket";
                case 3 -> " it's \"quoted\"";
                default -> "\nsecond line|pipe";
            };
            String email = id % 11 == 0 ? "null" : text("u" + id + "@example.\u00e7om");
            String score = id % 9 == 0 ? "null" : Double.toString(id * 0.125 - 3);
            String avatar = id % 4 == 0 ? "null" : blob(random, id % 6 == 0 ? 5000 + random.nextInt(5000)
                    : 1 + random.nextInt(300));
            sql.add("insert into users values (" + id + ", " + text(name) + ", " + email + ", " + score + ", "
                    + avatar + ")");
        }
    }

    private static void events(List<String> sql, Random random, int count) {
        for (int i = 0; i < count; i++) {
            String kind = i % 3 == 0 ? "login" : i % 3 == 1 ? "purchase \u20ac" : "logout \u2713";
            int size = i % 10 == 0 ? 4500 + random.nextInt(4000) : random.nextInt(900);
            sql.add("insert into events(user_id, kind, payload, at) values (" + (1 + random.nextInt(240)) + ", "
                    + text(kind) + ", " + (i % 17 == 0 ? "null" : blob(random, size)) + ", "
                    + (1_763_700_000_000L + random.nextInt(1_000_000)) + ")");
        }
    }

    private static void notes(List<String> sql, Random random, int from, int to) {
        for (int id = from; id <= to; id++) {
            StringBuilder body = new StringBuilder("note ").append(id).append(" \u00bd \u65e5\u672c ");
            int words = random.nextInt(60);
            for (int w = 0; w < words; w++) {
                body.append((char) ('a' + random.nextInt(26))).append("\u00df ");
            }
            sql.add("insert into notes values (" + id + ", " + (id % 8 == 0 ? "null" : text(body.toString())) + ")");
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
