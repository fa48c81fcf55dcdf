package io.github.ltxkit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import java.net.URI;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where a test database's replica is stored: an S3 endpoint, bucket and key prefix, and the credentials to reach
 * them. Inject it to look at the replica's objects, or to point another client (a second VFS, the real Litestream)
 * at the same replica. {@link #toString()} never shows the secret.
 *
 * @param backend     the backend that holds it
 * @param endpoint    the S3 endpoint, e.g. {@code http://127.0.0.1:41234}
 * @param region      the region requests are signed for
 * @param bucket      the bucket
 * @param prefix      the key prefix of the replica, without leading or trailing slash; its LTX files are
 *                    {@code <prefix>/<level as %04x>/<min>-<max>.ltx}
 * @param credentials the access key pair
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ReplicaLocation(LitestreamDatabase.Backend backend, URI endpoint, String region, String bucket,
                              String prefix, S3Credentials credentials) {
    /** Checks that every part is present. */
    public ReplicaLocation {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(credentials, "credentials");
        if (prefix.isEmpty() || prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must be non-empty without leading or trailing '/': '"
                    + prefix + "'");
        }
    }

    /**
     * Returns the replica URL in Litestream's form, without credentials:
     * {@code s3://<bucket>/<prefix>?endpoint=<endpoint>&region=<region>} (path-style addressing).
     */
    public String replicaUrl() {
        return new ReplicaUrl(ReplicaUrl.S3, bucket, prefix, endpoint, region, true, false).toString();
    }

    /** Returns the object key of the directory of a level, {@code <prefix>/<level as %04x>/}. */
    public String levelPrefix(int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("level must be 0 to 9: " + level);
        }
        return prefix + "/" + String.format("%04x", level) + "/";
    }

    @Override
    public String toString() {
        return "ReplicaLocation[" + backend + " s3://" + bucket + "/" + prefix + " at " + endpoint + " (" + region
                + "), accessKeyId=" + credentials.accessKeyId() + "]";
    }
}
