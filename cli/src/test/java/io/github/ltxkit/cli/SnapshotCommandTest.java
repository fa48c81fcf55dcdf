package io.github.ltxkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.ltx.DatabaseFiles;
import io.github.ltxkit.ltx.LtxDecoder;
import io.github.ltxkit.ltx.LtxFileSummary;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesALitestreamStyleSnapshotThatRestoresToTheSameBytes() throws Exception {
        Path db = DbRows.create(dir.resolve("app.db"), 100);
        Path out = dir.resolve("snap.ltx");

        Cli.Result r = Cli.run("snapshot", db.toString(), out.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        LtxFileSummary summary = verify(out);
        assertThat(summary.header().hasChecksums()).isFalse();
        assertThat(summary.header().txRange().toString()).isEqualTo("0000000000000001-0000000000000001");
        assertThat(r.out()).isEqualTo("wrote " + out + ": snapshot TXID 0000000000000001-0000000000000001, "
                + summary.header().commit() + " pages of 4096 bytes, " + Files.size(out) + " bytes\n");
        Path restored = dir.resolve("restored.db");
        DatabaseFiles.restore(List.of(Files.newInputStream(out)), List.of("snap.ltx"), restored);
        assertThat(Files.readAllBytes(restored)).isEqualTo(Files.readAllBytes(db));
        assertThat(leftovers()).containsExactlyInAnyOrder("app.db", "snap.ltx", "restored.db");
    }

    @Test
    void checksumsAndTxidOptionsShapeTheHeader() throws Exception {
        Path db = DbRows.create(dir.resolve("app.db"), 10);
        Path out = dir.resolve("snap.ltx");

        Cli.Result r = Cli.run("snapshot", "--checksums", "--txid", "2a", db.toString(), out.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        LtxFileSummary summary = verify(out);
        assertThat(summary.header().hasChecksums()).isTrue();
        assertThat(summary.header().maxTxid()).isEqualTo(42);
        assertThat(summary.postApplyChecksum()).isNegative();
        assertThat(r.out()).contains("snapshot TXID 0000000000000001-000000000000002a", ", post-apply checksum ");
    }

    @Test
    void refusesToReplaceAnExistingFileUnlessForced() throws Exception {
        Path db = DbRows.create(dir.resolve("app.db"), 10);
        Path out = Files.writeString(dir.resolve("snap.ltx"), "keep me");

        Cli.Result refused = Cli.run("snapshot", db.toString(), out.toString());
        String kept = Files.readString(out);
        Cli.Result forced = Cli.run("snapshot", "--force", db.toString(), out.toString());

        assertThat(refused.status()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(refused.err()).isEqualTo("ltxkit snapshot: " + out + " already exists (use --force to replace "
                + "it)\n");
        assertThat(kept).isEqualTo("keep me");
        assertThat(forced.status()).as(forced.toString()).isZero();
        assertThat(verify(out).header().isSnapshot()).isTrue();
    }

    @Test
    void aFileThatIsNotADatabaseIsAFormatError() throws Exception {
        Path notDb = Files.writeString(dir.resolve("notes.txt"), "x".repeat(200));

        Cli.Result r = Cli.run("snapshot", notDb.toString(), dir.resolve("out.ltx").toString());

        assertThat(r.status()).isEqualTo(ExitCodes.FORMAT);
        assertThat(r.err()).isEqualTo("ltxkit snapshot: " + notDb + ": not a SQLite database: the header does not "
                + "start with \"SQLite format 3\"\n");
        assertThat(dir.resolve("out.ltx")).doesNotExist();
    }

    @Test
    void aMissingDatabaseIsALocalError() {
        Cli.Result r = Cli.run("snapshot", dir.resolve("nope.db").toString(), dir.resolve("out.ltx").toString());

        assertThat(r.status()).isEqualTo(ExitCodes.LOCAL_IO);
        assertThat(r.err()).isEqualTo("ltxkit snapshot: no such file: " + dir.resolve("nope.db") + "\n");
    }

    @Test
    void aDatabaseWithUncheckpointedWalFramesIsSnapshottedWithThem() throws Exception {
        Path db = dir.resolve("wal.db");
        Path out = dir.resolve("snap.ltx");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("pragma journal_mode=wal");
            s.execute("pragma wal_autocheckpoint=0");
            s.execute("create table t(x)");
            s.execute("insert into t values ('only in the wal')");
            assertThat(Path.of(db + "-wal")).isNotEmptyFile();

            Cli.Result r = Cli.run("snapshot", db.toString(), out.toString());

            assertThat(r.status()).as(r.toString()).isZero();
        }
        Path restored = dir.resolve("restored.db");
        DatabaseFiles.restore(List.of(Files.newInputStream(out)), List.of("snap.ltx"), restored);
        assertThat(DbRows.all(restored)).containsExactly("t: String:only in the wal");
    }

    @Test
    void aBadTxidIsAUsageError() throws Exception {
        Path db = DbRows.create(dir.resolve("app.db"), 1);

        Cli.Result r = Cli.run("snapshot", "--txid", "xyz", db.toString(), dir.resolve("o.ltx").toString());

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("ltxkit snapshot: invalid value for option '--txid': invalid TXID 'xyz': want 1 "
                + "to 16 hex digits, e.g. 0000000000000003 or 3 (see 'ltxkit snapshot --help')\n");
    }

    private static LtxFileSummary verify(Path ltx) throws Exception {
        try (InputStream in = Files.newInputStream(ltx)) {
            return LtxDecoder.verify(in, ltx.toString());
        }
    }

    private List<String> leftovers() throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
