package io.github.ltxkit.replica;

/**
 * A failure that retrying may fix: a 5xx status, 503 SlowDown, a timeout, a reset connection, or a body cut short.
 *
 * <p>For a write, the outcome is unknown: the object may or may not have been stored.
 */
public class TransientReplicaException extends ReplicaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception; see {@link ReplicaException#ReplicaException}. */
    public TransientReplicaException(ReplicaOperation operation, String key, String message, Throwable cause) {
        super(operation, key, message, cause);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
