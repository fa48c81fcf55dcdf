package io.github.ltxkit.replica.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaClientContract;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The replica client contract for S3 endpoints: each test works under its own random key prefix, and raw access
 * goes through a plain SDK client.
 */
abstract class S3ReplicaClientContract extends ReplicaClientContract {
    private S3Client raw;
    private String prefix;

    /** Returns the endpoint, or {@code null} for AWS. */
    protected abstract URI endpoint();

    protected abstract String region();

    protected abstract String bucket();

    protected abstract S3Credentials credentials();

    /** Returns how far the endpoint's clock may be from this one. */
    protected Duration clockSkew() {
        return Duration.ofSeconds(1);
    }

    @Override
    protected ReplicaClient newClient() {
        prefix = "contract/" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "/db";
        var rawBuilder = S3Client.builder()
                .region(Region.of(region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(credentials().accessKeyId(), credentials().secretAccessKey())))
                .forcePathStyle(endpoint() != null)
                .httpClientBuilder(ApacheHttpClient.builder().expectContinueEnabled(false));
        if (endpoint() != null) {
            rawBuilder.endpointOverride(endpoint());
        }
        raw = rawBuilder.build();
        return open(url(), ReplicaOptions.builder().credentials(credentials()).build());
    }

    /** Opens the client under test. */
    protected S3ReplicaClient open(ReplicaUrl url, ReplicaOptions options) {
        return S3ReplicaClient.open(url, options, Map.of());
    }

    /** Returns the replica URL of the current test's prefix. */
    protected ReplicaUrl url() {
        String query = "?region=" + region() + (endpoint() == null ? "" : "&endpoint=" + endpoint());
        return ReplicaUrl.parse("s3://" + bucket() + "/" + prefix + query);
    }

    @Override
    protected void putRaw(String relativeName, byte[] bytes) {
        raw.putObject(b -> b.bucket(bucket()).key(prefix + "/" + relativeName), RequestBody.fromBytes(bytes));
    }

    @Override
    protected Set<String> rawNames() {
        Set<String> names = new HashSet<>();
        for (S3Object o : raw.listObjectsV2Paginator(b -> b.bucket(bucket()).prefix(prefix + "/")).contents()) {
            names.add(o.key().substring(prefix.length() + 1));
        }
        return names;
    }

    @Override
    protected String litestreamName(int level, String fileName) {
        return "000" + level + "/" + fileName; // the level as %04x: 0000/, 0009/
    }

    @Override
    protected void assertListedCreatedAt(Instant listed, Instant writeStart, Instant writeEnd) {
        // S3 listings carry LastModified (the upload time, whole seconds); the creation time is in the metadata
        assertThat(listed).isBetween(writeStart.truncatedTo(ChronoUnit.SECONDS).minus(clockSkew()),
                writeEnd.plus(clockSkew()));
    }

    @Override
    protected void cleanUp() {
        List<ObjectIdentifier> ids = raw.listObjectsV2Paginator(b -> b.bucket(bucket()).prefix(prefix + "/"))
                .contents().stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
        for (int i = 0; i < ids.size(); i += 1000) {
            List<ObjectIdentifier> batch = ids.subList(i, Math.min(ids.size(), i + 1000));
            raw.deleteObjects(b -> b.bucket(bucket()).delete(d -> d.objects(batch).quiet(true)));
        }
        raw.close();
    }

    @Test
    void createIfAbsentRecordsTheCreationTimeAsLitestreamTimestampMetadata() throws Exception {
        LtxFileKey key = create(0, 1, 1, "x");

        Map<String, String> metadata = raw.headObject(b -> b.bucket(bucket()).key(prefix + "/0000/"
                + key.fileName())).metadata();
        assertThat(metadata).containsEntry(S3ReplicaClient.TIMESTAMP_METADATA, "2024-02-03T04:05:06.123456789Z");
    }

    @Test
    void theConditionalWriteProbeLeavesNoObjectBehind() throws Exception {
        create(0, 1, 1, "x");

        assertThat(((S3ReplicaClient) client).conditionalWritesEnforced()).isTrue();
        assertThat(raw.listObjectsV2(b -> b.bucket(bucket()).prefix(prefix + "/")).contents())
                .extracting(S3Object::key).containsExactly(prefix + "/0000/0000000000000001-0000000000000001.ltx");
    }
}
