package io.github.ltxkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.UploadContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedCommandTest {
    @TempDir
    Path dir;

    @Test
    void seedsADatabaseIntoS3AsLitestreamsFirstSync() throws Exception {
        Path db = DbRows.create(dir.resolve("app.db"), 150);
        String url = SharedS3.url(SharedS3.newBucket(), "seeded");

        Cli.Result r = Cli.run(SharedS3.env(), "seed", db.toString(), url);

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("seeded s3://").contains(": L0/0000000000000001-0000000000000001.ltx, ");
        try (Replica replica = SharedS3.open(url)) {
            List<LtxFileInfo> files = Replicas.listAll(replica.client());
            assertThat(files).extracting(LtxFileInfo::key).containsExactly(LtxFileKey.of(0, 1, 1));
        }
        Path restored = dir.resolve("restored.db");
        Cli.Result restore = Cli.run(SharedS3.env(), "restore", url, restored.toString());
        assertThat(restore.status()).as(restore.toString()).isZero();
        assertThat(Files.readAllBytes(restored)).isEqualTo(Files.readAllBytes(db));
    }

    @Test
    void aSqlScriptIsBuiltIntoADatabaseFirst() throws Exception {
        Path script = Files.writeString(dir.resolve("schema.sql"), """
                -- two tables
                create table a(id integer primary key, v text);
                insert into a(v) values ('x'), ('y;z');
                create table b(n);
                insert into b with recursive c(n) as (select 1 union all select n + 1 from c where n < 50) select n from c;
                """);
        Path replica = dir.resolve("replica");

        Cli.Result r = Cli.run("seed", script.toString(), replica.toString());
        Cli.Result restore = Cli.run("restore", replica.toString(), dir.resolve("out.db").toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(restore.status()).as(restore.toString()).isZero();
        assertThat(DbRows.all(dir.resolve("out.db"))).startsWith("a: Integer:1|String:x", "a: Integer:2|String:y;z")
                .hasSize(52);
    }

    @Test
    void aFailingScriptNamesItsLine() throws Exception {
        Path script = Files.writeString(dir.resolve("bad.sql"), "create table a(x);\n\ninsert into nope values (1);\n");

        Cli.Result r = Cli.run("seed", script.toString(), dir.resolve("replica").toString());

        assertThat(r.status()).isEqualTo(ExitCodes.FORMAT);
        assertThat(r.err()).startsWith("ltxkit seed: " + script + ":3: ").contains("no such table: nope")
                .hasLineCount(1);
        assertThat(dir.resolve("replica/ltx/0")).doesNotExist();
    }

    @Test
    void refusesAReplicaThatAlreadyHoldsFiles() throws Exception {
        Path db = DbRows.create(dir.resolve("app.db"), 5);
        String url = SharedS3.url(SharedS3.newBucket(), "taken");
        try (Replica replica = SharedS3.open(url)) {
            replica.client().createIfAbsent(LtxFileKey.of(0, 1, 1), UploadContent.of(new byte[] {1}), Instant.now());
        }

        Cli.Result r = Cli.run(SharedS3.env(), "seed", db.toString(), url);

        assertThat(r.status()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(r.err()).isEqualTo("ltxkit seed: replica " + io.github.ltxkit.replica.ReplicaUrl.parse(url)
                + " is not empty: it holds 1 file, the first L0/0000000000000001-0000000000000001.ltx; seed never "
                + "overwrites a replica\n");
    }

    @Test
    void aFileThatIsNotADatabaseIsAFormatError() throws Exception {
        Path notDb = Files.write(dir.resolve("x.db"), new byte[300]);

        Cli.Result r = Cli.run("seed", notDb.toString(), dir.resolve("replica").toString());

        assertThat(r.status()).isEqualTo(ExitCodes.FORMAT);
        assertThat(r.err()).contains("not a SQLite database");
    }

    @Test
    void progressIsDrawnOnlyWhenAskedOrOnATerminal() throws Exception {
        Path db = DbRows.create(dir.resolve("app.db"), 200);
        AtomicLong clock = new AtomicLong();
        java.util.function.LongSupplier slowClock = () -> clock.addAndGet(300_000_000L);

        Cli.Result asked = Cli.run(java.util.Map.of(), false, slowClock, "seed", "--progress", db.toString(),
                dir.resolve("r1").toString());
        Cli.Result terminal = Cli.run(java.util.Map.of(), true, slowClock, "seed", db.toString(),
                dir.resolve("r2").toString());
        Cli.Result piped = Cli.run(java.util.Map.of(), false, slowClock, "seed", db.toString(),
                dir.resolve("r3").toString());
        Cli.Result refused = Cli.run(java.util.Map.of(), true, slowClock, "seed", "--no-progress", db.toString(),
                dir.resolve("r4").toString());

        assertThat(asked.status()).as(asked.toString()).isZero();
        assertThat(asked.err()).startsWith("\ruploading [").contains("100%").endsWith("\n");
        assertThat(terminal.err()).startsWith("\ruploading [");
        assertThat(piped.err()).isEmpty();
        assertThat(refused.err()).isEmpty();
    }
}
