package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.EncodedLtx;
import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.ltx.LtxEncoder;
import io.github.ltxkit.ltx.LtxHeader;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.UploadContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;

/**
 * Plays Litestream's primary in tests: a plain SQLite file changed with SQL, and {@link #publish()} uploads what
 * changed since the last publish as the next level-0 LTX file (the first publish is a snapshot), the way
 * Litestream's writer does: changed pages, plus every page when the database grows past the old size.
 */
final class LocalPrimary implements AutoCloseable {
    private final Path db;
    private final ReplicaClient client;
    private final Connection connection;
    private byte[] published = new byte[0];
    private long txid;
    private int snapshotLevel = 0;

    LocalPrimary(Path dir, ReplicaClient client) throws SQLException {
        this.db = dir.resolve("primary-" + System.nanoTime() + ".db");
        this.client = client;
        this.connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (Statement s = connection.createStatement()) {
            s.execute("pragma journal_mode=delete");
        }
    }

    /** Publishes the first snapshot at level 9 instead of level 0. */
    LocalPrimary snapshotsAtLevel9() {
        snapshotLevel = LtxFileKey.SNAPSHOT_LEVEL;
        return this;
    }

    LocalPrimary sql(String... statements) {
        try (Statement s = connection.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    Connection connection() {
        return connection;
    }

    long txid() {
        return txid;
    }

    /** Uploads the changes since the last publish as TXID {@code txid + 1}; returns the new TXID. */
    long publish() {
        try {
            byte[] now = Files.readAllBytes(db);
            int pageSize = Files.exists(db) ? DatabaseFilesAccess.pageSize(now) : 4096;
            long commit = now.length / pageSize;
            long next = txid + 1;
            boolean snapshot = next == 1;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            LtxHeader header = LtxHeader.withoutChecksums(pageSize, commit, snapshot ? 1 : next, next,
                    System.currentTimeMillis());
            LtxEncoder e = LtxEncoder.create(out, header);
            long oldCommit = published.length / pageSize;
            long lock = Ltx.lockPgno(pageSize);
            for (long p = 1; p <= commit; p++) {
                if (p == lock) {
                    continue;
                }
                int off = (int) ((p - 1) * pageSize);
                boolean changed = snapshot || p > oldCommit
                        || !Arrays.equals(now, off, off + pageSize, published, off, off + pageSize);
                if (changed) {
                    e.writePage(p, now, off);
                }
            }
            EncodedLtx encoded = e.finish();
            int level = snapshot ? snapshotLevel : 0;
            client.createIfAbsent(LtxFileKey.of(level, header.minTxid(), next),
                    UploadContent.of(out.toByteArray()), Instant.ofEpochMilli(header.timestamp()));
            published = now;
            txid = next;
            return encoded.header().maxTxid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs SQL and publishes it as one TXID. */
    long commit(String... statements) {
        sql(statements);
        return publish();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** Reads the page size from a database image's header. */
    static final class DatabaseFilesAccess {
        static int pageSize(byte[] image) {
            if (image.length < 100) {
                return 4096;
            }
            int raw = ((image[16] & 0xff) << 8) | (image[17] & 0xff);
            return raw == 1 ? 65536 : raw;
        }
    }
}
