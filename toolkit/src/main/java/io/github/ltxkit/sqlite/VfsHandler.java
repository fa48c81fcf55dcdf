package io.github.ltxkit.sqlite;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Java side of a registered SQLite VFS. Main database files are opened by the handler; journals, temporary
 * databases and other auxiliary files are given to SQLite's native file system VFS at a local path the handler
 * chooses, so their I/O never enters Java. Implementations are thread-safe.
 */
public interface VfsHandler {

    /**
     * Opens a main database file.
     *
     * @param name          the file name SQLite was given, without URI parameters
     * @param uriParameters the URI query parameters of the filename, in order
     * @param flags         the open flags
     * @throws SqliteVfsException with {@code SQLITE_CANTOPEN} and a message naming the problem
     */
    MainFile openMainFile(String name, Map<String, String> uriParameters, OpenFlags flags) throws IOException;

    /**
     * Returns the local path where the auxiliary file {@code name} (a rollback journal such as
     * {@code app.db-journal}, or a super-journal) lives. The same name must always map to the same path.
     */
    Path auxiliaryFilePath(String name);
}
