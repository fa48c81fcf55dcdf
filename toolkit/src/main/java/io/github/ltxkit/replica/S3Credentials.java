package io.github.ltxkit.replica;

import java.util.Objects;

/**
 * An S3 access key pair. {@link #toString()} shows the access key id only, never the secret.
 *
 * @param accessKeyId     the access key id
 * @param secretAccessKey the secret access key
 */
public record S3Credentials(String accessKeyId, String secretAccessKey) {
    /** Checks that both parts are present and not blank. */
    public S3Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (accessKeyId.isBlank()) {
            throw new IllegalArgumentException("accessKeyId must not be blank");
        }
        if (secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("secretAccessKey must not be blank");
        }
    }

    @Override
    public String toString() {
        return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>]";
    }
}
