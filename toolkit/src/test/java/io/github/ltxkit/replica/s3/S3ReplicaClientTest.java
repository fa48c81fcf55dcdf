package io.github.ltxkit.replica.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.ltx.LtxDecoder;
import io.github.ltxkit.ltx.LtxFormatException;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ObjectAlreadyExistsException;
import io.github.ltxkit.replica.ReplicaAccessException;
import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.RetryPolicy;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.replica.TransientReplicaException;
import io.github.ltxkit.replica.UploadContent;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** S3-specific behaviour of {@link S3ReplicaClient} against the embedded server: errors, layout, probing. */
class S3ReplicaClientTest {
    private static final Instant T = ClientBucket.T;

    private final ClientBucket fixture = new ClientBucket("client");
    private final EmbeddedS3Server server = fixture.server();
    private final String secret = server.credentials().secretAccessKey();
    private final String bucket = fixture.bucket();

    @AfterEach
    void cleanUp() throws Exception {
        fixture.close();
    }

    private S3Credentials credentials() {
        return fixture.credentials();
    }

    private ReplicaUrl url(String bucketName, String path) {
        return fixture.url(bucketName, path);
    }

    private S3ReplicaClient client(ReplicaUrl url, S3Credentials credentials, Duration requestTimeout) {
        return fixture.client(url, credentials, requestTimeout);
    }

    private S3ReplicaClient client(String path) {
        return fixture.client(path);
    }

    @Test
    void aMissingBucketIsAnAccessErrorThatSaysSo() {
        S3ReplicaClient client = client(url("no-such-bucket", "db"), credentials(), Duration.ofSeconds(10));

        assertThatThrownBy(() -> client.list(0, 0))
                .isInstanceOf(ReplicaAccessException.class)
                .hasMessage("list db/0000/: bucket 'no-such-bucket' does not exist at " + server.endpoint())
                .satisfies(this::hasNoSecret);
        assertThatThrownBy(() -> client.createIfAbsent(LtxFileKey.of(0, 1, 1), UploadContent.of(new byte[1]), T))
                .isInstanceOf(ReplicaAccessException.class)
                .hasMessageContaining("bucket 'no-such-bucket' does not exist");
    }

    @Test
    void anUnknownAccessKeyIsAnAccessErrorThatSaysSo() {
        S3ReplicaClient client = client(url(bucket, "db"), new S3Credentials("AKIDUNKNOWN", secret),
                Duration.ofSeconds(10));

        assertThatThrownBy(() -> client.read(LtxFileKey.of(0, 1, 1), 0, 10))
                .isInstanceOf(ReplicaAccessException.class)
                .hasMessageEndingWith(": access denied: the access key is not known to the endpoint "
                        + "(check the credentials)")
                .satisfies(this::hasNoSecret);
    }

