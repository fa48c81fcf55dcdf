package io.github.ltxkit.cli;

import io.github.ltxkit.ltx.DatabaseFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Checks and reads the SQLite database files commands take as input. Stateless. */
final class Databases {
    private Databases() {
    }

    /** Work on a database file that may be a consistent copy of the one given. */
    @FunctionalInterface
    interface DatabaseWork<T> {
        T apply(Path db) throws IOException;
    }

    /**
     * Fails unless {@code db} is a readable SQLite database file: a missing file is a local error, anything else
     * that is not a database is a format error naming the problem.
     */
    static void requireDatabase(Path db) throws IOException {
        if (!Files.exists(db)) {
            throw new NoSuchFileException(db.toString());
        }
        if (!Files.isRegularFile(db)) {
            throw new CliException(ExitCodes.FORMAT, db + " is not a regular file");
        }
        if (!Files.isReadable(db)) {
            throw new java.nio.file.AccessDeniedException(db.toString());
        }
        try {
            DatabaseFiles.pageSize(db);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FORMAT, e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} on {@code db}, or, when a non-empty {@code -wal} file lies beside it (committed pages the
     * database file does not hold yet), on a consistent copy made with {@code VACUUM INTO}.
     */
    static <T> T withConsistentCopy(Path db, DatabaseWork<T> work) throws IOException {
        Path wal = Path.of(db + "-wal");
        if (!Files.exists(wal) || Files.size(wal) == 0) {
            return work.apply(db);
        }
        Path dir = Files.createTempDirectory("ltxkit-copy-");
        Path copy = dir.resolve("copy.db");
        try {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db.toAbsolutePath() + "?mode=ro");
                 Statement s = c.createStatement()) {
                s.execute("vacuum into '" + copy.toString().replace("'", "''") + "'");
            } catch (SQLException e) {
                throw new CliException(ExitCodes.FORMAT, "cannot copy " + db + " with its -wal consistently: "
                        + e.getMessage(), e);
            }
            return work.apply(copy);
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(dir);
        }
    }
}
