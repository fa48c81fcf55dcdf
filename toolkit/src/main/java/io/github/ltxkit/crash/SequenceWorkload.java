package io.github.ltxkit.crash;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The default crash workload: transaction {@code n} inserts row {@code n} into {@code crash_log(seq, payload)},
 * so what survived a crash is a prefix of 1, 2, 3, ... exactly when no committed transaction was lost or torn.
 */
public final class SequenceWorkload implements CrashWorkload {
    /** Creates the workload. */
    public SequenceWorkload() {
    }

    @Override
    public void prepare(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("create table if not exists crash_log(seq integer primary key, payload blob not null)");
        }
    }

    @Override
    public void transaction(Connection connection, long seq) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "insert into crash_log(seq, payload) values (?, randomblob(200 + ? % 3000))")) {
            p.setLong(1, seq);
            p.setLong(2, seq);
            p.executeUpdate();
        }
    }
}
