package io.github.ltxkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.replica.DirectoryReplicaClient;
import io.github.ltxkit.replica.Replica;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LsCommandTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void listsEveryLevelsFilesWithSizesAndTimesThenALinePerLevel() throws Exception {
        Path replica = dir.resolve("replica");
        DirectoryReplicaClient client = new DirectoryReplicaClient(replica);
        try (Primary primary = new Primary(dir.resolve("p.db"), client)) {
            primary.sql("create table t(x)").publish(T0);
            primary.sql("insert into t values (1)").publish(T0.plusSeconds(1));
            primary.snapshotAtLevel9(T0.plusSeconds(2));
        }
        long size1 = Files.size(client.path(io.github.ltxkit.replica.LtxFileKey.of(0, 1, 1)));
        long size2 = Files.size(client.path(io.github.ltxkit.replica.LtxFileKey.of(0, 2, 2)));
        long size9 = Files.size(client.path(io.github.ltxkit.replica.LtxFileKey.of(9, 1, 2)));

        Cli.Result r = Cli.run("ls", replica.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out().lines()).containsExactly(
                "LEVEL  MIN_TXID          MAX_TXID                  SIZE  CREATED",
                String.format("0      0000000000000001  0000000000000001  %12d  2026-03-01T10:00:00Z", size1),
                String.format("0      0000000000000002  0000000000000002  %12d  2026-03-01T10:00:01Z", size2),
                String.format("9      0000000000000001  0000000000000002  %12d  2026-03-01T10:00:02Z", size9),
                "",
                "level 0: 2 files, " + Progress.bytes(size1 + size2) + ", TXID 0000000000000001-0000000000000002",
                "level 9: 1 file, " + Progress.bytes(size9) + ", TXID 0000000000000001-0000000000000002");
        assertThat(r.err()).isEmpty();

        Cli.Result level9 = Cli.run("ls", "--level", "9", replica.toUri().toString());
        assertThat(level9.out().lines()).hasSize(4).element(1).asString().startsWith("9 ");
    }

    @Test
    void anEmptyReplicaSaysSoOnStandardError() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));

        Cli.Result r = Cli.run("ls", empty.toString());

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("ltxkit ls: no LTX files in " + empty.toUri().toString().replaceAll("/$", "")
                + "\n");
    }

    @Test
    void aMissingDirectoryIsAReplicaError() {
        Cli.Result r = Cli.run("ls", dir.resolve("typo").toString());

        assertThat(r.status()).isEqualTo(ExitCodes.STORAGE);
        assertThat(r.err()).isEqualTo("ltxkit ls: replica directory " + dir.resolve("typo") + " does not exist\n");
    }

    @Test
    void listsAnS3ReplicaInLitestreamsLayout() throws Exception {
        String bucket = SharedS3.newBucket();
        String url = SharedS3.url(bucket, "apps/db");
        try (Replica replica = SharedS3.open(url); Primary primary = new Primary(dir.resolve("p.db"),
                replica.client())) {
            primary.sql("create table t(x)").publish(T0);
        }

        Cli.Result r = Cli.run(SharedS3.env(), "ls", url);

        assertThat(r.status()).as(r.toString()).isZero();
        // On S3 a listing gives the upload time (LastModified), not the litestream-timestamp metadata.
        assertThat(r.out().lines().toList().get(1)).startsWith("0      0000000000000001  0000000000000001")
                .doesNotEndWith("2026-03-01T10:00:00Z");
    }

    @Test
    void aMissingBucketIsAReplicaError() {
        Cli.Result r = Cli.run(SharedS3.env(), "ls", SharedS3.url("no-such-bucket-here", "db"));

        assertThat(r.status()).isEqualTo(ExitCodes.STORAGE);
        assertThat(r.err()).startsWith("ltxkit ls: list ").contains("bucket 'no-such-bucket-here' does not exist")
                .hasLineCount(1);
    }

    @Test
    void wrongCredentialsAreAReplicaErrorThatNeverShowsTheSecret() {
        String bucket = SharedS3.newBucket();
        String secret = "wrong-secret-that-must-not-leak";

        Cli.Result r = Cli.run(Map.of("AWS_ACCESS_KEY_ID", SharedS3.server().credentials().accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", secret), "ls", SharedS3.url(bucket, "db"));

        assertThat(r.status()).isEqualTo(ExitCodes.STORAGE);
        assertThat(r.err()).contains("access denied: the request signature does not match (check the secret access"
                + " key)").hasLineCount(1);
        assertThat(r.out() + r.err()).doesNotContain(secret)
                .doesNotContain(SharedS3.server().credentials().secretAccessKey());
    }

    @Test
    void litestreamCredentialVariablesWorkToo() {
        String bucket = SharedS3.newBucket();

        Cli.Result r = Cli.run(Map.of("LITESTREAM_ACCESS_KEY_ID", SharedS3.server().credentials().accessKeyId(),
                "LITESTREAM_SECRET_ACCESS_KEY", SharedS3.server().credentials().secretAccessKey()), "ls",
                SharedS3.url(bucket, "db"));

        assertThat(r.status()).as(r.toString()).isZero();
    }

    @Test
    void aBadUrlOrLevelIsAUsageError() {
        Cli.Result badUrl = Cli.run("ls", "relative/path");
        Cli.Result badLevel = Cli.run("ls", "--level", "12", dir.toString());

        assertThat(badUrl.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(badUrl.err()).isEqualTo("ltxkit ls: invalid replica URL 'relative/path': relative path or missing "
                + "scheme (want s3://bucket/path, file:///absolute/path or an absolute path)\n");
        assertThat(badLevel.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(badLevel.err()).isEqualTo("ltxkit ls: invalid --level 12: levels are 0 to 9 (see 'ltxkit ls "
                + "--help')\n");
    }
}
