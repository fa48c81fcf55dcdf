package io.github.ltxkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Rules for the files commands write: never overwrite without {@code --force}, write beside the target and rename
 * into place, and for a database also mind SQLite's side files (a stale {@code -wal} next to a fresh database would
 * corrupt it). Stateless.
 */
final class OutputFiles {
    private static final List<String> DATABASE_SIDE_FILES = List.of("-wal", "-shm", "-journal");

    private OutputFiles() {
    }

    /**
     * Checks that {@code out} may be written: its directory exists, and it does not exist unless {@code force}.
     * For a database, its side files count as the database.
     */
    static void checkWritable(Path out, boolean force, boolean database) {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new CliException(ExitCodes.LOCAL_IO, "cannot write " + out + ": directory " + parent
                    + " does not exist");
        }
        if (Files.isDirectory(out)) {
            throw new CliException(ExitCodes.CONFLICT, out + " is a directory");
        }
        if (force) {
            return;
        }
        if (Files.exists(out)) {
            throw new CliException(ExitCodes.CONFLICT, out + " already exists (use --force to replace it)");
        }
        if (database) {
            for (String suffix : DATABASE_SIDE_FILES) {
                Path side = Path.of(out + suffix);
                if (Files.exists(side)) {
                    throw new CliException(ExitCodes.CONFLICT, side + " already exists (use --force to replace the "
                            + "database and its side files)");
                }
            }
        }
    }

    /** Returns a fresh temporary file beside {@code out}, on the same file system so a rename is atomic. */
    static Path tempBeside(Path out) throws IOException {
        Path abs = out.toAbsolutePath();
        return Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
    }

    /** Renames {@code tmp} onto {@code out} atomically, replacing it; for a database, deletes stale side files. */
    static void moveIntoPlace(Path tmp, Path out, boolean database) throws IOException {
        if (database) {
            for (String suffix : DATABASE_SIDE_FILES) {
                Files.deleteIfExists(Path.of(out + suffix));
            }
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
