package io.github.ltxkit.replica;

import java.util.List;
import java.util.Objects;

/**
 * The LTX files to apply, in order, to rebuild a database: usually a snapshot followed by incremental files, each
 * continuing the TXIDs of the ones before it. An empty plan means the replica has nothing to restore.
 *
 * @param files the files, in the order to apply them
 */
public record RestorePlan(List<LtxFileInfo> files) {
    /** Checks that the first file starts at TXID 1 and each other continues the one before it; copies the list. */
    public RestorePlan {
        files = List.copyOf(Objects.requireNonNull(files, "files"));
        long max = 0;
        for (LtxFileInfo file : files) {
            if (!file.key().range().continues(max)) {
                throw new IllegalArgumentException("file " + file.key() + " does not continue the plan at TXID "
                        + io.github.ltxkit.ltx.Ltx.formatTxid(max));
            }
            max = file.maxTxid();
        }
    }

    /** Returns whether there is nothing to restore. */
    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** Returns the TXID the database has after applying every file, or 0 for an empty plan. */
    public long maxTxid() {
        return files.isEmpty() ? 0 : files.getLast().maxTxid();
    }
}
