package io.github.ltxkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.replica.DirectoryReplicaClient;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.Replica;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreCommandTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path dir;

    private Path replica;
    private DirectoryReplicaClient client;
    /** The primary's database after each TXID: states.get(n - 1) is the state at TXID n. */
    private final List<Path> states = new ArrayList<>();

    @BeforeEach
    void replicaWithFourTransactions() throws Exception {
        replica = dir.resolve("replica");
        client = new DirectoryReplicaClient(replica);
        try (Primary primary = new Primary(dir.resolve("primary.db"), client)) {
            primary.sql("create table t(id integer primary key, v text)");
            for (int txid = 1; txid <= 4; txid++) {
                primary.sql("insert into t(v) select 'tx" + txid + "-' || hex(randomblob(500)) from "
                        + "(with recursive c(n) as (select 1 union all select n + 1 from c where n < 30) select n from c)");
                primary.publish(T0.plusSeconds(60L * txid));
                states.add(primary.copyTo(dir.resolve("state" + txid + ".db")));
            }
        }
    }

    @Test
    void restoresTheLatestState() throws Exception {
        Path out = dir.resolve("out.db");

        Cli.Result r = Cli.run("restore", replica.toString(), out.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(states.get(3)));
        assertThat(r.out()).isEqualTo("restored " + replica.toUri().toString().replaceAll("/$", "") + " to " + out
                + ": TXID 0000000000000001-0000000000000004 from 4 files, " + Files.size(out) / 4096
                + " pages of 4096 bytes\n");
        assertThat(DbRows.integrity(out)).isEqualTo("ok");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".out.db"));
        }
    }

    @Test
    void restoresTheStateAfterAGivenTxid() throws Exception {
        Path out = dir.resolve("out.db");

        Cli.Result r = Cli.run("restore", "--txid", "0000000000000002", replica.toString(), out.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(states.get(1)));
    }

    @Test
    void restoresFromTheFilesCreatedBeforeATimestamp() throws Exception {
        Path out = dir.resolve("out.db");

        Cli.Result r = Cli.run("restore", "--timestamp", "2026-05-01T14:03:30+02:00", replica.toString(),
                out.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(states.get(2)));
    }

    @Test
    void usesALevel9SnapshotAndTheFilesAfterIt() throws Exception {
        Path other = dir.resolve("other");
        DirectoryReplicaClient otherClient = new DirectoryReplicaClient(other);
        try (Primary primary = new Primary(dir.resolve("p2.db"), otherClient)) {
            primary.sql("create table t(x)").publish(T0);
            primary.sql("insert into t values (1)").publish(T0.plusSeconds(1));
            primary.snapshotAtLevel9(T0.plusSeconds(2));
            otherClient.delete(List.of(LtxFileKey.of(0, 1, 1), LtxFileKey.of(0, 2, 2)));
            primary.sql("insert into t values (2)").publish(T0.plusSeconds(3));
        }
        Path out = dir.resolve("out.db");

        Cli.Result r = Cli.run("restore", other.toString(), out.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).contains("TXID 0000000000000001-0000000000000003 from 2 files");
        assertThat(DbRows.all(out)).containsExactly("t: Integer:1", "t: Integer:2");
    }

    @Test
    void refusesToReplaceTheOutputOrItsSideFilesUnlessForced() throws Exception {
        Path out = Files.writeString(dir.resolve("out.db"), "precious");
        Path wal = Files.writeString(dir.resolve("fresh.db-wal"), "stale wal");

        Cli.Result refused = Cli.run("restore", replica.toString(), out.toString());
        Cli.Result refusedWal = Cli.run("restore", replica.toString(), dir.resolve("fresh.db").toString());
        Cli.Result forced = Cli.run("restore", "--force", replica.toString(), dir.resolve("fresh.db").toString());

        assertThat(refused.status()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(refused.err()).isEqualTo("ltxkit restore: " + out + " already exists (use --force to replace it)\n");
        assertThat(out).hasContent("precious");
        assertThat(refusedWal.status()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(refusedWal.err()).contains(wal + " already exists");
        assertThat(forced.status()).as(forced.toString()).isZero();
        assertThat(wal).doesNotExist();
        assertThat(DbRows.integrity(dir.resolve("fresh.db"))).isEqualTo("ok");
    }

    @Test
    void aBadTimestampOrTwoTargetsAreUsageErrors() {
        Cli.Result badTime = Cli.run("restore", "--timestamp", "yesterday", replica.toString(),
                dir.resolve("o.db").toString());
        Cli.Result twoTargets = Cli.run("restore", "--txid", "2", "--timestamp", "2026-05-01T12:00:00Z",
                replica.toString(), dir.resolve("o.db").toString());

        assertThat(badTime.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(badTime.err()).isEqualTo("ltxkit restore: invalid value for option '--timestamp': invalid "
                + "timestamp 'yesterday': want RFC 3339 with a zone, e.g. 2026-11-21T13:33:11Z or "
                + "2026-11-21T14:33:11.250+01:00 (see 'ltxkit restore --help')\n");
        assertThat(twoTargets.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(twoTargets.err()).contains("--txid=TXID, --timestamp=TIME are mutually exclusive").hasLineCount(1);
        assertThat(dir.resolve("o.db")).doesNotExist();
    }

    @Test
    void anEmptyReplicaOrAnUnreachableTargetHasNothingToRestore() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));

        Cli.Result none = Cli.run("restore", empty.toString(), dir.resolve("a.db").toString());
        Cli.Result tooEarly = Cli.run("restore", "--timestamp", "2020-01-01T00:00:00Z", replica.toString(),
                dir.resolve("b.db").toString());
        Cli.Result tooFar = Cli.run("restore", "--txid", "9", replica.toString(), dir.resolve("c.db").toString());

        assertThat(none.status()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(none.err()).endsWith(" has no LTX files\n");
        assertThat(tooEarly.status()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(tooEarly.err()).endsWith(" has no files created before 2020-01-01T00:00:00Z\n");
        assertThat(tooFar.status()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(tooFar.err()).endsWith("to TXID 0000000000000009: its files reach 0000000000000004 and then only "
                + "past the target\n");
        assertThat(dir.resolve("a.db")).doesNotExist();
    }

    @Test
    void aGapInTheHistoryIsAFormatError() throws Exception {
        client.delete(List.of(LtxFileKey.of(0, 2, 2)));

        Cli.Result r = Cli.run("restore", replica.toString(), dir.resolve("out.db").toString());

        assertThat(r.status()).isEqualTo(ExitCodes.FORMAT);
        assertThat(r.err()).contains("non-contiguous ltx files: have up to 0000000000000001 but the next file starts "
                + "at 0000000000000003");
    }

    @Test
    void aCorruptFileIsNamedWithItsOffsetAndNothingIsWritten() throws Exception {
        Path third = client.path(LtxFileKey.of(0, 3, 3));
        byte[] bytes = Files.readAllBytes(third);
        bytes[0] = 'X';
        Files.write(third, bytes);

        Cli.Result r = Cli.run("restore", replica.toString(), dir.resolve("out.db").toString());

        assertThat(r.status()).isEqualTo(ExitCodes.FORMAT);
        assertThat(r.err()).isEqualTo("ltxkit restore: L0/0000000000000003-0000000000000003.ltx: offset 0: magic: "
                + "not an LTX file: 0x58545831, want 0x4c545831 (\"LTX1\")\n");
        assertThat(dir.resolve("out.db")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".out.db"));
        }
    }

    @Test
    void restoresFromS3WithAProgressBar() throws Exception {
        String url = SharedS3.url(SharedS3.newBucket(), "db");
        try (Replica s3 = SharedS3.open(url)) {
            io.github.ltxkit.seed.Seeder.copyReplica(client, s3.client());
        }
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        Path out = dir.resolve("out.db");

        Cli.Result r = Cli.run(SharedS3.env(), false, () -> clock.addAndGet(400_000_000L), "restore", "--progress",
                url, out.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(states.get(3)));
        assertThat(r.err()).startsWith("\rdownloading [").contains("100%").endsWith("\n");
    }
}
