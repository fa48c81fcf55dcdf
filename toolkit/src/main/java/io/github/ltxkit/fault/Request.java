package io.github.ltxkit.fault;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaOperation;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What a request asked for, before it runs: the part of a {@link RecordedRequest} known at its start.
 *
 * @param operation   the kind of request
 * @param level       the level listed (LIST; -1 for every level), else the level of the first file, or -1 for a DELETE of no files
 * @param keys        the files concerned: none for LIST, one for READ and WRITE, any number for DELETE
 * @param offset      READ: the first byte; LIST: the smallest min TXID asked for; otherwise 0
 * @param length      READ: the bytes asked for, -1 for a whole-object open; WRITE: the content length; otherwise 0
 * @param conditional whether a WRITE was a conditional create
 */
record Request(ReplicaOperation operation, int level, List<LtxFileKey> keys, long offset, long length,
        boolean conditional) {
    /** How many files a DELETE's description names before it says how many more there are. */
    private static final int NAMED_DELETE_KEYS = 3;

    Request {
        Objects.requireNonNull(operation, "operation");
        keys = List.copyOf(keys);
    }

    /** The level of a LIST of every level. */
    static final int ALL_LEVELS = -1;

    static Request listAllLevels() {
        return new Request(ReplicaOperation.LIST, ALL_LEVELS, List.of(), 0, 0, false);
    }

    static Request list(int level, long minTxid) {
        return new Request(ReplicaOperation.LIST, level, List.of(), minTxid, 0, false);
    }

    static Request read(LtxFileKey key, long offset, int length) {
        return new Request(ReplicaOperation.READ, key.level(), List.of(key), offset, length, false);
    }

    static Request open(LtxFileKey key) {
        return new Request(ReplicaOperation.READ, key.level(), List.of(key), 0, -1, false);
    }

    static Request createIfAbsent(LtxFileKey key, long contentLength) {
        return new Request(ReplicaOperation.WRITE, key.level(), List.of(key), 0, contentLength, true);
    }

    static Request delete(Collection<LtxFileKey> keys) {
        List<LtxFileKey> copy = List.copyOf(keys);
        return new Request(ReplicaOperation.DELETE, copy.isEmpty() ? -1 : copy.getFirst().level(), copy, 0, 0,
                false);
    }

    /** Returns what the request concerns, as {@link RecordedRequest#target()} describes it. */
    String target() {
        return target(operation, level, keys);
    }

    static String target(ReplicaOperation operation, int level, List<LtxFileKey> keys) {
        if (operation == ReplicaOperation.LIST) {
            return KeyGlob.directory(level);
        }
        if (keys.isEmpty()) {
            return "(no files)";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(keys.size(), NAMED_DELETE_KEYS); i++) {
            s.append(i == 0 ? "" : ", ").append(KeyGlob.path(keys.get(i)));
        }
        if (keys.size() > NAMED_DELETE_KEYS) {
            s.append(" and ").append(keys.size() - NAMED_DELETE_KEYS).append(" more");
        }
        return s.toString();
    }
}
