package io.github.ltxkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.replica.DirectoryReplicaClient;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.UploadContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LtxVerifyCommandTest {
    @TempDir
    Path dir;

    private Path replica;
    private Path first;
    private Path second;

    @BeforeEach
    void replicaWithTwoFiles() throws Exception {
        replica = dir.resolve("replica");
        try (Primary primary = new Primary(dir.resolve("primary.db"), new DirectoryReplicaClient(replica))) {
            primary.sql("create table t(x)", "insert into t values (1)").publish(Instant.parse("2026-01-01T00:00:00Z"));
            primary.sql("insert into t values (2)").publish(Instant.parse("2026-01-01T00:01:00Z"));
        }
        first = replica.resolve("ltx/0/0000000000000001-0000000000000001.ltx");
        second = replica.resolve("ltx/0/0000000000000002-0000000000000002.ltx");
    }

    @Test
    void printsOneOkLinePerFile() throws Exception {
        Cli.Result r = Cli.run("ltx", "verify", first.toString(), second.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out().lines()).containsExactly(
                first + ": OK (TXID 0000000000000001-0000000000000001 snapshot, 2 pages of 4096 bytes, commit 2, "
                        + uncheckedSize(first) + " bytes)",
                second + ": OK (TXID 0000000000000002-0000000000000002, 2 pages of 4096 bytes, commit 2, "
                        + uncheckedSize(second) + " bytes)");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void namesTheCorruptFileAndOffsetAmongGoodOnes() throws Exception {
        byte[] bytes = Files.readAllBytes(second);
        bytes[bytes.length - 3] ^= 1;
        Files.write(second, bytes);

        Cli.Result r = Cli.run("ltx", "verify", first.toString(), second.toString());

        assertThat(r.status()).isEqualTo(ExitCodes.FORMAT);
        assertThat(r.out().lines()).hasSize(2);
        assertThat(r.out().lines().toList().get(0)).startsWith(first + ": OK");
        assertThat(r.out().lines().toList().get(1)).startsWith(second + ": offset " + (bytes.length - 8)
                + ": file checksum: file checksum mismatch: stored ");
        assertThat(r.err()).isEqualTo("ltxkit ltx verify: 1 of 2 files failed verification\n");
    }

    @Test
    void aTruncatedFileIsCorrupt() throws Exception {
        byte[] bytes = Files.readAllBytes(first);
        Files.write(first, Arrays.copyOf(bytes, 150));

        Cli.Result r = Cli.run("ltx", "verify", first.toString());

        assertThat(r.status()).isEqualTo(ExitCodes.FORMAT);
        assertThat(r.out()).startsWith(first + ": offset ").contains("truncated");
    }

    @Test
    void aFileWhoseNameDisagreesWithItsHeaderFails() throws Exception {
        Path renamed = dir.resolve("0000000000000007-0000000000000007.ltx");
        Files.copy(second, renamed);

        Cli.Result r = Cli.run("ltx", "verify", renamed.toString());

        assertThat(r.status()).isEqualTo(ExitCodes.FORMAT);
        assertThat(r.out()).isEqualTo(renamed + ": offset 16: TXID range: the header says "
                + "0000000000000002-0000000000000002 but the file name says 0000000000000007-0000000000000007\n");
    }

    @Test
    void aDirectoryMeansEveryLtxFileBelowIt() {
        Cli.Result r = Cli.run("ltx", "verify", replica.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out().lines()).hasSize(2).allMatch(l -> l.contains(": OK ("));
    }

    @Test
    void aReplicaUrlMeansEveryFileOfTheReplica() throws Exception {
        String bucket = SharedS3.newBucket();
        String url = SharedS3.url(bucket, "db");
        try (Replica s3 = SharedS3.open(url)) {
            s3.client().createIfAbsent(LtxFileKey.of(0, 1, 1), UploadContent.of(first), Instant.now());
            s3.client().createIfAbsent(LtxFileKey.of(0, 2, 2), UploadContent.of(second), Instant.now());
        }

        Cli.Result s3Result = Cli.run(SharedS3.env(), "ltx", "verify", url);
        Cli.Result dirResult = Cli.run("ltx", "verify", replica.toUri().toString());

        assertThat(s3Result.status()).as(s3Result.toString()).isZero();
        assertThat(s3Result.out().lines()).hasSize(2).allMatch(l -> l.startsWith("s3://" + bucket + "/db")
                && l.contains(": OK ("));
        assertThat(s3Result.out()).contains("L0/0000000000000002-0000000000000002.ltx: OK");
        assertThat(dirResult.status()).as(dirResult.toString()).isZero();
        assertThat(dirResult.out().lines()).hasSize(2);
    }

    @Test
    void aMissingFileIsReportedAndTheOthersStillVerified() {
        Path missing = dir.resolve("0000000000000003-0000000000000003.ltx");

        Cli.Result r = Cli.run("ltx", "verify", missing.toString(), first.toString());

        assertThat(r.status()).isEqualTo(ExitCodes.LOCAL_IO);
        assertThat(r.out().lines()).containsExactly(missing + ": no such file: " + missing,
                r.out().lines().toList().get(1));
        assertThat(r.out().lines().toList().get(1)).startsWith(first + ": OK");
    }

    @Test
    void anEmptyDirectoryHasNothingToVerify() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));

        Cli.Result r = Cli.run("ltx", "verify", empty.toString());

        assertThat(r.status()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.err()).isEqualTo("ltxkit ltx verify: no LTX files found in " + empty + "\n");
    }

    private static long uncheckedSize(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
