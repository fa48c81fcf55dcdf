package io.github.ltxkit.replica.s3;

import static io.github.ltxkit.replica.s3.ClientBucket.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ObjectNotFoundException;
import io.github.ltxkit.replica.TransientReplicaException;
import io.github.ltxkit.replica.UploadContent;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.s3server.S3Op;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The read path's signed requests ({@link SignedRequests}) against the embedded server, which checks their
 * signatures: reads and listings without the SDK client, addressing, timeouts, cut bodies, error answers and the
 * connections they leave to the pool.
 */
class SignedReadsTest {
    private final ClientBucket fixture = new ClientBucket("signed");
    private final EmbeddedS3Server server = fixture.server();
    private final String bucket = fixture.bucket();

    @AfterEach
    void cleanUp() throws Exception {
        fixture.close();
    }

    private S3ReplicaClient client(String path) {
        return fixture.client(path);
    }

    @Test
    void aReplicaThatOnlyListsAndReadsNeverBuildsTheSdkClient() throws Exception {
        S3ReplicaClient writer = client("db");
        LtxFileKey key = LtxFileKey.of(0, 1, 1);
        writer.createIfAbsent(key, UploadContent.of(new byte[10_000]), T);
        S3ReplicaClient reader = client("db");

        assertThat(reader.listAllLevels()).singleElement().satisfies(f -> assertThat(f.size()).isEqualTo(10_000));
        assertThat(reader.list(0, 0)).hasSize(1);
        assertThat(reader.read(key, 9_000, 4096)).hasSize(1_000);
        try (InputStream in = reader.open(key)) {
            assertThat(in.readAllBytes()).hasSize(10_000);
        }

        assertThat(reader.transport().signed()).isNotNull();
        assertThat(reader.transport().sdkBuilt()).isFalse();
        assertThat(writer.transport().sdkBuilt()).isTrue();
    }

    @Test
    void aReplicaPathWithSpacesAndOtherCharactersIsSignedAndAddressedAsTheSdkWouldDoIt() throws Exception {
        String path = "team%20db/%C3%9Cn%C3%AFcode%2Bx%3Dy"; // "team db/Ünïcode+x=y"
        assertThat(fixture.url(bucket, path).path()).isEqualTo("team db/Ünïcode+x=y");
        S3ReplicaClient writer = client(path);
        LtxFileKey key = LtxFileKey.of(0, 1, 1);
        writer.createIfAbsent(key, UploadContent.of(new byte[5_000]), T);
        S3ReplicaClient reader = client(path);

        assertThat(reader.list(0, 0)).singleElement().satisfies(f -> assertThat(f.key()).isEqualTo(key));
        assertThat(reader.listAllLevels()).hasSize(1);
        assertThat(reader.read(key, 1_000, 100)).hasSize(100);
        assertThat(reader.transport().sdkBuilt()).isFalse();
    }

    @Test
    void errorAnswersGiveTheirConnectionBackToThePool() throws Exception {
        S3ReplicaClient client = fixture.clientWithPool(1);

        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> client.read(LtxFileKey.of(0, 7, 7), 0, 10))
                    .isInstanceOf(ObjectNotFoundException.class);
        }
        assertThat(client.list(0, 0)).isEmpty();
    }

    @Test
    void aReadThatOutlivesTheTimeoutIsTransient() throws Exception {
        client("db").createIfAbsent(LtxFileKey.of(0, 1, 1), UploadContent.of(new byte[100]), T);
        S3ReplicaClient client = fixture.client(fixture.url(bucket, "db"), fixture.credentials(),
                Duration.ofMillis(300));
        server.faults().delayNext(S3Op.GET_OBJECT, bucket + "/db/", 1,
                Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.read(LtxFileKey.of(0, 1, 1), 0, 10))
                .isInstanceOf(TransientReplicaException.class)
                .hasMessage("read db/0000/0000000000000001-0000000000000001.ltx: request to " + server.endpoint()
                        + " timed out after 300 ms");
        assertThat(client.read(LtxFileKey.of(0, 1, 1), 0, 10)).hasSize(10);
    }

    @Test
    void aRangedReadWhoseBodyIsCutShortFailsTransientlyAndTheNextReadSucceeds() throws Exception {
        S3ReplicaClient client = client("db");
        LtxFileKey key = fixture.storeObjectWhoseNextGetIsCutShort(client);

        assertThatThrownBy(() -> client.read(key, 1_000, 50_000))
                .isInstanceOf(TransientReplicaException.class)
                .hasMessageStartingWith("read db/0000/0000000000000001-0000000000000001.ltx: body cut short: got ")
                .hasMessageEndingWith(" of 50000 bytes");
        assertThat(client.read(key, 1_000, 50_000)).hasSize(50_000);
    }

    @Test
    void aServerErrorOnAReadIsTransientAndNamesTheStatusAndCode() throws Exception {
        S3ReplicaClient client = client("db");
        LtxFileKey key = LtxFileKey.of(0, 1, 1);
        client.createIfAbsent(key, UploadContent.of(new byte[100]), T);
        server.faults().failNext(S3Op.GET_OBJECT, bucket + "/db/", 1, 503, "SlowDown");

        assertThatThrownBy(() -> client.read(key, 0, 10))
                .isInstanceOf(TransientReplicaException.class)
                .hasMessage("read db/0000/0000000000000001-0000000000000001.ltx: HTTP 503 SlowDown from "
                        + server.endpoint());
        assertThat(client.read(key, 0, 10)).hasSize(10);
    }

    @Test
    void manyReadsInARowReuseTheirConnections() throws Exception {
        S3ReplicaClient client = fixture.clientWithPool(2);
        LtxFileKey key = LtxFileKey.of(0, 1, 1);
        client.createIfAbsent(key, UploadContent.of(new byte[100_000]), T);

        // A pool of 2 connections: a request that left its connection unreturned would soon exhaust it, and the
        // next would time out waiting for one.
        for (int i = 0; i < 200; i++) {
            assertThat(client.read(key, (i * 997L) % 90_000, 4096)).hasSize(4096);
            assertThat(client.read(key, 99_000, 4096)).hasSize(1_000); // the clipped end of the object
            assertThat(client.read(key, 100_000, 10)).isEmpty(); // past the end: an error answer
            assertThat(client.list(0, 0)).hasSize(1);
        }
    }
}
