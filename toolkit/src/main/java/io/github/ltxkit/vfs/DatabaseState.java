package io.github.ltxkit.vfs;

import java.time.Instant;

/**
 * The database as of one moment: the replica TXID it reflects, its size, and where every page is (the replica or
 * the local write buffer). Immutable; connections pin one for the length of a read transaction.
 *
 * @param version       increases whenever the content changes; equal versions have equal content
 * @param pageSize      page size in bytes, or 0 for a new database that has no page yet
 * @param commit        database size in pages
 * @param txid          the replica TXID this state includes (0 for none)
 * @param txTime        creation time of the newest LTX file included, or {@code null}
 * @param pages         where each page is
 * @param changeCounter what page 1 presents at offsets 24 and 92, so SQLite keeps its cache while it matches
 * @param localPages    how many pages are in the local write buffer rather than the replica
 */
record DatabaseState(long version, int pageSize, long commit, long txid, Instant txTime, PageTable pages,
                     int changeCounter, int localPages) {

    static DatabaseState empty(int changeCounter) {
        return new DatabaseState(0, 0, 0, 0, null, PageTable.empty(), changeCounter, 0);
    }

    /** Returns the database size in bytes. */
    long sizeBytes() {
        return commit * pageSize;
    }

    /** Returns a state with other content: the version and change counter move on. */
    DatabaseState withContent(int newPageSize, long newCommit, long newTxid, Instant newTxTime, PageTable newPages,
                              int newLocalPages) {
        return new DatabaseState(version + 1, newPageSize, newCommit, newTxid, newTxTime, newPages,
                changeCounter + 1, newLocalPages);
    }

    /** Returns a state with the same content held in other places (after an upload moved pages to the replica). */
    DatabaseState withLocations(long newTxid, Instant newTxTime, PageTable newPages, int newLocalPages) {
        return new DatabaseState(version, pageSize, commit, newTxid, newTxTime, newPages, changeCounter,
                newLocalPages);
    }
}
