package io.github.ltxkit.junit.internal;

import io.github.ltxkit.replica.LtxFileKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A fixture built into LTX files: what seeding copies into each database's fresh replica. Immutable (the arrays
 * are never written after construction).
 *
 * @param files the files, in key order
 */
record Snapshot(List<File> files) {
    /** A snapshot without files: a replica a writable database starts as a new, empty database. */
    static final Snapshot EMPTY = new Snapshot(List.of());

    Snapshot {
        files = List.copyOf(files);
    }

    /**
     * One LTX file.
     *
     * @param key       its level and TXID range
     * @param bytes     its content
     * @param createdAt its creation time
     */
    record File(LtxFileKey key, byte[] bytes, Instant createdAt) {
        File {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    /** Returns the total size of the files in bytes. */
    long bytes() {
        return files.stream().mapToLong(f -> f.bytes().length).sum();
    }
}
