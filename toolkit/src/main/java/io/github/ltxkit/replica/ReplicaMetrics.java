package io.github.ltxkit.replica;

import java.util.EnumMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of the requests a replica client makes, per {@link ReplicaOperation}: requests, bytes and errors.
 * {@link MeteredReplicaClient} updates them; {@link #snapshot()} reads them.
 *
 * <p>Thread-safe: the counters are {@link LongAdder}s, so a snapshot taken while requests run may mix counts from
 * just before and just after a request.
 */
public final class ReplicaMetrics {
    private final EnumMap<ReplicaOperation, Counters> counters = new EnumMap<>(ReplicaOperation.class);

    /** Creates counters that all start at zero. */
    public ReplicaMetrics() {
        for (ReplicaOperation op : ReplicaOperation.values()) {
            counters.put(op, new Counters());
        }
    }

    /** Returns the current counts. */
    public ReplicaMetricsSnapshot snapshot() {
        EnumMap<ReplicaOperation, ReplicaMetricsSnapshot.OperationStats> stats = new EnumMap<>(ReplicaOperation.class);
        counters.forEach((op, c) -> stats.put(op, new ReplicaMetricsSnapshot.OperationStats(
                c.requests.sum(), c.bytes.sum(), c.errors.sum())));
        return new ReplicaMetricsSnapshot(stats);
    }

    void recordRequest(ReplicaOperation op) {
        counters.get(op).requests.increment();
    }

    void recordBytes(ReplicaOperation op, long bytes) {
        counters.get(op).bytes.add(bytes);
    }

    void recordError(ReplicaOperation op) {
        counters.get(op).errors.increment();
    }

    @Override
    public String toString() {
        return "ReplicaMetrics" + snapshot().operations();
    }

    /** The three adders of one operation; the map holding them is filled in the constructor and never changes. */
    private static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LongAdder errors = new LongAdder();
    }
}
