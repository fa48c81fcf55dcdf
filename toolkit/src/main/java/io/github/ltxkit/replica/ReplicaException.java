package io.github.ltxkit.replica;

import java.io.IOException;

/**
 * A replica request failed. Subclasses say which kind of failure it was; this class itself means a permanent
 * failure that retrying will not fix (a bad request, an object that is not LTX, an unexpected status).
 *
 * <p>The message names the operation, the replica and the file, and never contains credentials.
 */
public class ReplicaException extends IOException {
    private static final long serialVersionUID = 1L;

    private final ReplicaOperation operation;
    private final String key;

    /**
     * Creates an exception.
     *
     * @param operation the request that failed
     * @param key       the object key or path concerned, or {@code null}
     * @param message   what happened, without credentials
     * @param cause     the underlying error, or {@code null}
     */
    public ReplicaException(ReplicaOperation operation, String key, String message, Throwable cause) {
        super(operation.name().toLowerCase(java.util.Locale.ROOT) + (key == null ? "" : " " + key) + ": " + message,
                cause);
        this.operation = operation;
        this.key = key;
    }

    /** Returns the request that failed. */
    public ReplicaOperation operation() {
        return operation;
    }

    /** Returns the object key or path concerned, or {@code null}. */
    public String key() {
        return key;
    }

    /** Returns whether retrying the same request may succeed. */
    public boolean isTransient() {
        return false;
    }
}
