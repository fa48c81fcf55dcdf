package io.github.ltxkit.replica;

import java.time.Instant;
import java.util.Objects;

/**
 * One LTX file as a listing shows it.
 *
 * @param key       the file's level and TXID range
 * @param size      its length in bytes
 * @param createdAt when it was written: the object's {@code litestream-timestamp} metadata or modification time
 */
public record LtxFileInfo(LtxFileKey key, long size, Instant createdAt) {
    /** Checks the fields. */
    public LtxFileInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(createdAt, "createdAt");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    /** Returns the file's level. */
    public int level() {
        return key.level();
    }

    /** Returns the first TXID the file covers. */
    public long minTxid() {
        return key.range().min();
    }

    /** Returns the last TXID the file covers. */
    public long maxTxid() {
        return key.range().max();
    }
}
