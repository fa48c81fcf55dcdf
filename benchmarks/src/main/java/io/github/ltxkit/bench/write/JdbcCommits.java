package io.github.ltxkit.bench.write;

import io.github.ltxkit.bench.support.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Times small commits on one JDBC connection in autocommit mode: each {@link CommitSql#INSERT} is timed on its own
 * with {@link System#nanoTime()} around {@code executeUpdate}, with the statement prepared once beforehand. Used
 * by one thread; closing it closes the statement, not the connection.
 */
final class JdbcCommits implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement insert;

    /** Prepares the insert on {@code connection}, which must already hold the table. */
    JdbcCommits(Connection connection) throws SQLException {
        this.connection = connection;
        if (!connection.getAutoCommit()) {
            throw new SQLException("the commit benchmark needs a connection in autocommit mode");
        }
        this.insert = connection.prepareStatement(CommitSql.INSERT);
    }

    /** Commits {@code count} rows, one transaction each, and returns each commit's latency in milliseconds. */
    List<Double> commit(int count) throws SQLException {
        List<Double> ms = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            int rows = insert.executeUpdate();
            long took = System.nanoTime() - start;
            if (rows != 1) {
                throw new SQLException("an insert changed " + rows + " rows, not 1");
            }
            ms.add(took / 1e6);
        }
        return ms;
    }

    /** Returns the database's {@code pragma} value, for the facts ({@code synchronous}, {@code journal_mode}). */
    String pragma(String name) throws SQLException {
        return Jdbc.queryString(connection, "pragma " + name);
    }

    /** Returns the database's size in pages. */
    long pageCount() throws SQLException {
        return Jdbc.queryLong(connection, "pragma page_count");
    }

    @Override
    public void close() throws SQLException {
        insert.close();
    }
}