    @Test
    void aWrongSecretIsAnAccessErrorThatSaysSoWithoutShowingIt() {
        String wrongSecret = "wrong-secret-0123456789abcdefghijklmnopq";
        S3ReplicaClient client = client(url(bucket, "db"),
                new S3Credentials(server.credentials().accessKeyId(), wrongSecret), Duration.ofSeconds(10));

        assertThatThrownBy(() -> client.list(0, 0))
                .isInstanceOf(ReplicaAccessException.class)
                .hasMessageEndingWith(": access denied: the request signature does not match "
                        + "(check the secret access key)")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(wrongSecret).doesNotContain(secret));
    }

    @Test
    void anUnreachableEndpointIsAnAccessErrorThatSaysSo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        S3ReplicaClient client = client(ReplicaUrl.parse("s3://b/db?endpoint=127.0.0.1:" + port), credentials(),
                Duration.ofSeconds(10));

        assertThatThrownBy(() -> client.list(0, 0))
                .isInstanceOf(ReplicaAccessException.class)
                .hasMessageStartingWith("list db/0000/: cannot connect to http://127.0.0.1:" + port + ": ")
                .hasMessageContaining("onnection refused")
                .satisfies(this::hasNoSecret);
    }

    @Test
    void anUnknownHostIsAnAccessErrorThatSaysSo() {
        S3ReplicaClient client = client(ReplicaUrl.parse("s3://b/db?endpoint=http://no-such-host.invalid:9000"),
                credentials(), Duration.ofSeconds(10));

        assertThatThrownBy(() -> client.list(0, 0))
                .isInstanceOf(ReplicaAccessException.class)
                .hasMessageStartingWith("list db/0000/: cannot resolve the host of http://no-such-host.invalid:9000")
                .satisfies(this::hasNoSecret);
    }

    @Test
    void aRequestThatOutlivesTheTimeoutIsTransient() {
        S3ReplicaClient client = client(url(bucket, "db"), credentials(), Duration.ofMillis(300));
        server.faults().delayNext(io.github.ltxkit.s3server.S3Op.LIST_OBJECTS, bucket + "/db/", 1,
                Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.list(0, 0))
                .isInstanceOf(TransientReplicaException.class)
                .hasMessage("list db/0000/: request to " + server.endpoint() + " timed out after 300 ms");
    }

    @Test
    void anObjectThatIsNotLtxReadsFineAndOnlyDecodingRejectsIt() throws Exception {
        S3ReplicaClient client = client("db");
        byte[] garbage = "this is not an LTX file at all, just some bytes".getBytes(StandardCharsets.UTF_8);
        LtxFileKey key = LtxFileKey.of(0, 1, 1);
        client.createIfAbsent(key, UploadContent.of(garbage), T);

        assertThat(client.list(0, 0)).singleElement().satisfies(f -> assertThat(f.size()).isEqualTo(garbage.length));
        byte[] read = client.read(key, 0, 1000);
        assertThat(read).isEqualTo(garbage);
        assertThatThrownBy(() -> LtxDecoder.open(new ByteArrayInputStream(read), client.objectKey(key)))
                .isInstanceOf(LtxFormatException.class);
    }

    @Test
    void anEmptyPrefixPutsLevelsAtTheBucketRoot() throws Exception {
        S3ReplicaClient client = client(ReplicaUrl.parse("s3://" + bucket + "?endpoint=" + server.endpoint()),
                credentials(), Duration.ofSeconds(10));
        client.createIfAbsent(LtxFileKey.of(9, 1, 0x10), UploadContent.of(new byte[2]), T);

        assertThat(client.objectKey(LtxFileKey.of(0, 1, 1))).isEqualTo("0000/0000000000000001-0000000000000001.ltx");
        try (var raw = rawClient()) {
            assertThat(raw.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key())
                    .containsExactly("0009/0000000000000001-0000000000000010.ltx");
        }
    }

    @Test
    void timestampsAreWrittenAsGoWritesRfc3339Nano() {
        assertThat(S3ReplicaClient.formatTimestamp(Instant.parse("2026-01-02T03:04:05Z")))
                .isEqualTo("2026-01-02T03:04:05Z");
        assertThat(S3ReplicaClient.formatTimestamp(Instant.parse("2026-01-02T03:04:05.100Z")))
                .isEqualTo("2026-01-02T03:04:05.1Z");
        assertThat(S3ReplicaClient.formatTimestamp(Instant.parse("2026-01-02T03:04:05.000000009Z")))
                .isEqualTo("2026-01-02T03:04:05.000000009Z");
    }

    @Test
    void aListingLongerThanOnePageIsFollowedAndSeeksWithStartAfter() throws Exception {
        S3ReplicaClient client = client("paged");
        try (var raw = rawClient()) {
            java.util.stream.IntStream.rangeClosed(1, 1001).parallel().forEach(i -> raw.putObject(
                    b -> b.bucket(bucket).key(client.objectKey(LtxFileKey.of(0, i, i))),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[] {1})));
        }
        var faults = server.faults();
        faults.clear();

        assertThat(client.list(0, 0)).hasSize(1001).extracting(f -> f.minTxid())
                .isSorted().startsWith(1L).endsWith(1001L);
        assertThat(faults.requestCount(io.github.ltxkit.s3server.S3Op.LIST_OBJECTS, bucket + "/paged/0000/"))
                .isEqualTo(2);

        faults.clear();
        assertThat(client.list(0, 900)).hasSize(102).first().satisfies(f -> assertThat(f.minTxid()).isEqualTo(900));
        assertThat(faults.requestCount(io.github.ltxkit.s3server.S3Op.LIST_OBJECTS, bucket + "/paged/0000/"))
                .isEqualTo(1);

        faults.clear();
        client.delete(client.list(0, 0).stream().map(f -> f.key()).toList());
        assertThat(faults.requestCount(io.github.ltxkit.s3server.S3Op.DELETE_OBJECTS, bucket + "/")).isEqualTo(2);
        assertThat(client.list(0, 0)).isEmpty();
    }

    @Test
    void anEndpointThatIgnoresConditionalWritesIsDetectedAndReported() throws Exception {
        List<String> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel() == java.util.logging.Level.WARNING) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(S3ReplicaClient.class.getName());
        logger.addHandler(capture);
        try {
            server.faults().ignoreConditionalWrites(bucket, true);
            S3ReplicaClient client = client("careless");

            client.createIfAbsent(LtxFileKey.of(0, 1, 1), UploadContent.of(new byte[] {1}), T);
            client.createIfAbsent(LtxFileKey.of(0, 1, 1), UploadContent.of(new byte[] {2}), T);

            assertThat(client.conditionalWritesEnforced()).isFalse();
            assertThat(warnings).singleElement().isEqualTo("endpoint " + server.endpoint() + " (bucket '" + bucket
                    + "') ignores conditional writes (If-None-Match); two writers could both take the same TXID");
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(client("other").conditionalWritesEnforced()).isFalse();
        server.faults().ignoreConditionalWrites(bucket, false);
        assertThat(client("honest").conditionalWritesEnforced()).isTrue();
    }

    @Test
    void aStreamWhoseBodyIsCutShortFailsTransiently() throws Exception {
        S3ReplicaClient client = client("db");
        LtxFileKey key = fixture.storeObjectWhoseNextGetIsCutShort(client);

        try (InputStream in = client.open(key)) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(TransientReplicaException.class)
                    .hasMessageStartingWith("read db/0000/0000000000000001-0000000000000001.ltx: body cut short: got ")
                    .hasMessageEndingWith(" of 100000 bytes");
        }
    }

    @Test
    void credentialsComeFromTheEnvironmentAsLitestreamReadsThem() throws Exception {
        ReplicaUrl url = url(bucket, "env");
        String id = server.credentials().accessKeyId();
        ReplicaOptions noCredentials = ReplicaOptions.builder().retryPolicy(RetryPolicy.NONE).build();

        S3ReplicaClient litestream = S3ReplicaClient.open(url, noCredentials,
                Map.of("LITESTREAM_ACCESS_KEY_ID", id, "LITESTREAM_SECRET_ACCESS_KEY", secret));
        fixture.closeAfter(litestream);
        assertThat(litestream.list(0, 0)).isEmpty();

        S3ReplicaClient awsFirst = S3ReplicaClient.open(url, noCredentials, Map.of(
                "AWS_ACCESS_KEY_ID", "AKIDFROMAWSVARS", "AWS_SECRET_ACCESS_KEY", "aws-vars-secret",
                "LITESTREAM_ACCESS_KEY_ID", id, "LITESTREAM_SECRET_ACCESS_KEY", secret));
        fixture.closeAfter(awsFirst);
        assertThatThrownBy(() -> awsFirst.list(0, 0)).isInstanceOf(ReplicaAccessException.class)
                .hasMessageContaining("the access key is not known");
    }

    @Test
    void aConflictNamesTheBucketAndKey() throws Exception {
        S3ReplicaClient client = client("db");
        LtxFileKey key = LtxFileKey.of(1, 1, 8);
        client.createIfAbsent(key, UploadContent.of(new byte[] {1}), T);

        assertThatThrownBy(() -> client.createIfAbsent(key, UploadContent.of(new byte[] {2}), T))
                .isInstanceOf(ObjectAlreadyExistsException.class)
                .hasMessage("write db/0001/0000000000000001-0000000000000008.ltx: object already exists in bucket '"
                        + bucket + "' (another writer took this TXID range)");
    }

    private software.amazon.awssdk.services.s3.S3Client rawClient() {
        return software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                server.credentials().accessKeyId(), secret)))
                .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder()
                        .expectContinueEnabled(false))
                .build();
    }

    private void hasNoSecret(Throwable e) {
        assertThat(e).isInstanceOf(ReplicaException.class);
        assertThat(stackTrace(e)).doesNotContain(secret);
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
