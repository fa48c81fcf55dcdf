package io.github.ltxkit.sqlite;

import java.io.IOException;

/**
 * A VFS callback failed with a specific SQLite result code. Any other exception thrown by a {@link MainFile} or
 * {@link VfsHandler} is reported with the method's generic code ({@code SQLITE_IOERR_READ} for a read, and so
 * on). The message is kept for the application: it is the last VFS error of the calling thread
 * ({@link SqliteEngine#lastError()}) and, for PRAGMAs, the error SQLite reports.
 */
public final class SqliteVfsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int resultCode;

    private SqliteVfsException(int resultCode, String message, Throwable cause) {
        super(message, cause);
        this.resultCode = resultCode;
    }

    /** The lock or resource is held by someone else ({@code SQLITE_BUSY}); a busy timeout retries. */
    public static SqliteVfsException busy(String message) {
        return new SqliteVfsException(SqliteAbi.BUSY, message, null);
    }

    /** The database does not accept writes ({@code SQLITE_READONLY}). */
    public static SqliteVfsException readOnly(String message) {
        return new SqliteVfsException(SqliteAbi.READONLY, message, null);
    }

    /** The file cannot be opened ({@code SQLITE_CANTOPEN}). */
    public static SqliteVfsException cantOpen(String message, Throwable cause) {
        return new SqliteVfsException(SqliteAbi.CANTOPEN, message, cause);
    }

    /** A generic error ({@code SQLITE_ERROR}); for PRAGMAs the message becomes SQLite's error message. */
    public static SqliteVfsException error(String message, Throwable cause) {
        return new SqliteVfsException(SqliteAbi.ERROR, message, cause);
    }

    /** Returns the SQLite result code reported for this failure. */
    public int resultCode() {
        return resultCode;
    }
}
