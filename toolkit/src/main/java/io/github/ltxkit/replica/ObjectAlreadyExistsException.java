package io.github.ltxkit.replica;

/**
 * A conditional create lost: a file already exists under the key (HTTP 412 {@code PreconditionFailed} to
 * {@code If-None-Match: *}), so another writer took that TXID first.
 */
public class ObjectAlreadyExistsException extends ReplicaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception; see {@link ReplicaException#ReplicaException}. */
    public ObjectAlreadyExistsException(ReplicaOperation operation, String key, String message, Throwable cause) {
        super(operation, key, message, cause);
    }
}
