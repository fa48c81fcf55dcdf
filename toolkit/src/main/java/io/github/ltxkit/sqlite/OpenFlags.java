package io.github.ltxkit.sqlite;

/**
 * The flags SQLite passed to {@code xOpen} for a main database file.
 *
 * @param readOnly the caller asked for a read-only connection ({@code mode=ro})
 * @param create   the caller allows creating the database
 * @param raw      the raw {@code SQLITE_OPEN_*} bits
 */
public record OpenFlags(boolean readOnly, boolean create, int raw) {
    static OpenFlags of(int flags) {
        return new OpenFlags((flags & SqliteAbi.OPEN_READONLY) != 0, (flags & SqliteAbi.OPEN_CREATE) != 0, flags);
    }
}
