package io.github.ltxkit.replica;

import io.github.ltxkit.replica.s3.S3ClientCache;
import io.github.ltxkit.replica.s3.S3ReplicaClient;
import java.util.Objects;

/**
 * An opened replica: the client stack every part of ltxkit uses, from the raw backend up:
 * backend → {@link MeteredReplicaClient} → the options' decorator (fault injection, for example) →
 * {@link RetryingReplicaClient}. Use {@link #client()} for requests and {@link #metrics()} to see what they cost.
 *
 * <pre>{@code
 * try (Replica replica = Replica.open(ReplicaUrl.parse("s3://bucket/db?endpoint=localhost:9000"),
 *         ReplicaOptions.defaults())) {
 *     List<LtxFileInfo> snapshots = replica.client().list(LtxFileKey.SNAPSHOT_LEVEL, 0);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it closes the backend (but not an S3 client an {@link S3ClientCache} shares).
 */
public final class Replica implements AutoCloseable {
    private final ReplicaUrl url;
    private final ReplicaClient client;
    private final ReplicaMetrics metrics;

    private Replica(ReplicaUrl url, ReplicaClient client, ReplicaMetrics metrics) {
        this.url = url;
        this.client = client;
        this.metrics = metrics;
    }

    /**
     * Opens the replica at {@code url}: a {@link DirectoryReplicaClient} for {@code file} URLs, an
     * {@link S3ReplicaClient} for {@code s3} URLs.
     */
    public static Replica open(ReplicaUrl url, ReplicaOptions options) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(options, "options");
        ReplicaClient raw = url.isDirectory() ? new DirectoryReplicaClient(url.directory())
                : S3ReplicaClient.open(url, options);
        return assemble(url, raw, options);
    }

    /**
     * Like {@link #open(ReplicaUrl, ReplicaOptions)}, but an {@code s3} URL's requests go through {@code s3Clients}'
     * S3 client for its configuration (shared with the other replicas opened through it, and left open when this
     * replica closes).
     *
     * @throws IllegalStateException if {@code s3Clients} is closed
     */
    public static Replica open(ReplicaUrl url, ReplicaOptions options, S3ClientCache s3Clients) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(s3Clients, "s3Clients");
        ReplicaClient raw = url.isDirectory() ? new DirectoryReplicaClient(url.directory())
                : s3Clients.open(url, options);
        return assemble(url, raw, options);
    }

    /** Builds the stack over a backend created elsewhere, e.g. an in-memory fake; {@link #url()} is then null. */
    public static Replica wrap(ReplicaClient raw, ReplicaOptions options) {
        return assemble(null, Objects.requireNonNull(raw, "raw"), Objects.requireNonNull(options, "options"));
    }

    private static Replica assemble(ReplicaUrl url, ReplicaClient raw, ReplicaOptions options) {
        ReplicaMetrics metrics = new ReplicaMetrics();
        ReplicaClient metered = new MeteredReplicaClient(raw, metrics);
        ReplicaClient decorated = Objects.requireNonNull(options.decorator().apply(metered),
                "the options' decorator returned null");
        ReplicaClient top = new RetryingReplicaClient(decorated, options.retryPolicy());
        return new Replica(url, top, metrics);
    }

    /** Returns the top of the stack: the client to make requests with. */
    public ReplicaClient client() {
        return client;
    }

    /** Returns the counters of the requests that reached the backend (every retry attempt included). */
    public ReplicaMetrics metrics() {
        return metrics;
    }

    /** Returns the replica's URL, or {@code null} for a {@linkplain #wrap wrapped} backend. */
    public ReplicaUrl url() {
        return url;
    }

    /** Returns where the replica is, without credentials. */
    public String describe() {
        return client.describe();
    }

    /** Closes the stack and the backend's connections. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "Replica[" + describe() + "]";
    }
}
