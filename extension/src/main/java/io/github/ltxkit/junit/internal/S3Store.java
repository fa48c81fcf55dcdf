package io.github.ltxkit.junit.internal;

import io.github.ltxkit.junit.ReplicaLocation;
import io.github.ltxkit.replica.S3Credentials;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One AWS SDK client of a backend's endpoint, shared by every database on it: it uploads fixtures' LTX files,
 * copies them into replicas inside the store, deletes prefixes, and is what tests get injected (through a view
 * whose {@code close()} does nothing).
 *
 * <p>Objects are written in Litestream's S3 layout, {@code <prefix>/<level as %04x>/<min>-<max>.ltx} with the
 * {@code litestream-timestamp} metadata, as {@link io.github.ltxkit.replica.s3.S3ReplicaClient} writes and reads
 * them. Thread-safe (the SDK client is).
 */
final class S3Store implements AutoCloseable {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final S3Client client;
    private final S3Client view;

    S3Store(URI endpoint, String region, S3Credentials credentials) {
        this.client = S3Client.builder()
                .httpClient(ApacheHttpClient.builder().expectContinueEnabled(false).maxConnections(64).build())
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(2)))
                .build();
        this.view = nonClosing(client);
    }

    /** Returns a view of the shared client whose {@code close()} does nothing. */
    S3Client view() {
        return view;
    }

    /** Writes one LTX file of a snapshot into the replica at {@code at}. */
    void put(ReplicaLocation at, Snapshot.File file) {
        byte[] bytes = file.bytes();
        String key = at.levelPrefix(file.key().level()) + file.key().fileName();
        client.putObject(b -> b.bucket(at.bucket()).key(key).contentLength((long) bytes.length)
                        .metadata(Map.of("litestream-timestamp", timestamp(file.createdAt()))),
                RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(bytes), bytes.length,
                        "application/octet-stream"));
    }

    /** Copies one LTX file from the replica at {@code from} to the one at {@code to}, inside the store. */
    void copy(ReplicaLocation from, ReplicaLocation to, io.github.ltxkit.replica.LtxFileKey file) {
        String source = from.levelPrefix(file.level()) + file.fileName();
        String target = to.levelPrefix(file.level()) + file.fileName();
        client.copyObject(b -> b.sourceBucket(from.bucket()).sourceKey(source).destinationBucket(to.bucket())
                .destinationKey(target));
    }

    /** Creates {@code bucket} unless it exists. */
    void createBucketIfMissing(String bucket) {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
            client.createBucket(b -> b.bucket(bucket));
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            client.createBucket(b -> b.bucket(bucket));
        }
    }

    /** Deletes every object under {@code prefix + "/"} in {@code bucket}; returns how many. */
    int deletePrefix(String bucket, String prefix) {
        int deleted = 0;
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = client.listObjectsV2(b -> b.bucket(bucket).prefix(prefix + "/")
                    .continuationToken(continuation));
            List<ObjectIdentifier> ids = page.contents().stream().map(S3Object::key)
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            if (!ids.isEmpty()) {
                client.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
                deleted += ids.size();
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return deleted;
    }

    @Override
    public void close() {
        client.close();
    }

    /** Formats a time as Go's RFC 3339 with nanoseconds, as Litestream writes {@code litestream-timestamp}. */
    static String timestamp(Instant t) {
        String fraction = t.getNano() == 0 ? "" : "." + String.format("%09d", t.getNano()).replaceAll("0+$", "");
        return SECONDS.format(t) + fraction + "Z";
    }

    private static S3Client nonClosing(S3Client target) {
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        return null;
                    }
                    if (method.getName().equals("toString") && method.getParameterCount() == 0) {
                        return "S3Client[shared by ltxkit's test databases; close() does nothing]";
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
