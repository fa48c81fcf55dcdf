package io.github.ltxkit.replica.s3;

import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Everything {@link S3Clients#build} makes an S3 transport from: two replicas with equal keys can share one.
 * {@link #toString()} leaves the credentials out.
 *
 * @param endpoint       the custom endpoint, or {@code null} for AWS
 * @param region         the signing region
 * @param crossRegion    whether the client finds the bucket's region itself
 * @param forcePathStyle whether the bucket goes in the path
 * @param skipVerify     whether TLS certificates go unchecked
 * @param keys           the fixed keys, or {@code null} for the SDK's default chain
 * @param maxConnections the connection pool's size
 * @param connectTimeout the connect timeout
 * @param requestTimeout the per-attempt and socket timeout
 */
record S3ClientKey(URI endpoint, String region, boolean crossRegion, boolean forcePathStyle, boolean skipVerify,
                   S3Clients.StaticKeys keys, int maxConnections, Duration connectTimeout, Duration requestTimeout) {
    /** Returns the key of the client {@link S3Clients#build} would build for {@code url} and {@code options}. */
    static S3ClientKey of(ReplicaUrl url, ReplicaOptions options, Map<String, String> env) {
        return new S3ClientKey(url.endpoint(), S3Clients.region(url), S3Clients.crossRegion(url),
                url.forcePathStyle(), url.skipVerify(), S3Clients.staticKeys(options.credentials(), env),
                options.maxConnections(), options.connectTimeout(), options.requestTimeout());
    }

    @Override
    public String toString() {
        return "S3ClientKey[endpoint=" + (endpoint == null ? "AWS" : endpoint) + ", region=" + region
                + ", crossRegion=" + crossRegion + ", forcePathStyle=" + forcePathStyle + ", skipVerify="
                + skipVerify + ", credentials=" + (keys == null ? "default chain" : "fixed keys (redacted)")
                + ", maxConnections=" + maxConnections + ", connectTimeout=" + connectTimeout + ", requestTimeout="
                + requestTimeout + "]";
    }
}
