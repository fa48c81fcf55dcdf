package io.github.ltxkit.replica.s3;

import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The connection to one S3 endpoint with one configuration: an HTTP client (and its connection pool), the signed
 * requests sent straight over it for reads and listings ({@link SignedRequests}, when the endpoint allows them), and
 * the AWS SDK's S3 client for everything else, built over the same HTTP client on first use. A replica that only
 * reads never builds the SDK client: its first query pays neither the client's construction nor its request
 * pipeline.
 *
 * <p>Thread-safe: {@code lock} guards the lazily built SDK client and the closed flag; the HTTP client and the
 * signed requests are thread-safe on their own.
 */
final class S3Transport implements AutoCloseable {
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final SignedRequests signed;
    private final Supplier<S3Client> sdkFactory;
    private final Object lock = new Object();
    /** Guarded by {@code lock}; published through the volatile write for lock-free reads. */
    private volatile S3Client sdk;
    /** Guarded by {@code lock}. */
    private boolean closed;

    /**
     * @param http        the HTTP client; the transport owns it and closes it
     * @param credentials the credentials provider; the transport owns it and closes it if it can be closed
     * @param signed      the direct requests, or {@code null} where only the SDK may talk to the endpoint
     * @param sdkFactory  builds the SDK client over {@code http}, once, on first use
     */
    S3Transport(SdkHttpClient http, AwsCredentialsProvider credentials, SignedRequests signed,
                Supplier<S3Client> sdkFactory) {
        this.http = http;
        this.credentials = credentials;
        this.signed = signed;
        this.sdkFactory = sdkFactory;
    }

    /** Returns the direct requests, or {@code null} if reads and listings must go through the SDK. */
    SignedRequests signed() {
        return signed;
    }

    /**
     * Returns the SDK client, building it on first use.
     *
     * @throws IllegalStateException if the transport is closed
     */
    S3Client sdk() {
        S3Client built = sdk;
        if (built != null) {
            return built;
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the S3 connection is closed");
            }
            if (sdk == null) {
                sdk = sdkFactory.get();
            }
            return sdk;
        }
    }

    /** Returns whether the SDK client has been built. */
    boolean sdkBuilt() {
        return sdk != null;
    }

    /**
     * Closes the SDK client, if built (which closes the credentials provider), the HTTP client with its connections
     * (which the SDK leaves open, as it was given it), and else the credentials provider. Idempotent.
     */
    @Override
    public void close() {
        S3Client toClose;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = sdk;
        }
        try {
            if (toClose != null) {
                toClose.close(); // leaves the HTTP client open: the SDK does not close a client it was given
            }
        } finally {
            try {
                http.close();
            } finally {
                if (toClose == null && credentials instanceof AutoCloseable closeable) {
                    closeQuietly(closeable);
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.getLogger(S3Transport.class.getName()).log(System.Logger.Level.DEBUG,
                    "cannot close the S3 credentials provider", e);
        }
    }
}
