package io.github.ltxkit.replica.s3;

import io.github.ltxkit.testsupport.SharedS3Server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.MeteredReplicaClient;
import io.github.ltxkit.replica.ObjectAlreadyExistsException;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaAccessException;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.ReplicaMetrics;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.RetryPolicy;
import io.github.ltxkit.replica.RetryingReplicaClient;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.replica.TransientReplicaException;
import io.github.ltxkit.replica.UploadContent;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.s3server.S3Op;
import io.github.ltxkit.s3server.ServerFaults;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults injected at the embedded server's HTTP front end, seen through the full replica stack: transient ones
 * are retried until the call succeeds, others are not, and lost responses to conditional writes are resolved.
 */
class S3ServerFaultRetryTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");
    private static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5), 2);
    private static final LtxFileKey KEY = LtxFileKey.of(0, 7, 7);

    private final EmbeddedS3Server server = SharedS3Server.get();
    private final ServerFaults faults = server.faults();
    private String bucket;
    private ReplicaUrl url;
    private Replica replica;
    private String keyPath; // what fault rules match: bucket/key

    @BeforeEach
    void openReplica() {
        bucket = SharedS3Server.newBucket("faults");
        url = ReplicaUrl.parse("s3://" + bucket + "/db?endpoint=" + server.endpoint());
        replica = Replica.open(url, options());
        keyPath = bucket + "/db/0000/" + KEY.fileName();
    }

    @AfterEach
    void closeReplica() {
        replica.close();
        faults.clear();
        server.deleteBucket(bucket);
    }

    private ReplicaOptions options() {
        var c = server.credentials();
        return ReplicaOptions.builder().credentials(new S3Credentials(c.accessKeyId(), c.secretAccessKey()))
                .retryPolicy(QUICK).build();
    }

    private ReplicaClient client() {
        return replica.client();
    }

    private void store(String content) throws ReplicaException {
        client().createIfAbsent(KEY, UploadContent.of(bytes(content)), T);
    }

    @Test
    void http500OnReadsIsRetriedUntilItSucceeds() throws Exception {
        store("0123456789");
        faults.failNext(S3Op.GET_OBJECT, keyPath, 2, 500, "InternalError");

        assertThat(client().read(KEY, 2, 3)).isEqualTo(bytes("234"));
        assertThat(faults.requestCount(S3Op.GET_OBJECT, keyPath)).isEqualTo(3);
        assertThat(replica.metrics().snapshot().get(ReplicaOperation.READ).errors()).isEqualTo(2);
    }

    @Test
    void slowDownOnListingsIsRetriedUntilItSucceeds() throws Exception {
        store("x");
        faults.failNext(S3Op.LIST_OBJECTS, bucket + "/db/0000/", 3, 503, "SlowDown");

        assertThat(client().list(0, 0)).hasSize(1);
        assertThat(faults.requestCount(S3Op.LIST_OBJECTS, bucket + "/db/0000/")).isEqualTo(4);
    }

    @Test
    void aTruncatedBodyIsRetriedUntilTheWholeRangeArrives() throws Exception {
        byte[] content = new byte[64 * 1024];
        new Random(3).nextBytes(content);
        client().createIfAbsent(KEY, UploadContent.of(content), T);
        faults.truncateNextBody(S3Op.GET_OBJECT, keyPath, 2);

        assertThat(client().read(KEY, 0, content.length)).isEqualTo(content);
        assertThat(faults.requestCount(S3Op.GET_OBJECT, keyPath)).isEqualTo(3);
    }

    @Test
    void aResetConnectionIsRetriedForReadsAndWrites() throws Exception {
        faults.resetNext(S3Op.PUT_OBJECT, keyPath, 1);
        store("after a reset");
        faults.resetNext(S3Op.GET_OBJECT, keyPath, 2);

        assertThat(client().read(KEY, 0, 100)).isEqualTo(bytes("after a reset"));
        assertThat(faults.requestCount(S3Op.PUT_OBJECT, keyPath)).isEqualTo(2);
        assertThat(faults.requestCount(S3Op.GET_OBJECT, keyPath)).isEqualTo(3);
    }

    @Test
    void persistentServerErrorsGiveUpAfterTheLastAttempt() {
        faults.failNext(S3Op.GET_OBJECT, keyPath, 10, 503, "SlowDown");

        assertThatThrownBy(() -> client().read(KEY, 0, 1))
                .isInstanceOf(TransientReplicaException.class)
                .hasMessage("read db/0000/" + KEY.fileName() + ": gave up after 4 attempts: HTTP 503 SlowDown from "
                        + server.endpoint());
        assertThat(faults.requestCount(S3Op.GET_OBJECT, keyPath)).isEqualTo(4);
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        store("x");
        faults.failNext(S3Op.GET_OBJECT, keyPath, 1, 403, "AccessDenied");
        faults.failNext(S3Op.LIST_OBJECTS, bucket + "/db/", 1, 400, "InvalidArgument");

        assertThatThrownBy(() -> client().read(KEY, 0, 1))
                .isInstanceOf(ReplicaAccessException.class)
                .hasMessageContaining("access denied to bucket '" + bucket + "'");
        assertThatThrownBy(() -> client().list(0, 0))
                .isExactlyInstanceOf(ReplicaException.class)
                .hasMessageContaining("unexpected response HTTP 400 InvalidArgument");
        assertThat(faults.requestCount(S3Op.GET_OBJECT, keyPath)).isEqualTo(1);
        assertThat(faults.requestCount(S3Op.LIST_OBJECTS, bucket + "/db/")).isEqualTo(1);
    }

    @Test
    void aConditionalPutAnsweredWith500AfterStoringIsResolvedAsSuccess() throws Exception {
        faults.failNextAfterApplying(S3Op.PUT_OBJECT, keyPath, 1, 500, "InternalError");

        store("ambiguous");

        assertThat(faults.requestCount(S3Op.PUT_OBJECT, keyPath)).isEqualTo(2);
        assertThat(client().read(KEY, 0, 100)).isEqualTo(bytes("ambiguous"));
    }

    @Test
    void aConditionalPutWhoseResponseIsLostAfterStoringIsResolvedAsSuccess() throws Exception {
        faults.resetNextAfterApplying(S3Op.PUT_OBJECT, keyPath, 1);

        store("dropped response");

        assertThat(faults.requestCount(S3Op.PUT_OBJECT, keyPath)).isEqualTo(2);
        assertThat(client().read(KEY, 0, 100)).isEqualTo(bytes("dropped response"));
    }

    @Test
    void aConditionalPutThatFailedWhileAnotherWriterStoredDifferentBytesIsAConflict() throws Exception {
        S3ReplicaClient other = S3ReplicaClient.open(url, options(), Map.of());
        S3ReplicaClient mine = S3ReplicaClient.open(url, options(), Map.of());
        faults.failNext(S3Op.PUT_OBJECT, keyPath, 1, 503, "SlowDown");
        ReplicaClient retrying = new RetryingReplicaClient(new MeteredReplicaClient(mine, new ReplicaMetrics()),
                QUICK, delay -> {
                    try { // while we wait to retry, another writer takes the key
                        other.createIfAbsent(KEY, UploadContent.of(bytes("theirs")), T);
                    } catch (ReplicaException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, new Random(5));
        try {
            assertThatThrownBy(() -> retrying.createIfAbsent(KEY, UploadContent.of(bytes("mine")), T))
                    .isInstanceOf(ObjectAlreadyExistsException.class);
            assertThat(retrying.read(KEY, 0, 100)).isEqualTo(bytes("theirs"));
            assertThat(faults.requestCount(S3Op.PUT_OBJECT, keyPath)).isEqualTo(3);
        } finally {
            retrying.close();
            other.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
