package io.github.ltxkit.replica.s3;

import io.github.ltxkit.testsupport.SharedS3Server;

import io.github.ltxkit.replica.S3Credentials;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The replica client contract against the embedded S3 server (S3Proxy in memory). */
class EmbeddedS3ReplicaClientContractTest extends S3ReplicaClientContract {
    private static String bucket;

    @BeforeAll
    static void createBucket() {
        bucket = SharedS3Server.newBucket("contract");
    }

    @AfterAll
    static void deleteBucket() {
        SharedS3Server.get().deleteBucket(bucket);
    }

    @Override
    protected URI endpoint() {
        return SharedS3Server.get().endpoint();
    }

    @Override
    protected String region() {
        return SharedS3Server.get().region();
    }

    @Override
    protected String bucket() {
        return bucket;
    }

    @Override
    protected S3Credentials credentials() {
        var c = SharedS3Server.get().credentials();
        return new S3Credentials(c.accessKeyId(), c.secretAccessKey());
    }
}
