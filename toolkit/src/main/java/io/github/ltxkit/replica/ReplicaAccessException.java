package io.github.ltxkit.replica;

/**
 * The replica itself cannot be used: the bucket does not exist, the credentials are wrong or lack permission, or
 * the endpoint cannot be reached. The message says which, never with the credentials themselves.
 */
public class ReplicaAccessException extends ReplicaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception; see {@link ReplicaException#ReplicaException}. */
    public ReplicaAccessException(ReplicaOperation operation, String key, String message, Throwable cause) {
        super(operation, key, message, cause);
    }
}
