package io.github.ltxkit.cli;

import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.ltx.LtxEncoder;
import io.github.ltxkit.ltx.LtxHeader;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.UploadContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;

/**
 * A SQLite database changed with SQL whose states become a replica's LTX files, as a Litestream primary would
 * write them: the first as a snapshot, each later one with the pages that changed (and every page past the old
 * end). Each file gets the creation time the test gives it.
 */
final class Primary implements AutoCloseable {
    private final Path db;
    private final ReplicaClient client;
    private final Connection connection;
    private byte[] published = new byte[0];
    private long txid;

    Primary(Path db, ReplicaClient client) throws SQLException {
        this.db = db;
        this.client = client;
        this.connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (Statement s = connection.createStatement()) {
            s.execute("pragma journal_mode=delete");
        }
    }

    Path db() {
        return db;
    }

    long txid() {
        return txid;
    }

    Primary sql(String... statements) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
        return this;
    }

    /** Uploads the changes since the last publish as the next TXID at level 0, created at {@code createdAt}. */
    long publish(Instant createdAt) throws IOException {
        return publish(0, createdAt);
    }

    /** Uploads the changes since the last publish as the next TXID at {@code level}. */
    long publish(int level, Instant createdAt) throws IOException {
        byte[] now = Files.readAllBytes(db);
        int raw = ((now[16] & 0xff) << 8) | (now[17] & 0xff);
        int pageSize = raw == 1 ? 65536 : raw;
        long commit = now.length / pageSize;
        long next = txid + 1;
        boolean snapshot = next == 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LtxHeader header = LtxHeader.withoutChecksums(pageSize, commit, snapshot ? 1 : next, next,
                createdAt.toEpochMilli());
        LtxEncoder encoder = LtxEncoder.create(out, header);
        long oldCommit = published.length / pageSize;
        for (long p = 1; p <= commit; p++) {
            if (p == Ltx.lockPgno(pageSize)) {
                continue;
            }
            int off = (int) ((p - 1) * pageSize);
            if (snapshot || p > oldCommit || !Arrays.equals(now, off, off + pageSize, published, off, off + pageSize)) {
                encoder.writePage(p, now, off);
            }
        }
        encoder.finish();
        client.createIfAbsent(LtxFileKey.of(level, header.minTxid(), next), UploadContent.of(out.toByteArray()),
                createdAt);
        published = now;
        txid = next;
        return next;
    }

    /** Uploads a full snapshot of the current state at level 9, {@code 1-<txid>}, without advancing the TXID. */
    void snapshotAtLevel9(Instant createdAt) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        io.github.ltxkit.ltx.DatabaseFiles.toSnapshot(db, out,
                new io.github.ltxkit.ltx.DatabaseFiles.SnapshotOptions(txid, createdAt.toEpochMilli(), false));
        client.createIfAbsent(LtxFileKey.of(LtxFileKey.SNAPSHOT_LEVEL, 1, txid), UploadContent.of(out.toByteArray()),
                createdAt);
    }

    /** Returns a copy of the database as it is now. */
    Path copyTo(Path target) throws IOException {
        return Files.copy(db, target);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
