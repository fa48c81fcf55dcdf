package io.github.ltxkit.bench.write;

import io.github.ltxkit.interop.LitestreamSession;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Times small commits through the real Litestream VFS in one long-running {@code sqlite3} process (a
 * {@link LitestreamSession} in write mode), two ways:
 *
 * <ul>
 *   <li>round trips: each {@link CommitSql#INSERT} is sent on its own and timed from the Java side until the shell
 *       has printed the marker after it, so each sample holds the commit plus one pipe round trip to the shell,
 *       which {@link #emptyRoundTrips} measures alone;</li>
 *   <li>a batch: many inserts in one piece of SQL between two readings of SQLite's own clock, which gives their
 *       mean without any round trip (SQLite's clock has a resolution of 1 ms, small beside the whole batch).</li>
 * </ul>
 *
 * Used by one thread.
 */
final class LitestreamCommits {
    /** A statement that runs and prints nothing: the round trip alone. */
    static final String NOTHING = "select 1 where 0";
    private static final String CLOCK = "select (julianday('now') - 2440587.5) * 86400000.0";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final LitestreamSession session;

    LitestreamCommits(LitestreamSession session) {
        this.session = session;
    }

    /** Commits {@code count} rows, one round trip each, and returns each round trip in milliseconds. */
    List<Double> roundTrips(int count) {
        return timeEach(CommitSql.INSERT, count);
    }

    /** Runs {@link #NOTHING} {@code count} times and returns each round trip in milliseconds. */
    List<Double> emptyRoundTrips(int count) {
        return timeEach(NOTHING, count);
    }

    /** Commits {@code count} rows in one batch of SQL and returns the mean commit in milliseconds, by SQLite's clock. */
    double batchMean(int count) {
        StringBuilder sql = new StringBuilder(CLOCK).append(";\n");
        for (int i = 0; i < count; i++) {
            sql.append(CommitSql.INSERT).append(";\n");
        }
        sql.append(CLOCK).append(";\n");
        List<List<String>> rows = session.query(sql.toString(), TIMEOUT);
        if (rows.size() != 2) {
            throw new IllegalStateException("a batch of " + count + " commits printed " + rows.size()
                    + " rows, not the 2 clock readings: " + rows);
        }
        double start = Double.parseDouble(rows.get(0).get(0));
        double end = Double.parseDouble(rows.get(1).get(0));
        if (end < start) {
            throw new IllegalStateException("SQLite's clock went back during a batch: " + start + " then " + end);
        }
        return (end - start) / count;
    }

    /** Returns the value of {@code pragma name}. */
    String pragma(String name) {
        return single("pragma " + name);
    }

    /** Returns the database's size in pages. */
    long pageCount() {
        return Long.parseLong(single("pragma page_count"));
    }

    private String single(String sql) {
        List<List<String>> rows = session.query(sql, TIMEOUT);
        if (rows.size() != 1 || rows.getFirst().size() != 1) {
            throw new IllegalStateException("\"" + sql + "\" printed " + rows + ", not one value");
        }
        return rows.getFirst().getFirst();
    }

    private List<Double> timeEach(String sql, int count) {
        List<Double> ms = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            List<List<String>> rows = session.query(sql, TIMEOUT);
            long took = System.nanoTime() - start;
            if (!rows.isEmpty()) {
                throw new IllegalStateException("\"" + sql + "\" printed " + rows + ", expected nothing");
            }
            ms.add(took / 1e6);
        }
        return ms;
    }
}
