package io.github.ltxkit.replica.s3;

import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.ltx.TxRange;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.UploadContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The LTX files of a replica in an S3 bucket, laid out exactly as Litestream's S3 backend lays them out:
 * {@code <prefix>/<level as %04x>/<min>-<max>.ltx} (an empty prefix gives {@code 0000/...}), written with the
 * {@code litestream-timestamp} metadata.
 *
 * <p>Each call makes its requests once: the SDK's retries are off, and failures are mapped to {@link
 * ReplicaException}s (transient for 5xx, throttling, timeouts and broken connections; access problems say which).
 * Before its first conditional create the client checks, once, whether the endpoint honours
 * {@code If-None-Match: *}, and logs a warning if it does not (see {@link #conditionalWritesEnforced()}).
 *
 * <p>Reads and listings are sent as SigV4-signed GETs straight over the HTTP client, where the bucket's region is
 * known; writes, deletes and the rest go through the SDK's S3 client, built on first use over the same connections
 * (see {@link S3Transport}).
 *
 * <p>Thread-safe: the transport and its connection pool are shared by all callers (and, for a client opened
 * through an {@link S3ClientCache}, by the other replicas of the same configuration).
 */
public final class S3ReplicaClient implements ReplicaClient {
    /** The metadata key holding a file's creation time, as Litestream names it. */
    public static final String TIMESTAMP_METADATA = "litestream-timestamp";

    private static final System.Logger LOG = System.getLogger(S3ReplicaClient.class.getName());
    private static final int DELETE_BATCH = 1000;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final S3Transport transport;
    /** The read path's requests sent without the SDK, or {@code null} where they go through it. */
    private final SignedBucketReads signedReads;
    private final String bucket;
    private final String keyPrefix; // "" or "<prefix>/"
    private final String description;
    private final String endpoint;
    private final S3Errors errors;
    /** Whether {@link #close()} closes {@code transport}: false when an {@link S3ClientCache} shares it. */
    private final boolean ownsTransport;
    private final Object probeLock = new Object();
    // Null until the probe ran; written under probeLock, read without it.
    private volatile Boolean conditionalWritesEnforced;

    S3ReplicaClient(S3Transport transport, ReplicaUrl url, Duration requestTimeout, boolean ownsTransport) {
        if (!url.isS3()) {
            throw new IllegalArgumentException("not an s3 replica URL: " + url);
        }
        this.transport = transport;
        this.bucket = url.bucket();
        this.signedReads = signedReads(transport.signed(), bucket);
        this.keyPrefix = url.path().isEmpty() ? "" : url.path() + "/";
        this.description = url.toString();
        this.endpoint = url.endpoint() != null ? url.endpoint().toString()
                : "AWS S3 (region " + S3Clients.region(url) + ")";
        this.errors = new S3Errors(bucket, endpoint, requestTimeout);
        this.ownsTransport = ownsTransport;
    }

    /** Returns the bucket's signed reads, or {@code null} to send the reads through the SDK. */
    private static SignedBucketReads signedReads(SignedRequests signed, String bucket) {
        if (signed == null) {
            return null;
        }
        try {
            return new SignedBucketReads(signed, signed.address(bucket));
        } catch (RuntimeException e) { // a bucket the endpoint rules cannot place: let the SDK say why, per request
            LOG.log(Level.DEBUG, () -> "reads of bucket '" + bucket + "' go through the SDK: " + e.getMessage());
            return null;
        }
    }

    /**
     * Opens the replica at an {@code s3://} URL. Credentials come from the options, else from the environment
     * ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, then {@code LITESTREAM_ACCESS_KEY_ID}/
     * {@code LITESTREAM_SECRET_ACCESS_KEY}), else from the AWS SDK's default chain. Nothing is sent yet.
     *
     * @throws IllegalArgumentException if the URL is not an s3 URL or the SDK rejects the configuration
     */
    public static S3ReplicaClient open(ReplicaUrl url, ReplicaOptions options) {
        return open(url, options, System.getenv());
    }

    static S3ReplicaClient open(ReplicaUrl url, ReplicaOptions options, Map<String, String> env) {
        return open(url, options, env, true);
    }

    /** Like {@link #open(ReplicaUrl, ReplicaOptions)}; {@code signedReads} false sends every request through the SDK. */
    static S3ReplicaClient open(ReplicaUrl url, ReplicaOptions options, Map<String, String> env, boolean signedReads) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(options, "options");
        if (!url.isS3()) {
            throw new IllegalArgumentException("not an s3 replica URL: " + url);
        }
        try {
            S3Transport transport = S3Clients.build(url, options, env, signedReads);
            return new S3ReplicaClient(transport, url, options.requestTimeout(), true);
        } catch (SdkException e) {
            throw new IllegalArgumentException("cannot configure an S3 client for " + url + ": " + e.getMessage(), e);
        }
    }

    /** Returns the object key of a file: {@code <prefix>/<level as %04x>/<min>-<max>.ltx}. */
    public String objectKey(LtxFileKey key) {
        return levelPrefix(key.level()) + key.fileName();
    }

    /**
     * Returns whether the endpoint refuses a second {@code If-None-Match: *} PUT of the same key, probing it now
     * if no conditional create has done so yet. When it does not, two writers could both take the same TXID.
     */
    public boolean conditionalWritesEnforced() throws ReplicaException {
        Boolean known = conditionalWritesEnforced;
        if (known != null) {
            return known;
        }
        synchronized (probeLock) {
            if (conditionalWritesEnforced == null) {
                conditionalWritesEnforced = probeConditionalWrites();
            }
            return conditionalWritesEnforced;
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public List<LtxFileInfo> list(int level, long minTxid) throws ReplicaException {
        String levelPrefix = levelPrefix(checkLevel(level));
        // "<prefix><min>" sorts before "<min>-<max>.ltx", so listing starts at the first file that can qualify
        String startAfter = Long.compareUnsigned(minTxid, 1) > 0 ? levelPrefix + Ltx.formatTxid(minTxid) : null;
        List<LtxFileInfo> files = new ArrayList<>();
        for (ListingXml.ListedObject object : listObjects(levelPrefix, startAfter)) {
            Optional<TxRange> range = TxRange.parseFileName(object.key().substring(levelPrefix.length()));
            if (range.isPresent() && Long.compareUnsigned(range.get().min(), minTxid) >= 0) {
                files.add(new LtxFileInfo(new LtxFileKey(level, range.get()), object.size(), object.lastModified()));
            }
        }
        files.sort(Comparator.comparing(LtxFileInfo::key));
        return files;
    }

    /** Lists every level with one paginated ListObjectsV2 of the replica's prefix, not one per level. */
    @Override
    public List<LtxFileInfo> listAllLevels() throws ReplicaException {
        List<LtxFileInfo> files = new ArrayList<>();
        for (ListingXml.ListedObject object : listObjects(keyPrefix, null)) {
            parseLevelKey(object.key().substring(keyPrefix.length())).ifPresent(key ->
                    files.add(new LtxFileInfo(key, object.size(), object.lastModified())));
        }
        files.sort(Comparator.comparing(LtxFileInfo::key));
        return files;
    }

    /** Lists the objects under {@code prefix} after {@code startAfter} (if not null), every page of them. */
    private List<ListingXml.ListedObject> listObjects(String prefix, String startAfter) throws ReplicaException {
        try {
            if (signedReads != null) {
                return signedReads.list(prefix, startAfter);
            }
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .startAfter(startAfter);
            List<ListingXml.ListedObject> objects = new ArrayList<>();
            String token = null;
            do {
                ListObjectsV2Response page = sdk().listObjectsV2(request.continuationToken(token).build());
                for (S3Object object : page.contents()) {
                    objects.add(new ListingXml.ListedObject(object.key(), object.size(), object.lastModified()));
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
            return objects;
        } catch (SdkException | IOException e) {
            throw errors.map(ReplicaOperation.LIST, prefix, e);
        }
    }

    /** Parses {@code <level as 4 hex digits>/<min>-<max>.ltx}; anything else (a probe, a stray object) is skipped. */
    static Optional<LtxFileKey> parseLevelKey(String relative) {
        if (relative.length() < 6 || relative.charAt(4) != '/') {
            return Optional.empty();
        }
        int level;
        try {
            level = Integer.parseInt(relative.substring(0, 4), 16);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (level > LtxFileKey.MAX_LEVEL || !relative.substring(0, 4).equals(String.format("%04x", level))) {
            return Optional.empty();
        }
        return TxRange.parseFileName(relative.substring(5)).map(range -> new LtxFileKey(level, range));
    }

    @Override
    public byte[] read(LtxFileKey key, long offset, int length) throws ReplicaException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: offset=" + offset
                    + " length=" + length);
        }
        String objectKey = objectKey(key);
        if (length == 0) {
            try { // no range can be empty: check only that the object exists
                sdk().headObject(b -> b.bucket(bucket).key(objectKey));
                return new byte[0];
            } catch (SdkException e) {
                throw errors.map(ReplicaOperation.READ, objectKey, e);
            }
        }
        try {
            if (signedReads != null) {
                return signedReads.read(objectKey, offset, length);
            }
            long last = offset > Long.MAX_VALUE - length ? Long.MAX_VALUE : offset + length - 1;
            try (ResponseInputStream<GetObjectResponse> in = sdk().getObject(
                    b -> b.bucket(bucket).key(objectKey).range("bytes=" + offset + "-" + last))) {
                return RangeBody.read(in, in.response().contentRange(), in.response().contentLength(), offset,
                        length, objectKey);
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return new byte[0]; // the range starts at or after the end of the object
            }
            throw errors.map(ReplicaOperation.READ, objectKey, e);
        } catch (SdkException | IOException e) {
            throw errors.map(ReplicaOperation.READ, objectKey, e);
        }
    }

    @Override
    public InputStream open(LtxFileKey key) throws ReplicaException {
        String objectKey = objectKey(key);
        try {
            if (signedReads != null) {
                return signedReads.open(objectKey);
            }
            ResponseInputStream<GetObjectResponse> in = sdk().getObject(b -> b.bucket(bucket).key(objectKey));
            return new ObjectStream(in, in::abort, objectKey, in.response().contentLength());
        } catch (SdkException | IOException e) {
            throw errors.map(ReplicaOperation.READ, objectKey, e);
        }
    }

    @Override
    public void createIfAbsent(LtxFileKey key, UploadContent content, Instant createdAt) throws ReplicaException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(createdAt, "createdAt");
        conditionalWritesEnforced();
        String objectKey = objectKey(key);
        try {
            putIfAbsent(objectKey, body(content), Map.of(TIMESTAMP_METADATA, formatTimestamp(createdAt)));
        } catch (SdkException e) {
            throw errors.map(ReplicaOperation.WRITE, objectKey, e);
        } catch (UncheckedIOException e) {
            throw new ReplicaException(ReplicaOperation.WRITE, objectKey, "cannot read the content to upload: "
                    + e.getCause(), e.getCause());
        }
    }

    @Override
    public void delete(Collection<LtxFileKey> keys) throws ReplicaException {
        List<ObjectIdentifier> ids = keys.stream().map(k -> ObjectIdentifier.builder().key(objectKey(k)).build())
                .distinct().toList();
        for (int from = 0; from < ids.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = ids.subList(from, Math.min(ids.size(), from + DELETE_BATCH));
            String first = batch.getFirst().key();
            try {
                var response = sdk().deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
                var failed = response.errors().stream().filter(err -> !"NoSuchKey".equals(err.code())).toList();
                if (!failed.isEmpty()) {
                    var err = failed.getFirst();
                    throw new ReplicaException(ReplicaOperation.DELETE, err.key(), "cannot delete " + failed.size()
                            + " of " + batch.size() + " objects in bucket '" + bucket + "', first: " + err.code()
                            + " " + err.message(), null);
                }
            } catch (SdkException e) {
                throw errors.map(ReplicaOperation.DELETE, first, e);
            }
        }
    }

    /** Closes the S3 clients and their connections, unless an {@link S3ClientCache} shares them. */
    @Override
    public void close() {
        if (ownsTransport) {
            transport.close();
        }
    }

    /** Returns the connection this client sends its requests over. */
    S3Transport transport() {
        return transport;
    }

    /** Returns the SDK client, built on first use (a replica that only reads may never need it). */
    private S3Client sdk() {
        return transport.sdk();
    }

    @Override
    public String toString() {
        return "S3ReplicaClient[" + description + "]";
    }

    /** Formats a time as Go's RFC 3339 with nanoseconds in UTC: trailing zeros of the fraction dropped. */
    static String formatTimestamp(Instant t) {
        String fraction = "";
        if (t.getNano() != 0) {
            fraction = "." + String.format("%09d", t.getNano()).replaceAll("0+$", "");
        }
        return SECONDS.format(t) + fraction + "Z";
    }

    private String levelPrefix(int level) {
        return keyPrefix + String.format("%04x", level) + "/";
    }

    private void putIfAbsent(String objectKey, RequestBody body, Map<String, String> metadata) {
        sdk().putObject(b -> b.bucket(bucket).key(objectKey).ifNoneMatch("*").metadata(metadata)
                .contentLength(body.optionalContentLength().orElseThrow()), body);
    }

    private boolean probeConditionalWrites() throws ReplicaException {
        String probeKey = keyPrefix + ".ltxkit-probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        RequestBody body = RequestBody.fromBytes(new byte[] {'p', 'r', 'o', 'b', 'e'});
        try {
            putIfAbsent(probeKey, body, Map.of());
            boolean enforced;
            try {
                putIfAbsent(probeKey, body, Map.of());
                enforced = false;
            } catch (S3Exception e) {
                if (e.statusCode() != 412) {
                    throw e;
                }
                enforced = true;
            }
            if (!enforced) {
                LOG.log(Level.WARNING, "endpoint " + endpoint + " (bucket '" + bucket + "') ignores conditional "
                        + "writes (If-None-Match); two writers could both take the same TXID");
            }
            return enforced;
        } catch (SdkException e) {
            throw errors.map(ReplicaOperation.WRITE, probeKey, e);
        } finally {
            try {
                sdk().deleteObject(b -> b.bucket(bucket).key(probeKey));
            } catch (SdkException e) {
                LOG.log(Level.DEBUG, () -> "cannot delete probe object " + probeKey + " in bucket '" + bucket + "'",
                        e);
            }
        }
    }

    private static RequestBody body(UploadContent content) {
        ContentStreamProvider provider = switch (content) {
            case UploadContent.Bytes b -> ContentStreamProvider.fromByteArrayUnsafe(b.bytes());
            case UploadContent.File f -> reopening(f);
            case UploadContent.Supplied s -> reopening(s);
        };
        return RequestBody.fromContentProvider(provider, content.length(), "application/octet-stream");
    }

    /** A provider that opens a fresh stream for every attempt the SDK makes. */
    private static ContentStreamProvider reopening(UploadContent content) {
        return () -> {
            try {
                return content.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static int checkLevel(int level) {
        if (level < 0 || level > LtxFileKey.MAX_LEVEL) {
            throw new IllegalArgumentException("level must be 0 to 9: " + level);
        }
        return level;
    }
}
