package io.github.ltxkit.replica.s3;

import io.github.ltxkit.replica.S3Credentials;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The replica client contract against a real MinIO in a container. The image is
 * {@value #DEFAULT_IMAGE} unless the system property {@code ltxkit.minio.image} names another.
 */
@EnabledIf(value = "dockerAvailable",
        disabledReason = "Docker is not available: the MinIO contract run needs a Docker engine for Testcontainers")
class MinioReplicaClientContractTest extends S3ReplicaClientContract {
    static final String DEFAULT_IMAGE = "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z";
    private static final String BUCKET = "ltxkit-contract";

    private static MinIOContainer minio;

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @BeforeAll
    static void startMinio() {
        DockerImageName image = DockerImageName.parse(System.getProperty("ltxkit.minio.image", DEFAULT_IMAGE))
                .asCompatibleSubstituteFor("minio/minio");
        minio = new MinIOContainer(image);
        minio.start();
        try (S3Client admin = S3Client.builder()
                .endpointOverride(URI.create(minio.getS3URL()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(minio.getUserName(), minio.getPassword())))
                .build()) {
            admin.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stopMinio() {
        if (minio != null) {
            minio.stop();
        }
    }

    @Override
    protected URI endpoint() {
        return URI.create(minio.getS3URL());
    }

    @Override
    protected String region() {
        return "us-east-1";
    }

    @Override
    protected String bucket() {
        return BUCKET;
    }

    @Override
    protected S3Credentials credentials() {
        return new S3Credentials(minio.getUserName(), minio.getPassword());
    }
}
