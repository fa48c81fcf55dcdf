package io.github.ltxkit.seed;

import io.github.ltxkit.ltx.DatabaseFiles;
import io.github.ltxkit.ltx.EncodedLtx;
import io.github.ltxkit.ltx.LtxDecoder;
import io.github.ltxkit.ltx.LtxFileSummary;
import io.github.ltxkit.ltx.TxRange;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.UploadContent;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts databases into replicas: a SQLite file as a snapshot, a SQL script built into one first, a Litestream
 * replica directory copied as it is, or one replica copied into another. Stateless and thread-safe.
 *
 * <p>A seeded snapshot is written as Litestream's first sync writes it, {@code 0000000000000001-...0001.ltx} at
 * level 0, without database checksums. Seeding refuses a replica that already holds files.
 */
public final class Seeder {
    private Seeder() {
    }

    /**
     * Uploads a snapshot of the SQLite database file {@code db} to an empty replica. A database in WAL mode (or
     * with a {@code -wal} file beside it) is first copied consistently with {@code VACUUM INTO}.
     *
     * @return what was written
     * @throws IOException naming the file if it is not a SQLite database, or the replica if it is not empty
     */
    public static EncodedLtx seedDatabase(Path db, ReplicaClient target) throws IOException {
        requireEmpty(target);
        Path source = db;
        Path copy = null;
        if (Files.exists(Path.of(db + "-wal")) || journalModeIsWal(db)) {
            copy = Files.createTempFile("ltxkit-seed-", ".db");
            Files.delete(copy);
            vacuumInto(db, copy);
            source = copy;
        }
        Path ltx = Files.createTempFile("ltxkit-seed-", ".ltx");
        try {
            EncodedLtx encoded;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(ltx), 1 << 16)) {
                encoded = DatabaseFiles.toSnapshot(source, out, DatabaseFiles.SnapshotOptions.litestream());
            }
            target.createIfAbsent(LtxFileKey.of(0, 1, 1), UploadContent.of(ltx),
                    Instant.ofEpochMilli(encoded.header().timestamp()));
            return encoded;
        } finally {
            Files.deleteIfExists(ltx);
            if (copy != null) {
                Files.deleteIfExists(copy);
            }
        }
    }

    /**
     * Builds a new database file {@code out} by running {@code script}, statement by statement.
     *
     * @throws SqlScriptException naming the script, the line and SQLite's message if a statement fails
     */
    public static void buildDatabase(SqlScript script, Path out) throws IOException {
        Files.deleteIfExists(out);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out); Statement s = c.createStatement()) {
            s.execute("pragma journal_mode = delete");
            for (SqlScript.Statement statement : script.statements()) {
                try {
                    s.execute(statement.sql());
                } catch (SQLException e) {
                    throw new SqlScriptException(script.name(), statement.line(), statement.sql(), e);
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot create " + out + ": " + e.getMessage(), e);
        }
    }

    /** Builds a database from {@code script} and seeds {@code target} with it. */
    public static EncodedLtx seedScript(SqlScript script, ReplicaClient target) throws IOException {
        Path db = Files.createTempFile("ltxkit-script-", ".db");
        try {
            buildDatabase(script, db);
            return seedDatabase(db, target);
        } finally {
            Files.deleteIfExists(db);
        }
    }

    /**
     * Copies the LTX files of a replica directory into {@code target}, verifying each one first. The directory may
     * use Litestream's file layout ({@code ltx/<level>/<name>.ltx}), the S3 layout ({@code <%04x level>/<name>})
     * or hold the files directly (level 0).
     *
     * @return the number of files copied
     * @throws io.github.ltxkit.ltx.LtxFormatException naming the file, offset and field of a corrupt file
     */
    public static int copyDirectory(Path directory, ReplicaClient target) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("not a directory: " + directory);
        }
        requireEmpty(target);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".ltx")).sorted().toList();
        }
        int copied = 0;
        for (Path file : files) {
            TxRange range = TxRange.parseFileName(file.getFileName().toString()).orElse(null);
            if (range == null) {
                continue;
            }
            int level = level(directory, file);
            LtxFileSummary summary;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                summary = LtxDecoder.verify(in, file.toString());
            }
            if (!summary.header().txRange().equals(range)) {
                throw new IOException(file + ": the header says " + summary.header().txRange()
                        + " but the file name says " + range);
            }
            target.createIfAbsent(new LtxFileKey(level, range), UploadContent.of(file),
                    Instant.ofEpochMilli(summary.header().timestamp()));
            copied++;
        }
        if (copied == 0) {
            throw new IOException("no LTX files (<min>-<max>.ltx) in " + directory);
        }
        return copied;
    }

    private static int level(Path root, Path file) throws IOException {
        Path parent = root.relativize(file).getParent();
        if (parent == null) {
            return 0;
        }
        String name = parent.getFileName().toString();
        try {
            int level = name.length() == 4 ? Integer.parseInt(name, 16) : Integer.parseInt(name);
            if (level >= 0 && level <= LtxFileKey.MAX_LEVEL) {
                return level;
            }
        } catch (NumberFormatException e) {
            // not a level directory
        }
        throw new IOException(file + " is not in a level directory (ltx/<level>/ or <%04x>/)");
    }

    /** Copies every file of {@code source} into {@code target}, streaming, keeping levels and creation times. */
    public static int copyReplica(ReplicaClient source, ReplicaClient target) throws IOException {
        List<LtxFileInfo> all = new ArrayList<>();
        for (int level = 0; level <= LtxFileKey.MAX_LEVEL; level++) {
            all.addAll(source.list(level, 0));
        }
        for (LtxFileInfo f : all) {
            target.createIfAbsent(f.key(), UploadContent.of(f.size(), () -> source.open(f.key())), f.createdAt());
        }
        return all.size();
    }

    private static void requireEmpty(ReplicaClient target) throws IOException {
        for (int level = 0; level <= LtxFileKey.MAX_LEVEL; level++) {
            List<LtxFileInfo> files = target.list(level, 0);
            if (!files.isEmpty()) {
                throw new IOException("replica " + target.describe() + " is not empty (it has " + files.getFirst()
                        .key() + "); seeding never overwrites a replica");
            }
        }
    }

    private static boolean journalModeIsWal(Path db) throws IOException {
        byte[] head = new byte[20];
        try (InputStream in = Files.newInputStream(db)) {
            if (in.readNBytes(head, 0, 20) < 20) {
                return false;
            }
        }
        return head[18] == 2 || head[19] == 2;
    }

    private static void vacuumInto(Path db, Path out) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             Statement s = c.createStatement()) {
            s.execute("vacuum into '" + out.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IOException("cannot read " + db + " consistently: " + e.getMessage(), e);
        }
    }
}
