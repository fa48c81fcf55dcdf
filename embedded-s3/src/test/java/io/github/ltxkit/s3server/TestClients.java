package io.github.ltxkit.s3server;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** SDK clients for the embedded server: path style, no Expect: 100-continue, no SDK retries. */
final class TestClients {
    private TestClients() {
    }

    static S3Client client(EmbeddedS3Server server) {
        return client(server, server.credentials().accessKeyId(), server.credentials().secretAccessKey());
    }

    static S3Client client(EmbeddedS3Server server, String accessKeyId, String secret) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(server.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .expectContinueEnabled(false)
                        .maxConnections(64)
                        .socketTimeout(Duration.ofSeconds(10)))
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build();
    }
}
