package io.github.ltxkit.vfs;

import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import java.time.Instant;

/**
 * An LTX file of the replica as the page table refers to it: level and TXID range, length in bytes and creation time
 * from the listing. Its content never changes, so its pages can be cached under it forever; size and creation time
 * are part of its identity in case a replica is rebuilt under the same names. Immutable; its hash and file name are
 * computed once, since every page cache lookup hashes it and every frame decoded names it.
 */
final class RemoteFile {
    private final LtxFileKey key;
    private final long size;
    private final Instant createdAt;
    private final String fileName;
    private final int hash;

    RemoteFile(LtxFileKey key, long size, Instant createdAt) {
        this.key = java.util.Objects.requireNonNull(key, "key");
        this.size = size;
        this.createdAt = java.util.Objects.requireNonNull(createdAt, "createdAt");
        this.fileName = key.fileName();
        this.hash = java.util.Objects.hash(key, size, createdAt);
    }

    static RemoteFile of(LtxFileInfo info) {
        return new RemoteFile(info.key(), info.size(), info.createdAt());
    }

    LtxFileKey key() {
        return key;
    }

    long size() {
        return size;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** The file's name in the replica, as errors name it. */
    String fileName() {
        return fileName;
    }

    long maxTxid() {
        return key.range().max();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof RemoteFile f && hash == f.hash && size == f.size && key.equals(f.key)
                && createdAt.equals(f.createdAt);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return key.toString();
    }
}
