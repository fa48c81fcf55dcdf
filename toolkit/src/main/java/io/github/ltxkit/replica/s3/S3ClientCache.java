package io.github.ltxkit.replica.s3;

import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A set of S3 clients shared by the replicas opened through it: replicas whose URL and options ask for the same
 * endpoint, region, addressing style, TLS check, credentials and connection settings share one client (its HTTP
 * connection pool, and the AWS SDK client built over it when a write first needs one) instead of building their
 * own. Building a client costs milliseconds of CPU and its first requests open new connections, so a second
 * database on the same store starts faster.
 *
 * <p>The cache owns its clients: closing a replica opened through it leaves its client open for the next one;
 * {@link #close()} closes them all. A client stays until then, however many replicas use it.
 *
 * <pre>{@code
 * try (S3ClientCache clients = new S3ClientCache();
 *      Replica orders = Replica.open(ReplicaUrl.parse("s3://bucket/orders.db"), ReplicaOptions.defaults(), clients);
 *      Replica users = Replica.open(ReplicaUrl.parse("s3://bucket/users.db"), ReplicaOptions.defaults(), clients)) {
 *     // orders and users send their requests through one S3 client
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@code lock} guards the clients and the closed flag; a client is built under it, so two threads
 * asking for the same configuration at once get one client.
 */
public final class S3ClientCache implements AutoCloseable {
    private final Object lock = new Object();
    /** Guarded by {@code lock}. */
    private final Map<S3ClientKey, S3Transport> clients = new HashMap<>();
    /** Guarded by {@code lock}. */
    private boolean closed;

    /** Creates an empty cache. */
    public S3ClientCache() {
    }

    /**
     * Opens the replica at an {@code s3://} URL over the cache's client for that configuration, building the client
     * if there is none yet. Credentials are resolved as {@link S3ReplicaClient#open(ReplicaUrl, ReplicaOptions)}
     * resolves them. Nothing is sent yet. Closing the returned client does not close the shared one.
     *
     * @throws IllegalArgumentException if the URL is not an s3 URL or the SDK rejects the configuration
     * @throws IllegalStateException    if the cache is closed
     */
    public S3ReplicaClient open(ReplicaUrl url, ReplicaOptions options) {
        return open(url, options, System.getenv());
    }

    S3ReplicaClient open(ReplicaUrl url, ReplicaOptions options, Map<String, String> env) {
        S3Transport shared = transport(url, options, env);
        return new S3ReplicaClient(shared, url, options.requestTimeout(), false);
    }

    /**
     * Builds the client for an {@code s3://} URL and options now, if the cache has none for them yet, so that the
     * first replica opened with them does not wait for it.
     *
     * @throws IllegalArgumentException if the URL is not an s3 URL or the SDK rejects the configuration
     * @throws IllegalStateException    if the cache is closed
     */
    public void prepare(ReplicaUrl url, ReplicaOptions options) {
        transport(url, options, System.getenv());
    }

    /** Returns how many SDK clients the cache holds. */
    public int size() {
        synchronized (lock) {
            return clients.size();
        }
    }

    /** Returns the cache's transport for {@code url} and {@code options}, building it if there is none yet. */
    S3Transport transport(ReplicaUrl url, ReplicaOptions options, Map<String, String> env) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(options, "options");
        if (!url.isS3()) {
            throw new IllegalArgumentException("not an s3 replica URL: " + url);
        }
        S3ClientKey key = S3ClientKey.of(url, options, env);
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the S3 client cache is closed");
            }
            S3Transport client = clients.get(key);
            if (client == null) {
                try {
                    client = S3Clients.build(url, options, env);
                } catch (SdkException e) {
                    throw new IllegalArgumentException("cannot configure an S3 client for " + url + ": "
                            + e.getMessage(), e);
                }
                clients.put(key, client);
            }
            return client;
        }
    }

    /** Closes every client; replicas still open through the cache fail from then on. Idempotent. */
    @Override
    public void close() {
        Map<S3ClientKey, S3Transport> toClose;
        synchronized (lock) {
            closed = true;
            toClose = Map.copyOf(clients);
            clients.clear();
        }
        RuntimeException first = null;
        for (S3Transport client : toClose.values()) {
            try {
                client.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "S3ClientCache[" + size() + " clients]";
    }
}
