package io.github.ltxkit.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What one {@code sqlite3} run through the Litestream VFS produced: its exit status, its output and Litestream's
 * log.
 *
 * <p>The harness runs {@code sqlite3} in list mode with control characters as separators, so {@link #rows()} can
 * split the output exactly: values may contain newlines, quotes and the usual separators. SQL {@code NULL} becomes
 * {@code null}. Blobs print as raw bytes, so select {@code hex(column)} for them. Reals print with 15 significant
 * digits ({@code sqlite3}'s {@code %!.15g}). Immutable.
 *
 * @param exitCode the exit status of {@code sqlite3}; 0 when every statement succeeded
 * @param stdout   the raw standard output (rows separated by {@link #ROW_SEPARATOR}, values by
 *                 {@link #VALUE_SEPARATOR})
 * @param stderr   the standard error: {@code sqlite3}'s error messages, e.g. {@code Runtime error near line 3: ...}
 * @param log      what Litestream logged during the run
 * @param elapsed  how long the process ran
 */
public record SqlResult(int exitCode, String stdout, String stderr, String log, Duration elapsed) {
    /** Ends each row in the output (ASCII record separator). */
    public static final char ROW_SEPARATOR = '\u001E';
    /** Separates the values of a row (ASCII unit separator). */
    public static final char VALUE_SEPARATOR = '\u001F';
    /** Stands for SQL {@code NULL} in the output (ASCII cancel). */
    public static final String NULL_MARKER = "\u0018";

    private static final String SPLIT_VALUES = java.util.regex.Pattern.quote(String.valueOf(VALUE_SEPARATOR));

    /** Checks the fields. */
    public SqlResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Returns whether {@code sqlite3} exited with status 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * Returns this result if {@code sqlite3} succeeded.
     *
     * @throws LitestreamException with the exit status, standard error and the tail of Litestream's log otherwise
     */
    public SqlResult requireSuccess() {
        if (!succeeded()) {
            throw new LitestreamException(failureMessage("sqlite3 with the Litestream VFS failed with exit status "
                    + exitCode, stderr, log));
        }
        return this;
    }

    /** Returns the rows every query printed, in order; each row's values as strings, {@code null} for NULL. */
    public List<List<String>> rows() {
        return parseRows(stdout);
    }

    /**
     * Returns the single value of a query that printed one row with one column.
     *
     * @throws IllegalStateException if the output is not exactly one value
     */
    public String singleValue() {
        List<List<String>> rows = rows();
        if (rows.size() != 1 || rows.getFirst().size() != 1) {
            throw new IllegalStateException("expected one row with one value, got " + rows);
        }
        return rows.getFirst().getFirst();
    }

    /** Splits list-mode output into rows of values. */
    static List<List<String>> parseRows(String output) {
        List<List<String>> rows = new ArrayList<>();
        int start = 0;
        while (start < output.length()) {
            int end = output.indexOf(ROW_SEPARATOR, start);
            if (end < 0) {
                end = output.length();
            }
            String record = output.substring(start, end);
            List<String> values = new ArrayList<>(Arrays.asList(record.split(SPLIT_VALUES, -1)));
            values.replaceAll(v -> NULL_MARKER.equals(v) ? null : v);
            rows.add(Collections.unmodifiableList(values));
            start = end + 1;
        }
        return Collections.unmodifiableList(rows);
    }

    static String failureMessage(String what, String stderr, String log) {
        StringBuilder sb = new StringBuilder(what);
        String err = ProcessRunner.tail(stderr, 5);
        sb.append(err.isEmpty() ? "; no error output" : "; stderr: " + err);
        String logTail = ProcessRunner.tail(log, 5);
        if (!logTail.isEmpty()) {
            sb.append("; litestream log: ").append(logTail);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "SqlResult[exitCode=" + exitCode + ", rows=" + rows().size() + ", stderr=" + ProcessRunner.tail(stderr, 2)
                + ", elapsed=" + elapsed.toMillis() + " ms]";
    }
}
