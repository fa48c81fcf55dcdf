package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.EncodedLtx;
import io.github.ltxkit.ltx.LtxCompactor;
import io.github.ltxkit.ltx.LtxDecoder;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.UploadContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Does to a replica what Litestream's compaction and retention do, for tests. */
final class ReplicaSurgery {
    private ReplicaSurgery() {
    }

    /** Compacts the level-0 files covering [min, max] into one file at {@code level}; returns its key. */
    static LtxFileKey compact(ReplicaClient client, int level, long min, long max) throws IOException {
        List<LtxDecoder> inputs = new ArrayList<>();
        for (LtxFileInfo f : client.list(0, 0)) {
            if (f.minTxid() >= min && f.maxTxid() <= max) {
                inputs.add(LtxDecoder.open(client.open(f.key()), f.key().toString()));
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalStateException("no level-0 files in [" + min + ", " + max + "]");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncodedLtx encoded = LtxCompactor.compact(inputs, out);
        for (LtxDecoder d : inputs) {
            d.close();
        }
        LtxFileKey key = new LtxFileKey(level, encoded.header().txRange());
        client.createIfAbsent(key, UploadContent.of(out.toByteArray()), Instant.ofEpochMilli(encoded.header()
                .timestamp()));
        return key;
    }

    /** Deletes the level-0 files whose TXIDs lie in [min, max] (retention after compaction). */
    static void deleteLevel0(ReplicaClient client, long min, long max) throws IOException {
        List<LtxFileKey> keys = new ArrayList<>();
        for (LtxFileInfo f : client.list(0, 0)) {
            if (f.minTxid() >= min && f.maxTxid() <= max) {
                keys.add(f.key());
            }
        }
        client.delete(keys);
    }
}
