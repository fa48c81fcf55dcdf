package io.github.ltxkit.junit.internal;

import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.junit.ReplicaLocation;
import io.github.ltxkit.replica.S3Credentials;
import java.net.URI;
import java.nio.file.Path;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A MinIO container (Testcontainers) as a backend, one per run, with one bucket; every database gets its own prefix
 * {@code <run>/<sequence>-<label>}. A failed test's replica stays in the bucket while the container runs.
 * Testcontainers is an optional dependency: this class is loaded only after {@link MinioAvailability} found it on
 * the classpath and Docker running. Thread-safe.
 */
final class MinioBackend extends StorageBackend {
    static final String BUCKET = "ltxkit";

    private final MinIOContainer container;
    private final ReplicaLocation base;
    private final String runId;

    private MinioBackend(MinIOContainer container, URI endpoint, S3Credentials credentials, String runId) {
        super(new S3Store(endpoint, "us-east-1", credentials));
        this.container = container;
        this.runId = runId;
        this.base = new ReplicaLocation(Backend.MINIO, endpoint, "us-east-1", BUCKET, "base", credentials);
    }

    /** Starts the container and creates the bucket. */
    static MinioBackend start(String image, String runId) {
        MinIOContainer container = new MinIOContainer(DockerImageName.parse(image)
                .asCompatibleSubstituteFor("minio/minio"));
        container.start();
        try {
            MinioBackend backend = new MinioBackend(container, URI.create(container.getS3URL()),
                    new S3Credentials(container.getUserName(), container.getPassword()), runId);
            backend.store.createBucketIfMissing(BUCKET);
            return backend;
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    @Override
    Backend kind() {
        return Backend.MINIO;
    }

    @Override
    ReplicaLocation allocate(String label, long sequence) {
        return new ReplicaLocation(Backend.MINIO, base.endpoint(), base.region(), BUCKET,
                runId + "/" + sequence + "-" + label, base.credentials());
    }

    @Override
    ReplicaLocation templateLocation(long n) {
        return new ReplicaLocation(Backend.MINIO, base.endpoint(), base.region(), BUCKET, runId + "/templates/" + n,
                base.credentials());
    }

    @Override
    void discard(ReplicaLocation at) {
        store.deletePrefix(at.bucket(), at.prefix());
    }

    @Override
    String keep(ReplicaLocation at, Path localCopy) {
        return inBucket(at) + ", until the MinIO container stops at the end of the run";
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            container.stop();
        }
    }
}
