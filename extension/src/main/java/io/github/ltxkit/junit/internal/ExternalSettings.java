package io.github.ltxkit.junit.internal;

import io.github.ltxkit.replica.S3Credentials;
import java.net.URI;
import java.util.Objects;

/**
 * An S3 endpoint outside the build that the external backend stores replicas in. {@link #toString()} never shows
 * the secret.
 *
 * @param endpoint    the endpoint URL
 * @param region      the region to sign requests for
 * @param bucket      the bucket
 * @param credentials the access key pair
 * @param prefix      the key prefix under which each test database gets a prefix of its own
 */
record ExternalSettings(URI endpoint, String region, String bucket, S3Credentials credentials, String prefix) {
    ExternalSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(prefix, "prefix");
        if (endpoint.getHost() == null || !("http".equals(endpoint.getScheme())
                || "https".equals(endpoint.getScheme()))) {
            throw new IllegalArgumentException("the external endpoint must be an http(s) URL with a host: "
                    + endpoint);
        }
        prefix = prefix.replaceAll("^/+|/+$", "");
    }
}
