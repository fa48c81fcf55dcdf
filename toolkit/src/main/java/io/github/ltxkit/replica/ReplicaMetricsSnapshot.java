package io.github.ltxkit.replica;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The counters of {@link ReplicaMetrics} at one moment: per {@link ReplicaOperation}, how many requests were made,
 * how many bytes moved and how many requests failed. Immutable.
 *
 * @param operations the counters of every operation (each operation is present)
 */
public record ReplicaMetricsSnapshot(Map<ReplicaOperation, OperationStats> operations) {
    /** Checks that every operation is present and copies the map. */
    public ReplicaMetricsSnapshot {
        Objects.requireNonNull(operations, "operations");
        EnumMap<ReplicaOperation, OperationStats> copy = new EnumMap<>(ReplicaOperation.class);
        for (ReplicaOperation op : ReplicaOperation.values()) {
            copy.put(op, Objects.requireNonNull(operations.get(op), () -> "no stats for " + op));
        }
        operations = Collections.unmodifiableMap(copy);
    }

    /** Returns the counters of one operation. */
    public OperationStats get(ReplicaOperation operation) {
        return operations.get(operation);
    }

    /** Returns the requests of all operations together. */
    public long totalRequests() {
        return operations.values().stream().mapToLong(OperationStats::requests).sum();
    }

    /** Returns the failed requests of all operations together. */
    public long totalErrors() {
        return operations.values().stream().mapToLong(OperationStats::errors).sum();
    }

    /** Returns what happened between {@code earlier} and this snapshot: the counters' differences. */
    public ReplicaMetricsSnapshot minus(ReplicaMetricsSnapshot earlier) {
        EnumMap<ReplicaOperation, OperationStats> diff = new EnumMap<>(ReplicaOperation.class);
        for (ReplicaOperation op : ReplicaOperation.values()) {
            diff.put(op, get(op).minus(earlier.get(op)));
        }
        return new ReplicaMetricsSnapshot(diff);
    }

    /**
     * The counters of one operation.
     *
     * @param requests calls made to the backend (each retry attempt counts)
     * @param bytes    bytes downloaded (reads, streamed bytes included) or uploaded (writes)
     * @param errors   calls that failed, and streams that failed while being read
     */
    public record OperationStats(long requests, long bytes, long errors) {
        /** No requests, no bytes, no errors. */
        public static final OperationStats ZERO = new OperationStats(0, 0, 0);

        /** Returns the differences of the counters. */
        public OperationStats minus(OperationStats earlier) {
            return new OperationStats(requests - earlier.requests, bytes - earlier.bytes, errors - earlier.errors);
        }
    }
}
