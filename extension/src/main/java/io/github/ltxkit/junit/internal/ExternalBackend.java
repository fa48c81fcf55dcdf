package io.github.ltxkit.junit.internal;

import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.junit.ReplicaLocation;
import java.nio.file.Path;

/**
 * An S3 endpoint outside the build (AWS S3, a MinIO cluster) as a backend: every database gets its own prefix
 * {@code <configured prefix>/<run>/<sequence>-<label>} in the configured bucket, deleted afterwards unless kept.
 * Thread-safe.
 */
final class ExternalBackend extends StorageBackend {
    private final ExternalSettings settings;
    private final String runId;

    ExternalBackend(ExternalSettings settings, String runId) {
        super(new S3Store(settings.endpoint(), settings.region(), settings.credentials()));
        this.settings = settings;
        this.runId = runId;
    }

    @Override
    Backend kind() {
        return Backend.EXTERNAL;
    }

    @Override
    ReplicaLocation allocate(String label, long sequence) {
        String base = settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
        return new ReplicaLocation(Backend.EXTERNAL, settings.endpoint(), settings.region(), settings.bucket(),
                base + runId + "/" + sequence + "-" + label, settings.credentials());
    }

    @Override
    ReplicaLocation templateLocation(long n) {
        String base = settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
        return new ReplicaLocation(Backend.EXTERNAL, settings.endpoint(), settings.region(), settings.bucket(),
                base + runId + "/templates/" + n, settings.credentials());
    }

    @Override
    void discard(ReplicaLocation at) {
        store.deletePrefix(at.bucket(), at.prefix());
    }

    @Override
    String keep(ReplicaLocation at, Path localCopy) {
        return inBucket(at);
    }
}
