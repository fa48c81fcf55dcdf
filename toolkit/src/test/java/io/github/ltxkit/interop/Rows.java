package io.github.ltxkit.interop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads {@link SampleData#QUERIES} on either side: through JDBC (ltxkit, or the SQLite inside the JVM) and through
 * the real Litestream VFS. Both give rows as lists of strings, NULL as {@code null}. Stateless.
 */
final class Rows {
    private Rows() {
    }

    /** What a Litestream read-only connection returned: the rows and {@code pragma integrity_check}. */
    record LitestreamRead(List<List<String>> rows, String integrity) {
    }

    /** Runs every query in one read transaction and returns their rows, in order. */
    static List<List<String>> read(Connection c) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("begin");
            try {
                for (String query : SampleData.QUERIES) {
                    try (ResultSet rs = s.executeQuery(query)) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            List<String> row = new ArrayList<>(columns);
                            for (int i = 1; i <= columns; i++) {
                                row.add(rs.getString(i));
                            }
                            rows.add(row);
                        }
                    }
                }
            } finally {
                s.execute("commit");
            }
        }
        return rows;
    }

    /**
     * Runs every query in one read transaction of a new Litestream process, then {@code pragma integrity_check}
     * (reporting every problem, not only the first 100).
     */
    static LitestreamRead readWithLitestream(LitestreamVfs litestream, LitestreamConfig reader, Duration timeout) {
        String sql = "begin;\n" + String.join(";\n", SampleData.QUERIES)
                + ";\ncommit;\npragma integrity_check(100000);\n";
        List<List<String>> all = litestream.run(reader, sql, timeout).requireSuccess().rows();
        if (all.isEmpty()) {
            throw new IllegalStateException("litestream printed nothing, not even the integrity check");
        }
        StringBuilder integrity = new StringBuilder();
        int end = all.size();
        // integrity_check prints "ok" or one row per problem; data rows all start with a table name.
        while (end > 0 && all.get(end - 1).size() == 1) {
            integrity.insert(0, all.get(end - 1).getFirst() + (integrity.isEmpty() ? "" : "\n"));
            end--;
        }
        return new LitestreamRead(List.copyOf(all.subList(0, end)), integrity.toString());
    }

    /** Returns a SHA-256 digest of rows, to tell states apart cheaply. */
    static String digest(List<List<String>> rows) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (List<String> row : rows) {
                for (String value : row) {
                    sha.update(value == null ? new byte[] {0} : ("\u0001" + value).getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0x1f);
                }
                sha.update((byte) 0x1e);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }
}
