package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.EncodedLtx;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * An upload whose outcome the writer does not know: the request failed after the replica client's retries, yet the
 * file may have been stored (a lost response). The next sync settles it before anything else: if the replica holds
 * exactly this file, it is acknowledged as uploaded; if the TXID is free, it is dropped and the data uploads again.
 * Without this, the writer would take its own file for another writer's and stop on a false conflict.
 *
 * @param txid      the TXID the file was sent as
 * @param upToSeq   the last buffer sequence number the file covers
 * @param state     the state the file was encoded from, pinned until settled
 * @param encoded   the file's summary and page index
 * @param createdAt the creation time the file was sent with
 */
record UnconfirmedUpload(long txid, long upToSeq, DatabaseState state, EncodedLtx encoded, Instant createdAt) {
    LtxFileKey key() {
        return LtxFileKey.of(0, txid, txid);
    }

    /**
     * Returns whether the replica holds level-0 file {@code txid} with exactly {@code size} bytes and LTX file
     * checksum {@code fileChecksum}. The checksum covers the header (with its timestamp) and every page, so another
     * writer's file cannot match by accident.
     */
    static boolean landed(ReplicaClient client, long txid, long size, long fileChecksum) throws IOException {
        if (fileChecksum == 0) {
            return false;
        }
        LtxFileKey key = LtxFileKey.of(0, txid, txid);
        boolean present = client.list(0, txid).stream().anyMatch(f -> f.key().equals(key) && f.size() == size);
        if (!present) {
            return false;
        }
        byte[] tail = client.read(key, size - 8, 8);
        return tail.length == 8 && ByteBuffer.wrap(tail).getLong() == fileChecksum;
    }
}
