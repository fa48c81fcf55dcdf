package io.github.ltxkit.sqlite;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A main database file as one SQLite connection sees it: the Java side of {@code sqlite3_file}.
 *
 * <p>SQLite calls these methods on the thread that runs the connection's statement, never concurrently for one
 * file; different files (connections) are called from different threads at once. A method may throw
 * {@link SqliteVfsException} to return a specific result code; any other exception becomes the method's generic
 * I/O error code. Nothing thrown here can crash the JVM.
 */
public interface MainFile {

    /**
     * Reads {@code dst.remaining()} bytes at {@code offset} into {@code dst} (a view of SQLite's buffer, valid only
     * during the call). Returns how many bytes exist there; the bridge zero-fills the rest and reports a short read.
     */
    int read(ByteBuffer dst, long offset) throws IOException;

    /** Writes {@code src.remaining()} bytes at {@code offset} (a view of SQLite's buffer, valid only during the call). */
    void write(ByteBuffer src, long offset) throws IOException;

    /** Sets the file's size to {@code size} bytes. */
    void truncate(long size) throws IOException;

    /** Makes written data durable ({@code flags} are SQLite's {@code SQLITE_SYNC_*} bits). */
    void sync(int flags) throws IOException;

    /** Returns the file's size in bytes. */
    long size() throws IOException;

    /** Raises the lock to {@code level}; returns {@code false} if another connection holds a conflicting lock. */
    boolean lock(LockLevel level) throws IOException;

    /** Lowers the lock to {@code level} ({@link LockLevel#SHARED} or {@link LockLevel#NONE}). */
    void unlock(LockLevel level) throws IOException;

    /** Returns whether any connection holds a RESERVED or higher lock on this database. */
    boolean reservedLockHeld() throws IOException;

    /** Offers a {@code PRAGMA name} or {@code PRAGMA name = value} ({@code value} is {@code null} when reading). */
    PragmaResult pragma(String name, String value) throws IOException;

    /** SQLite committed a write transaction: its journal is finalized and the commit is durable to SQLite. */
    void commitPhaseTwo() throws IOException;

    /** Returns whether the file refuses writes; reported to SQLite as a read-only open. */
    boolean readOnly();

    /** Closes the file; the connection is going away. */
    void close() throws IOException;
}
