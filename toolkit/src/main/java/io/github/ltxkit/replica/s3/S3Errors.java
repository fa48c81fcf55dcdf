package io.github.ltxkit.replica.s3;

import io.github.ltxkit.replica.ObjectAlreadyExistsException;
import io.github.ltxkit.replica.ObjectNotFoundException;
import io.github.ltxkit.replica.ReplicaAccessException;
import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.replica.TransientReplicaException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * Turns the failures of S3 requests (AWS SDK exceptions, error responses to {@link SignedRequests}, I/O errors)
 * into {@link ReplicaException}s that say which kind of failure happened, keeping the original as the cause.
 * Messages name the bucket, the key and the endpoint, never credentials (neither the SDK's messages nor S3's error
 * bodies carry them). Immutable.
 */
final class S3Errors {
    private final String bucket;
    private final String endpoint;
    private final Duration requestTimeout;

    /**
     * @param bucket         the bucket, for messages
     * @param endpoint       the endpoint, as shown in messages
     * @param requestTimeout the per-attempt timeout, for timeout messages
     */
    S3Errors(String bucket, String endpoint, Duration requestTimeout) {
        this.bucket = bucket;
        this.endpoint = endpoint;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Returns the replica exception for a failure of {@code op} on {@code key}: an SDK exception, an error response
     * to a signed request, or the I/O error of one.
     */
    ReplicaException map(ReplicaOperation op, String key, Exception e) {
        if (e instanceof ReplicaException mapped) {
            return mapped; // already says what went wrong
        }
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String detail = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
            return mapStatus(op, key, service.statusCode(), code, detail, e);
        }
        if (e instanceof SignedRequests.S3ResponseException response) {
            return mapStatus(op, key, response.status(), response.code(), response.detail(), e);
        }
        // The attempt timeout and the socket's read timeout have the same length: whichever fires first, it is
        // the same timeout to the user.
        if (e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException
                || find(e, java.net.SocketTimeoutException.class) != null) {
            return new TransientReplicaException(op, key, "request to " + endpoint + " timed out after "
                    + requestTimeout.toMillis() + " ms", e);
        }
        Throwable unknownHost = find(e, UnknownHostException.class);
        if (unknownHost != null) {
            return new ReplicaAccessException(op, key, "cannot resolve the host of " + endpoint + " ("
                    + unknownHost.getMessage() + ")", e);
        }
        Throwable refused = find(e, ConnectException.class);
        if (refused != null) {
            return new ReplicaAccessException(op, key, "cannot connect to " + endpoint + ": "
                    + lowerFirst(refused.getMessage() == null ? "connection refused" : refused.getMessage()), e);
        }
        Throwable tls = find(e, SSLException.class);
        if (tls != null) {
            return new ReplicaAccessException(op, key, "TLS with " + endpoint + " failed: " + tls.getMessage()
                    + " (skip-verify=true accepts certificates that cannot be verified)", e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unable to load credentials")) {
            return new ReplicaAccessException(op, key, "no S3 credentials found: pass S3Credentials in "
                    + "ReplicaOptions or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or LITESTREAM_ACCESS_KEY_ID "
                    + "and LITESTREAM_SECRET_ACCESS_KEY)", e);
        }
        return new TransientReplicaException(op, key, "I/O error talking to " + endpoint + ": " + rootCause(e), e);
    }

    private ReplicaException mapStatus(ReplicaOperation op, String key, int status, String code, String detail,
                                       Exception e) {
        String codeOrNone = code == null || code.isEmpty() ? "(no error code)" : code;
        if ("NoSuchBucket".equals(code)) {
            return new ReplicaAccessException(op, key, "bucket '" + bucket + "' does not exist at " + endpoint, e);
        }
        if ("NoSuchKey".equals(code) || (status == 404 && code == null)) {
            return new ObjectNotFoundException(op, key, "no such object in bucket '" + bucket + "'", e);
        }
        if (status == 412) {
            return new ObjectAlreadyExistsException(op, key, "object already exists in bucket '" + bucket
                    + "' (another writer took this TXID range)", e);
        }
        if ("InvalidAccessKeyId".equals(code)) {
            return new ReplicaAccessException(op, key,
                    "access denied: the access key is not known to the endpoint (check the credentials)", e);
        }
        if ("SignatureDoesNotMatch".equals(code)) {
            return new ReplicaAccessException(op, key, "access denied: the request signature does not match "
                    + "(check the secret access key)", e);
        }
        if (status == 403) {
            return new ReplicaAccessException(op, key, "access denied to bucket '" + bucket + "' at " + endpoint
                    + " (" + codeOrNone + "): the credentials lack permission", e);
        }
        if ("AuthorizationHeaderMalformed".equals(code) || "PermanentRedirect".equals(code) || status == 301) {
            return new ReplicaAccessException(op, key, "bucket '" + bucket + "' is not in the configured region ("
                    + codeOrNone + "): set region= in the replica URL", e);
        }
        if (status >= 500 || status == 429 || status == 408 || "RequestTimeout".equals(code)
                || "ConditionalRequestConflict".equals(code)) {
            return new TransientReplicaException(op, key, "HTTP " + status + " " + codeOrNone + " from " + endpoint,
                    e);
        }
        return new ReplicaException(op, key, "unexpected response HTTP " + status + " " + codeOrNone + " from "
                + endpoint + (detail == null ? "" : ": " + detail), e);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
