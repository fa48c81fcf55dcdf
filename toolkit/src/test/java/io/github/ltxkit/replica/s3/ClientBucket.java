package io.github.ltxkit.replica.s3;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.replica.UploadContent;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.s3server.S3Op;
import io.github.ltxkit.testsupport.SharedS3Server;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One test's bucket on the shared embedded S3 server, created with the fixture, and the S3 replica clients the test
 * opens on it: {@link #close()} closes the clients, clears the server's faults and deletes the bucket. Owned by the
 * test's thread.
 */
final class ClientBucket implements AutoCloseable {
    /** The creation time the fixture's objects are stored with. */
    static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    private final EmbeddedS3Server server = SharedS3Server.get();
    private final String bucket;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    ClientBucket(String prefix) {
        this.bucket = SharedS3Server.newBucket(prefix);
    }

    EmbeddedS3Server server() {
        return server;
    }

    String bucket() {
        return bucket;
    }

    S3Credentials credentials() {
        return new S3Credentials(server.credentials().accessKeyId(), server.credentials().secretAccessKey());
    }

    /** Returns the URL of {@code path} in bucket {@code bucketName} on the embedded server. */
    ReplicaUrl url(String bucketName, String path) {
        return ReplicaUrl.parse("s3://" + bucketName + "/" + path + "?endpoint=" + server.endpoint());
    }

    /** Opens a client closed with the fixture. */
    S3ReplicaClient client(ReplicaUrl url, S3Credentials credentials, Duration requestTimeout) {
        return closeAfter(S3ReplicaClient.open(url, ReplicaOptions.builder().credentials(credentials)
                .requestTimeout(requestTimeout).build(), Map.of()));
    }

    /** Opens a client of {@code path} in the fixture's bucket, with a 10 s request timeout. */
    S3ReplicaClient client(String path) {
        return client(url(bucket, path), credentials(), Duration.ofSeconds(10));
    }

    /** Opens a client of {@code db} whose pool holds {@code connections} connections, waited for up to 5 s. */
    S3ReplicaClient clientWithPool(int connections) {
        return closeAfter(S3ReplicaClient.open(url(bucket, "db"), ReplicaOptions.builder()
                .credentials(credentials()).maxConnections(connections).requestTimeout(Duration.ofSeconds(5))
                .build(), Map.of()));
    }

    /** Stores a 100,000-byte LTX-named object under {@code db} and has the server cut the next GET's body short. */
    LtxFileKey storeObjectWhoseNextGetIsCutShort(S3ReplicaClient client) throws Exception {
        LtxFileKey key = LtxFileKey.of(0, 1, 1);
        client.createIfAbsent(key, UploadContent.of(new byte[100_000]), T);
        server.faults().truncateNextBody(S3Op.GET_OBJECT, bucket + "/db/0000/", 1);
        return key;
    }

    /** Closes {@code client} with the fixture; returns it. */
    <C extends AutoCloseable> C closeAfter(C client) {
        toClose.add(client);
        return client;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        server.faults().clear();
        server.deleteBucket(bucket);
    }
}
