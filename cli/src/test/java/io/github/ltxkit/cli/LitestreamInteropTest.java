package io.github.ltxkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.interop.Availability;
import io.github.ltxkit.interop.LitestreamConfig;
import io.github.ltxkit.interop.LitestreamVfs;
import io.github.ltxkit.interop.SqlResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with the real Litestream VFS (litestream-vfs-linux-amd64 0.5.17) through the embedded S3
 * server, in both directions: Litestream writes and ltxkit lists, verifies and restores; ltxkit seeds and
 * Litestream reads. Skipped, with the reason, where the Litestream VFS cannot run.
 */
class LitestreamInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static LitestreamVfs litestream;

    @TempDir
    Path dir;

    @BeforeAll
    static void detectLitestream() {
        Availability availability = LitestreamVfs.detect();
        Assumptions.assumeTrue(availability.isAvailable(), availability.reason());
        litestream = availability.vfs();
    }

    @Test
    void litestreamWritesInWriteModeAndLtxkitListsVerifiesAndRestoresTheSameRows() throws Exception {
        String url = SharedS3.url(SharedS3.newBucket(), "litestream/app");
        LitestreamConfig writer = LitestreamConfig.builder(url).writerSyncingOnClose().credentials(
                SharedS3.server().credentials().accessKeyId(), SharedS3.server().credentials().secretAccessKey())
                .build();
        // One sqlite3 process per batch: each closes the database, and Litestream uploads one L0 file.
        for (int n = 1; n <= InteropData.BATCHES; n++) {
            litestream.run(writer, InteropData.batch(n), TIMEOUT).requireSuccess();
        }

        Cli.Result ls = Cli.run(SharedS3.env(), "ls", url);
        Cli.Result verify = Cli.run(SharedS3.env(), "ltx", "verify", url);
        Path restored = dir.resolve("restored.db");
        Cli.Result restore = Cli.run(SharedS3.env(), "restore", url, restored.toString());
        Path restoredAt2 = dir.resolve("restored-at-2.db");
        Cli.Result restoreAt2 = Cli.run(SharedS3.env(), "restore", "--txid", "2", url, restoredAt2.toString());

        assertThat(ls.status()).as(ls.toString()).isZero();
        assertThat(ls.out()).contains("level 0: " + InteropData.BATCHES + " files,");
        assertThat(ls.out().lines().filter(l -> l.startsWith("0 "))).hasSize(InteropData.BATCHES);
        assertThat(verify.status()).as(verify.toString()).isZero();
        assertThat(verify.out().lines()).hasSize(InteropData.BATCHES).allMatch(l -> l.contains(": OK (TXID "));
        assertThat(restore.status()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("TXID 0000000000000001-0000000000000005 from 5 files");
        assertThat(DbRows.integrity(restored)).isEqualTo("ok");
        List<String> rows = DbRows.all(restored);
        assertThat(rows).hasSizeGreaterThan(400).isEqualTo(DbRows.all(InteropData.reference(dir.resolve("ref.db"),
                InteropData.BATCHES)));
        assertThat(restoreAt2.status()).as(restoreAt2.toString()).isZero();
        assertThat(DbRows.all(restoredAt2)).isEqualTo(DbRows.all(InteropData.reference(dir.resolve("ref2.db"), 2)));
    }

    @Test
    void ltxkitSeedsADatabaseAndTheLitestreamVfsReadsTheSameRows() throws Exception {
        Path db = InteropData.reference(dir.resolve("seed.db"), InteropData.BATCHES);
        String url = SharedS3.url(SharedS3.newBucket(), "seeded/app");

        Cli.Result seed = Cli.run(SharedS3.env(), "seed", db.toString(), url);

        assertThat(seed.status()).as(seed.toString()).isZero();
        LitestreamConfig reader = LitestreamConfig.builder(url).credentials(
                SharedS3.server().credentials().accessKeyId(), SharedS3.server().credentials().secretAccessKey())
                .build();
        List<String> queries = InteropData.queries();
        SqlResult result = litestream.run(reader, String.join(";\n", queries) + ";\npragma integrity_check;",
                TIMEOUT).requireSuccess();
        List<List<String>> litestreamRows = result.rows();
        List<List<String>> expected = new ArrayList<>();
        for (String query : queries) {
            expected.addAll(query(db, query));
        }
        expected.add(List.of("ok"));
        assertThat(litestreamRows).hasSizeGreaterThan(400).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertSameRow(litestreamRows.get(i), expected.get(i), i);
        }
    }

    /** Compares one row; reals may print differently in two SQLite versions, so numbers compare as numbers. */
    private static void assertSameRow(List<String> actual, List<String> expected, int row) {
        assertThat(actual).as("row %d", row).hasSameSizeAs(expected);
        for (int c = 0; c < expected.size(); c++) {
            String a = actual.get(c);
            String e = expected.get(c);
            if (a != null && e != null && !a.equals(e) && isNumber(a) && isNumber(e)) {
                assertThat(Double.parseDouble(a)).as("row %d column %d", row, c).isEqualTo(Double.parseDouble(e));
            } else {
                assertThat(a).as("row %d column %d", row, c).isEqualTo(e);
            }
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<List<String>> query(Path db, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
