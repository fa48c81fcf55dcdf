package io.github.ltxkit.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.s3server.EmbeddedS3Server;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The real Litestream VFS against the embedded S3 server: Litestream's key layout, and that its S3 client starts
 * although this environment may set {@code AWS_CA_BUNDLE}.
 */
class S3ReplicaTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static LitestreamVfs vfs;
    private static EmbeddedS3Server s3;

    @BeforeAll
    static void start() {
        Availability availability = LitestreamVfs.detect();
        Assumptions.assumeTrue(availability.isAvailable(), availability.reason());
        vfs = availability.vfs();
        s3 = EmbeddedS3Server.start();
        s3.createBucket("interop");
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aWriterUploadsLevelZeroFilesUnderFourDigitHexLevelsWithoutAnLtxPrefix() {
        String url = "s3://interop/apps/db?endpoint=" + s3.endpoint() + "&force-path-style=true&region=us-east-1";
        LitestreamConfig writer = LitestreamConfig.builder(url).writerSyncingOnClose()
                .credentials(s3.credentials().accessKeyId(), s3.credentials().secretAccessKey()).build();

        vfs.run(writer, "create table t(x text); insert into t values ('one');", TIMEOUT).requireSuccess();
        vfs.run(writer, "insert into t values ('two');", TIMEOUT).requireSuccess();
        SqlResult read = vfs.run(writer.toBuilder().writerSyncingOnClose().build(), "select x from t order by x",
                TIMEOUT).requireSuccess();

        assertThat(read.rows()).containsExactly(List.of("one"), List.of("two"));
        assertThat(keys()).containsExactly("apps/db/0000/0000000000000001-0000000000000001.ltx",
                "apps/db/0000/0000000000000002-0000000000000002.ltx");
    }

    @Test
    void wrongCredentialsFailTheOpenWithoutSayingWhy() {
        String url = "s3://interop/denied?endpoint=" + s3.endpoint() + "&force-path-style=true&region=us-east-1";
        LitestreamConfig writer = LitestreamConfig.builder(url).writerSyncingOnClose()
                .credentials(s3.credentials().accessKeyId(), "not-the-secret").build();

        SqlResult result = vfs.run(writer, "create table t(x); insert into t values (1);", TIMEOUT);

        // Litestream's open lists the replica, fails, and SQLite only sees SQLITE_ERROR: the reason is lost.
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("unable to open database \"file:ltxkit.db?vfs=litestream\": SQL logic "
                + "error");
        assertThat(keys()).noneMatch(k -> k.startsWith("denied/"));
    }

    private static List<String> keys() {
        try (S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        s3.credentials().accessKeyId(), s3.credentials().secretAccessKey())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClientBuilder(ApacheHttpClient.builder().expectContinueEnabled(false)).build()) {
            return client.listObjectsV2Paginator(b -> b.bucket("interop")).contents().stream().map(S3Object::key)
                    .sorted().toList();
        }
    }
}
