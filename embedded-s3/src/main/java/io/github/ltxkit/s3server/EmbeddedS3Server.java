package io.github.ltxkit.s3server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * An S3-compatible server running inside the JVM for tests: S3Proxy with an in-memory store, listening on
 * 127.0.0.1 behind a small fault-injecting HTTP front end.
 *
 * <p>Each server has its own random access key and secret, accepts AWS signature V2 and V4, and serves path-style
 * requests in region {@value #REGION}. Conditional writes ({@code If-None-Match: *}, {@code If-Match: <etag>}) are
 * linearizable per key. {@link #faults()} injects errors, delays, truncated bodies and connection resets at the
 * HTTP level. Clients should disable {@code Expect: 100-continue}.
 *
 * <pre>{@code
 * try (EmbeddedS3Server s3 = EmbeddedS3Server.start()) {
 *     s3.createBucket("test");
 *     URI endpoint = s3.endpoint();   // http://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it stops the server and discards every object.
 */
public final class EmbeddedS3Server implements AutoCloseable {
    /** The region the server claims to be in. */
    public static final String REGION = "us-east-1";

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String SECRET_ALPHABET = KEY_ALPHABET + "abcdefghijklmnopqrstuvwxyz";

    private final BlobStore store;
    private final S3Proxy proxy;
    private final FaultFrontEnd frontEnd;
    private final ServerFaults faults;
    private final Credentials credentials;
    private final URI endpoint;
    // Guarded by this: whether close() ran.
    private boolean closed;

    /**
     * The access key pair a server accepts. {@link #toString()} shows the access key id only.
     *
     * @param accessKeyId     the access key id
     * @param secretAccessKey the secret access key
     */
    public record Credentials(String accessKeyId, String secretAccessKey) {
        /** Checks that both parts are present. */
        public Credentials {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String toString() {
            return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>]";
        }
    }

    private EmbeddedS3Server(BlobStore store, S3Proxy proxy, FaultFrontEnd frontEnd, ServerFaults faults,
            Credentials credentials) {
        this.store = store;
        this.proxy = proxy;
        this.frontEnd = frontEnd;
        this.faults = faults;
        this.credentials = credentials;
        this.endpoint = URI.create("http://127.0.0.1:" + frontEnd.port());
    }

    /**
     * Starts a server on a free port of 127.0.0.1 with a fresh random access key and secret.
     *
     * @throws IllegalStateException if S3Proxy does not start
     */
    public static EmbeddedS3Server start() {
        ShadedJettyProperties.presetReferencesPerCacheLine();
        SecureRandom random = new SecureRandom();
        Credentials credentials = new Credentials("LTXK" + randomString(random, KEY_ALPHABET, 16),
                randomString(random, SECRET_ALPHABET, 40));
        ServerFaults faults = new ServerFaults();
        BlobStore store = new ConditionalWriteStore(new TransientNio2BlobStore(), faults::ignoresConditionalWrites);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, credentials.accessKeyId(),
                        credentials.secretAccessKey())
                .stopTimeout(0)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start within 10 s: state " + proxy.getState());
                }
                Thread.sleep(1);
            }
            FaultFrontEnd frontEnd = FaultFrontEnd.start(new InetSocketAddress("127.0.0.1", proxy.getPort()), faults);
            return new EmbeddedS3Server(store, proxy, frontEnd, faults, credentials);
        } catch (Exception e) {
            stopQuietly(proxy);
            store.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot start the embedded S3 server: " + e.getMessage(), e);
        }
    }

    /** Returns the server's URL, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return endpoint;
    }

    /** Returns the region to sign requests for, {@value #REGION}. */
    public String region() {
        return REGION;
    }

    /** Returns the access key pair this server accepts. */
    public Credentials credentials() {
        return credentials;
    }

    /** Returns the fault rules and request log of this server's front end. */
    public ServerFaults faults() {
        return faults;
    }

    /**
     * Creates a bucket if it does not exist yet.
     *
     * @throws IllegalArgumentException if the name is not a valid S3 bucket name
     */
    public void createBucket(String name) {
        checkBucketName(name);
        try {
            store.createContainer(name);
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            // idempotent: the bucket exists, which is what was asked for
        }
    }

    /** Deletes a bucket and everything in it; a bucket that does not exist is not an error. */
    public void deleteBucket(String name) {
        checkBucketName(name);
        store.deleteContainer(name);
    }

    /** Stops the server and discards its objects. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        frontEnd.close();
        stopQuietly(proxy);
        store.close();
    }

    @Override
    public String toString() {
        return "EmbeddedS3Server[" + endpoint + "]";
    }

    private static void checkBucketName(String name) {
        Objects.requireNonNull(name, "name");
        if (!BUCKET_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException(
                    "invalid bucket name: '" + name + "' (want 3 to 63 of a-z, 0-9, '.', '-', starting and ending "
                            + "with a letter or digit)");
        }
    }

    private static String randomString(SecureRandom random, String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            System.getLogger(EmbeddedS3Server.class.getName())
                    .log(System.Logger.Level.DEBUG, "stopping S3Proxy failed", e);
        }
    }
}
