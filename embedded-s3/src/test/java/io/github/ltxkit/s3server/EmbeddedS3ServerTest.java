package io.github.ltxkit.s3server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Starting, securing and managing buckets of the embedded server. */
class EmbeddedS3ServerTest {
    private static EmbeddedS3Server server;
    private static S3Client s3;

    @BeforeAll
    static void startServer() {
        server = EmbeddedS3Server.start();
        s3 = TestClients.client(server);
    }

    @AfterAll
    static void stopServer() {
        s3.close();
        server.close();
    }

    @Test
    void listensOnTheLoopbackAddressInUsEast1() {
        assertThat(server.endpoint().getScheme()).isEqualTo("http");
        assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(server.endpoint().getPort()).isPositive();
        assertThat(server.region()).isEqualTo("us-east-1");
    }

    @Test
    void eachServerHasItsOwnRandomCredentials() {
        try (EmbeddedS3Server other = EmbeddedS3Server.start()) {
            assertThat(other.credentials().accessKeyId()).isNotEqualTo(server.credentials().accessKeyId());
            assertThat(other.credentials().secretAccessKey()).isNotEqualTo(server.credentials().secretAccessKey());
            assertThat(other.endpoint()).isNotEqualTo(server.endpoint());
        }
    }

    @Test
    void credentialsToStringNeverShowsTheSecret() {
        String secret = server.credentials().secretAccessKey();
        assertThat(server.credentials().toString())
                .contains(server.credentials().accessKeyId())
                .doesNotContain(secret)
                .contains("<redacted>");
    }

    @Test
    void servesObjectsInACreatedBucket() {
        server.createBucket("objects");
        s3.putObject(b -> b.bucket("objects").key("dir/file"), RequestBody.fromString("content"));

        assertThat(s3.getObjectAsBytes(b -> b.bucket("objects").key("dir/file")).asString(StandardCharsets.UTF_8))
                .isEqualTo("content");
        assertThat(s3.listObjectsV2(b -> b.bucket("objects").prefix("dir/")).contents())
                .extracting(o -> o.key()).containsExactly("dir/file");
    }

    @Test
    void createBucketIsIdempotentAndKeepsTheContents() {
        server.createBucket("twice");
        s3.putObject(b -> b.bucket("twice").key("k"), RequestBody.fromString("v"));
        server.createBucket("twice");

        assertThat(s3.listObjectsV2(b -> b.bucket("twice")).contents()).hasSize(1);
    }

    @Test
    void deleteBucketRemovesABucketWithItsObjectsAndToleratesAMissingOne() {
        server.createBucket("doomed");
        s3.putObject(b -> b.bucket("doomed").key("k"), RequestBody.fromString("v"));

        server.deleteBucket("doomed");
        server.deleteBucket("doomed");

        assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("doomed"))).isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void rejectsRequestsSignedWithAnUnknownKeyOrAWrongSecret() {
        server.createBucket("guarded");
        try (S3Client stranger = TestClients.client(server, "AKSTRANGER", "not-the-secret");
             S3Client wrongSecret = TestClients.client(server, server.credentials().accessKeyId(), "wrong")) {
            assertThatThrownBy(() -> stranger.listObjectsV2(b -> b.bucket("guarded")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
                    });
            assertThatThrownBy(() -> wrongSecret.listObjectsV2(b -> b.bucket("guarded")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
    }

    @Test
    void rejectsAnInvalidBucketNameNamingIt() {
        assertThatThrownBy(() -> server.createBucket("Bad_Name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid bucket name: 'Bad_Name'");
    }

    @Test
    void closeIsIdempotentAndStopsServing() {
        EmbeddedS3Server shortLived = EmbeddedS3Server.start();
        shortLived.createBucket("gone");
        try (S3Client client = TestClients.client(shortLived)) {
            shortLived.close();
            shortLived.close();
            assertThatThrownBy(() -> client.listObjectsV2(b -> b.bucket("gone")))
                    .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);
        }
    }
}
