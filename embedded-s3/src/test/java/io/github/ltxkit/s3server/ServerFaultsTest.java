package io.github.ltxkit.s3server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The front end's fault rules, seen through an SDK client that does not retry. */
class ServerFaultsTest {
    private static final String BUCKET = "faults";

    private static EmbeddedS3Server server;
    private static S3Client s3;

    @BeforeAll
    static void startServer() {
        server = EmbeddedS3Server.start();
        server.createBucket(BUCKET);
        s3 = TestClients.client(server);
    }

    @AfterAll
    static void stopServer() {
        s3.close();
        server.close();
    }

    @AfterEach
    void clearFaults() {
        server.faults().clear();
    }

    @Test
    void failNextAnswersWithTheGivenStatusAndCodeThenServesNormally() {
        put("a/one", "hello");
        server.faults().failNext(S3Op.GET_OBJECT, BUCKET + "/a/", 2, 503, "SlowDown");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> get("a/one"))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                    });
        }
        assertThat(get("a/one")).isEqualTo("hello");
        assertThat(server.faults().requestCount(S3Op.GET_OBJECT, BUCKET + "/a/one")).isEqualTo(3);
        assertThat(server.faults().pendingFaults()).isZero();
    }

    @Test
    void failNextOnAPutDrainsTheBodyAndDoesNotStoreTheObject() {
        server.faults().failNext(S3Op.PUT_OBJECT, BUCKET + "/b/", 1, 500, "InternalError");
        byte[] big = new byte[1 << 20];

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("b/big"), RequestBody.fromBytes(big)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThatThrownBy(() -> get("b/big")).isInstanceOf(NoSuchKeyException.class);
        put("b/big", "second try");
        assertThat(get("b/big")).isEqualTo("second try");
    }

    @Test
    void rulesOnlyTouchRequestsOfTheirKindUnderTheirPrefix() {
        put("c/x", "x");
        server.faults().failNext(S3Op.GET_OBJECT, BUCKET + "/elsewhere/", 1, 500, "InternalError");
        server.faults().failNext(S3Op.PUT_OBJECT, BUCKET + "/c/", 1, 500, "InternalError");

        assertThat(get("c/x")).isEqualTo("x");
        assertThat(server.faults().pendingFaults()).isEqualTo(2);
    }

    @Test
    void failNextAfterApplyingStoresTheWriteButReportsAnError() {
        server.faults().failNextAfterApplying(S3Op.PUT_OBJECT, BUCKET + "/d/", 1, 500, "InternalError");

        assertThatThrownBy(() -> put("d/stored", "kept"))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(get("d/stored")).isEqualTo("kept");
    }

    @Test
    void resetNextDropsTheConnectionBeforeTheStoreSeesTheRequest() {
        server.faults().resetNext(S3Op.PUT_OBJECT, BUCKET + "/e/", 1);

        assertThatThrownBy(() -> put("e/lost", "never stored")).isInstanceOf(SdkClientException.class);
        assertThatThrownBy(() -> get("e/lost")).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void resetNextAfterApplyingStoresTheWriteAndLosesTheResponse() {
        server.faults().resetNextAfterApplying(S3Op.PUT_OBJECT, BUCKET + "/f/", 1);

        assertThatThrownBy(() -> put("f/ambiguous", "stored")).isInstanceOf(SdkClientException.class);
        assertThat(get("f/ambiguous")).isEqualTo("stored");
    }

    @Test
    void truncateNextBodySendsHalfTheAnnouncedBytesThenCloses() throws Exception {
        byte[] content = new byte[100_000];
        new java.util.Random(7).nextBytes(content);
        s3.putObject(b -> b.bucket(BUCKET).key("g/blob"), RequestBody.fromBytes(content));
        server.faults().truncateNextBody(S3Op.GET_OBJECT, BUCKET + "/g/", 1);

        try (var in = s3.getObject(b -> b.bucket(BUCKET).key("g/blob"))) {
            assertThat(in.response().contentLength()).isEqualTo(content.length);
            byte[] buf = new byte[8192];
            long got = 0;
            Throwable failure = null;
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got += n;
                }
            } catch (Exception e) {
                failure = e;
            }
            assertThat(failure).as("reading a body cut short after %d bytes", got).isNotNull();
            assertThat(got).isEqualTo(content.length / 2);
        }
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("g/blob")).asByteArray()).isEqualTo(content);
    }

    @Test
    void delayNextHoldsTheRequestBeforeServingIt() {
        put("h/slow", "late");
        server.faults().delayNext(S3Op.GET_OBJECT, BUCKET + "/h/", 1, Duration.ofMillis(300));

        long start = System.nanoTime();
        assertThat(get("h/slow")).isEqualTo("late");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void listingsAreMatchedByBucketAndPrefixParameter() {
        put("i/0000/file", "x");
        server.faults().failNext(S3Op.LIST_OBJECTS, BUCKET + "/i/0000/", 1, 503, "SlowDown");

        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("j/")).contents()).isEmpty();
        assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("i/0000/")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThat(server.faults().requestCount(S3Op.LIST_OBJECTS, BUCKET + "/i/")).isEqualTo(1);
    }

    @Test
    void ignoringConditionalWritesLetsASecondIfNoneMatchPutOverwrite() {
        server.faults().ignoreConditionalWrites(BUCKET, true);
        s3.putObject(b -> b.bucket(BUCKET).key("k/twice").ifNoneMatch("*"), RequestBody.fromString("first"));
        s3.putObject(b -> b.bucket(BUCKET).key("k/twice").ifNoneMatch("*"), RequestBody.fromString("second"));
        assertThat(get("k/twice")).isEqualTo("second");

        server.faults().ignoreConditionalWrites(BUCKET, false);
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("k/twice").ifNoneMatch("*"),
                RequestBody.fromString("third")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    }

    @Test
    void badRulesAreRejectedWithTheValueInTheMessage() {
        assertThatThrownBy(() -> server.faults().failNext(S3Op.GET_OBJECT, "", 0, 500, "InternalError"))
                .hasMessage("count must be at least 1: 0");
        assertThatThrownBy(() -> server.faults().failNext(S3Op.GET_OBJECT, "", 1, 200, "InternalError"))
                .hasMessage("error status must be 300 to 599: 200");
        assertThatThrownBy(() -> server.faults().failNext(S3Op.GET_OBJECT, "", 1, 500, "<x>"))
                .hasMessage("error code must be 1 to 64 letters or digits: '<x>'");
    }

    private static void put(String key, String content) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }

    private static String get(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
    }
}
