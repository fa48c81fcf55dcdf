package io.github.ltxkit.replica;

/** The kinds of request a replica client makes, for metrics, errors and fault rules. */
public enum ReplicaOperation {
    /** Listing the files of a level. */
    LIST,
    /** Reading a byte range or a whole file. */
    READ,
    /** Creating a file (only if it does not exist yet). */
    WRITE,
    /** Deleting files. */
    DELETE
}
