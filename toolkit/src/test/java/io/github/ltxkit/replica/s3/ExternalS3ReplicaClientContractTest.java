package io.github.ltxkit.replica.s3;

import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The replica client contract against an S3 endpoint outside the build, named by the environment variables
 * {@code LTXKIT_S3_ENDPOINT} (for AWS itself, the regional endpoint),
 * {@code LTXKIT_S3_BUCKET}, {@code LTXKIT_S3_REGION}, {@code LTXKIT_S3_ACCESS_KEY_ID} and
 * {@code LTXKIT_S3_SECRET_ACCESS_KEY}. Each test works under its own random prefix and deletes it afterwards.
 */
@EnabledIf(value = "configured", disabledReason = "no external S3 endpoint: set LTXKIT_S3_ENDPOINT, LTXKIT_S3_BUCKET, "
        + "LTXKIT_S3_REGION, LTXKIT_S3_ACCESS_KEY_ID and LTXKIT_S3_SECRET_ACCESS_KEY to run this contract against it")
class ExternalS3ReplicaClientContractTest extends S3ReplicaClientContract {

    static boolean configured() {
        return Stream.of("LTXKIT_S3_ENDPOINT", "LTXKIT_S3_BUCKET", "LTXKIT_S3_REGION", "LTXKIT_S3_ACCESS_KEY_ID",
                "LTXKIT_S3_SECRET_ACCESS_KEY").allMatch(name -> {
                    String value = System.getenv(name);
                    return value != null && !value.isBlank();
                });
    }

    @Override
    protected URI endpoint() {
        // as in a replica URL: without a scheme, http:// for local addresses and https:// otherwise
        return ReplicaUrl.parse("s3://x?endpoint=" + System.getenv("LTXKIT_S3_ENDPOINT")).endpoint();
    }

    @Override
    protected String region() {
        return System.getenv("LTXKIT_S3_REGION");
    }

    @Override
    protected String bucket() {
        return System.getenv("LTXKIT_S3_BUCKET");
    }

    @Override
    protected S3Credentials credentials() {
        return new S3Credentials(System.getenv("LTXKIT_S3_ACCESS_KEY_ID"), System.getenv("LTXKIT_S3_SECRET_ACCESS_KEY"));
    }

    @Override
    protected Duration clockSkew() {
        return Duration.ofMinutes(5);
    }
}
