package io.github.ltxkit.interop;

/**
 * The harness could not do what was asked: the extension could not be fetched or verified, {@code sqlite3} could
 * not be started, a statement failed, or a process did not finish in time. The message says which, with the exit
 * status, the tail of {@code sqlite3}'s standard error and of Litestream's log where they help; it never contains
 * a secret access key.
 */
public class LitestreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public LitestreamException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public LitestreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
