package io.github.ltxkit.junit.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} of one test database: each {@link #getConnection()} opens a new connection, and every
 * connection it handed out that is still open is closed with it at the end of its scope. Thread-safe: the list of
 * connections is guarded by {@code this}.
 */
final class TrackingDataSource implements DataSource, AutoCloseable {
    private final ManagedDatabase database;
    /** Guarded by {@code this}. */
    private final List<Connection> handedOut = new ArrayList<>();
    /** Guarded by {@code this}. */
    private boolean closed;
    /** Guarded by {@code this}: kept for callers that set it; never written to. */
    private PrintWriter logWriter;

    TrackingDataSource(ManagedDatabase database) {
        this.database = database;
    }

    @Override
    public Connection getConnection() throws SQLException {
        synchronized (this) {
            if (closed) {
                throw new SQLException("the data source of " + database.label + " is closed: its scope ended");
            }
            handedOut.removeIf(TrackingDataSource::isClosed);
        }
        Connection c = database.connect();
        synchronized (this) {
            if (closed) {
                c.close();
                throw new SQLException("the data source of " + database.label + " is closed: its scope ended");
            }
            handedOut.add(c);
        }
        return c;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    /** Closes every connection still open; later calls to {@link #getConnection()} fail. */
    @Override
    public void close() throws SQLException {
        List<Connection> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(handedOut);
            handedOut.clear();
        }
        SQLException problem = null;
        for (Connection c : open) {
            try {
                c.close();
            } catch (SQLException e) {
                if (problem == null) {
                    problem = e;
                } else {
                    problem.addSuppressed(e);
                }
            }
        }
        if (problem != null) {
            throw problem;
        }
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    @Override
    public synchronized PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public synchronized void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // connections open locally; there is no login to time out
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "DataSource[" + database.handle.jdbcUrl() + "]";
    }
}
