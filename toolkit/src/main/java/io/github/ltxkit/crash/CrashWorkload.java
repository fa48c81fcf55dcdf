package io.github.ltxkit.crash;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a child process does against the database until it is killed: one transaction per sequence number. A
 * workload must have a public no-argument constructor (the child creates it by class name) and must commit each
 * transaction before {@link #transaction} returns, so every transaction the harness counts is committed locally.
 */
public interface CrashWorkload {
    /** Prepares the database once, before the first transaction (for example creates tables if missing). */
    default void prepare(Connection connection) throws SQLException {
    }

    /** Runs and commits transaction number {@code seq} (1, 2, 3, ...). */
    void transaction(Connection connection, long seq) throws SQLException;
}
