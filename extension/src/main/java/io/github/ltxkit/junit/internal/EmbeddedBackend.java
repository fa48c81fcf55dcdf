package io.github.ltxkit.junit.internal;

import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.junit.ReplicaLocation;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.s3server.S3Op;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The in-JVM S3 server (in memory) as a backend: a bucket per database (and per fixture template), created and
 * deleted in the JVM without a request. A failed test's replica stays in its bucket until the run ends and is also
 * copied to a local directory, which outlives the JVM. Thread-safe.
 */
final class EmbeddedBackend extends StorageBackend {
    private final EmbeddedS3Server server;
    private final S3Credentials credentials;

    private EmbeddedBackend(EmbeddedS3Server server, S3Credentials credentials) {
        super(new S3Store(server.endpoint(), server.region(), credentials));
        this.server = server;
        this.credentials = credentials;
    }

    /**
     * Starts the server; a positive {@code requestLatency} makes its HTTP front end hold every request that long
     * before serving it (bucket creation and deletion happen in the JVM, without a request, and are not delayed).
     */
    static EmbeddedBackend start(Duration requestLatency) {
        EmbeddedS3Server server = EmbeddedS3Server.start();
        try {
            if (requestLatency.isPositive()) {
                for (S3Op op : S3Op.values()) {
                    server.faults().delayNext(op, "", Integer.MAX_VALUE, requestLatency);
                }
            }
            return new EmbeddedBackend(server, new S3Credentials(server.credentials().accessKeyId(),
                    server.credentials().secretAccessKey()));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    Backend kind() {
        return Backend.EMBEDDED;
    }

    /** Returns the server, whose {@code faults()} break requests at the HTTP level. */
    EmbeddedS3Server server() {
        return server;
    }

    @Override
    ReplicaLocation allocate(String label, long sequence) {
        String bucket = "ltxkit-" + sequence + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
                .substring(2);
        server.createBucket(bucket);
        return new ReplicaLocation(Backend.EMBEDDED, server.endpoint(), server.region(), bucket, label, credentials);
    }

    @Override
    ReplicaLocation templateLocation(long n) {
        String bucket = "ltxkit-template-" + n;
        server.createBucket(bucket);
        return new ReplicaLocation(Backend.EMBEDDED, server.endpoint(), server.region(), bucket, "fixture",
                credentials);
    }

    @Override
    void discard(ReplicaLocation at) {
        server.deleteBucket(at.bucket());
    }

    @Override
    String keep(ReplicaLocation at, Path localCopy) throws IOException {
        int files = copyToDirectory(at, localCopy);
        return localCopy.toAbsolutePath() + " (" + files + " LTX files in Litestream's file layout; also "
                + inBucket(at) + " until the run ends)";
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            server.close();
        }
    }
}
