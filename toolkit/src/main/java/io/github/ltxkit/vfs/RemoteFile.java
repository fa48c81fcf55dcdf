package io.github.ltxkit.vfs;

import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import java.time.Instant;

/**
 * An LTX file of the replica as the page table refers to it. Its content never changes, so its pages can be cached
 * under it forever; size and creation time are part of its identity in case a replica is rebuilt under the same
 * names.
 *
 * @param key       level and TXID range
 * @param size      length in bytes
 * @param createdAt creation time from the listing
 */
record RemoteFile(LtxFileKey key, long size, Instant createdAt) {
    static RemoteFile of(LtxFileInfo info) {
        return new RemoteFile(info.key(), info.size(), info.createdAt());
    }

    long maxTxid() {
        return key.range().max();
    }

    @Override
    public String toString() {
        return key.toString();
    }
}
