package io.github.ltxkit.replica;

/** The file does not exist (HTTP 404 {@code NoSuchKey}, or no such file in a directory). */
public class ObjectNotFoundException extends ReplicaException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception; see {@link ReplicaException#ReplicaException}. */
    public ObjectNotFoundException(ReplicaOperation operation, String key, String message, Throwable cause) {
        super(operation, key, message, cause);
    }
}
