package io.github.ltxkit.bench.support;

import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.s3server.EmbeddedS3Server;

/**
 * A bucket on an embedded S3 server, and the Litestream-style replica URLs of paths in it. Immutable; the server it
 * names is thread-safe.
 *
 * @param server the server holding the bucket
 * @param bucket the bucket's name
 */
public record EmbeddedBucket(EmbeddedS3Server server, String bucket) {
    /** Checks both parts. */
    public EmbeddedBucket {
        java.util.Objects.requireNonNull(server, "server");
        java.util.Objects.requireNonNull(bucket, "bucket");
    }

    /** Creates bucket {@code name} on {@code server} (if it is not there yet) and returns it. */
    public static EmbeddedBucket create(EmbeddedS3Server server, String name) {
        server.createBucket(name);
        return new EmbeddedBucket(server, name);
    }

    /**
     * Returns the replica URL of {@code path} in this bucket, as both ltxkit and Litestream read it:
     * {@code s3://<bucket>/<path>?endpoint=http://127.0.0.1:<port>&force-path-style=true&region=us-east-1}. It holds
     * no credentials.
     */
    public String replicaUrl(String path) {
        if (path.isEmpty() || path.startsWith("/")) {
            throw new IllegalArgumentException("a replica path must be relative and not empty, got \"" + path + "\"");
        }
        return "s3://" + bucket + "/" + path + "?endpoint=" + server.endpoint() + "&force-path-style=true&region="
                + server.region();
    }

    /** Returns the server's key pair for ltxkit's replica clients. */
    public S3Credentials credentials() {
        EmbeddedS3Server.Credentials c = server.credentials();
        return new S3Credentials(c.accessKeyId(), c.secretAccessKey());
    }
}
