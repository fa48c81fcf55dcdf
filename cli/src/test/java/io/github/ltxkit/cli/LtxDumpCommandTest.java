package io.github.ltxkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.ltx.DatabaseChecksum;
import io.github.ltxkit.ltx.DatabaseFiles;
import io.github.ltxkit.ltx.EncodedLtx;
import io.github.ltxkit.ltx.Ltx;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LtxDumpCommandTest {
    @TempDir
    Path dir;

    private Path db;
    private Path ltx;
    private EncodedLtx encoded;

    @BeforeEach
    void snapshot() throws Exception {
        db = DbRows.create(dir.resolve("app.db"), 60);
        ltx = dir.resolve("0000000000000001-0000000000000001.ltx");
        try (OutputStream out = Files.newOutputStream(ltx)) {
            encoded = DatabaseFiles.toSnapshot(db, out, new DatabaseFiles.SnapshotOptions(1, 1_763_700_000_000L,
                    false));
        }
    }

    @Test
    void printsTheHeaderTheIndexPositionAndTheVerifiedChecksums() {
        Cli.Result r = Cli.run("ltx", "dump", ltx.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines()).contains(
                "file:                " + ltx,
                "flags:               0x00000002 (no checksums)",
                "page size:           4096",
                "commit:              " + encoded.header().commit() + " pages (" + Progress.bytes(
                        encoded.header().commit() * 4096) + ")",
                "TXID range:          0000000000000001-0000000000000001 (snapshot)",
                "timestamp:           2025-11-21T04:40:00Z (1763700000000 ms)",
                "pre-apply checksum:  0000000000000000",
                "WAL:                 offset 0, size 0, salts 00000000/00000000",
                "node id:             0",
                "page index:          offset " + encoded.pageIndex().indexStart() + ", "
                        + (encoded.size() - encoded.pageIndex().indexStart() - 24) + " bytes",
                "post-apply checksum: 0000000000000000 (not tracked)",
                "file checksum:       " + Ltx.formatChecksum(encoded.fileChecksum()) + " (verified)",
                "file size:           " + encoded.size() + " bytes");
        assertThat(r.out()).doesNotContain("PGNO");
    }

    @Test
    void pagesListsEveryFrameWithItsOffsetSizeAndPageChecksum() throws Exception {
        Cli.Result r = Cli.run("ltx", "dump", "--pages", ltx.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().dropWhile(l -> !l.startsWith("PGNO")).toList();
        assertThat(lines.getFirst()).startsWith("PGNO       OFFSET       FRAME      PAYLOAD    ENCODING  PAGE_CHECKSUM");
        assertThat(lines).hasSize(1 + (int) encoded.header().commit());
        byte[] image = Files.readAllBytes(db);
        for (int i = 0; i < encoded.pageIndex().size(); i++) {
            long pgno = encoded.pageIndex().pgno(i);
            byte[] page = Arrays.copyOfRange(image, (int) (pgno - 1) * 4096, (int) pgno * 4096);
            String[] cols = lines.get(i + 1).split("\\s+");
            assertThat(cols).containsExactly(Long.toString(pgno), Long.toString(encoded.pageIndex().offset(i)),
                    Integer.toString(encoded.pageIndex().frameSize(i)),
                    Integer.toString(encoded.pageIndex().frameSize(i) - 10), "lz4-block",
                    Ltx.formatChecksum(DatabaseChecksum.pageChecksum(pgno, page)));
        }
    }

    @Test
    void aCorruptPageIsNamedWithItsOffsetAfterTheHeader() throws Exception {
        byte[] bytes = Files.readAllBytes(ltx);
        long frame = encoded.pageIndex().offset(1);
        bytes[(int) frame + 6] = 0x7f; // the compressed size of page 2
        Files.write(ltx, bytes);

        Cli.Result r = Cli.run("ltx", "dump", ltx.toString());

        assertThat(r.status()).isEqualTo(ExitCodes.FORMAT);
        assertThat(r.out()).contains("TXID range:          0000000000000001-0000000000000001 (snapshot)");
        assertThat(r.err()).startsWith("ltxkit ltx dump: " + ltx + ": offset " + (frame + 6) + ": page 2: compressed "
                + "size ").hasLineCount(1);
    }

    @Test
    void aFileThatIsNotLtxIsAFormatError() throws Exception {
        Files.writeString(dir.resolve("x.ltx"), "SQLite format 3\0 and more bytes to fill the header of an LTX file"
                + " which must be one hundred bytes long at least.......");

        Cli.Result r = Cli.run("ltx", "dump", dir.resolve("x.ltx").toString());

        assertThat(r.status()).isEqualTo(ExitCodes.FORMAT);
        assertThat(r.err()).isEqualTo("ltxkit ltx dump: " + dir.resolve("x.ltx") + ": offset 0: magic: not an LTX "
                + "file: 0x53514c69, want 0x4c545831 (\"LTX1\")\n");
    }

    @Test
    void aMissingFileIsALocalError() {
        Cli.Result r = Cli.run("ltx", "dump", dir.resolve("missing.ltx").toString());

        assertThat(r.status()).isEqualTo(ExitCodes.LOCAL_IO);
        assertThat(r.err()).isEqualTo("ltxkit ltx dump: no such file: " + dir.resolve("missing.ltx") + "\n");
    }
}
