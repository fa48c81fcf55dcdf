package io.github.ltxkit.bench.support;

import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.s3server.S3Op;
import io.github.ltxkit.s3server.ServerFaults;

import java.time.Duration;
import java.util.List;

/**
 * The latencies per S3 request that the write-side scenarios measure at, and how they add one to an embedded S3
 * server: its HTTP front end holds every request, whoever sends it, for that long before serving it. Stateless.
 */
public final class RequestLatency {
    /** The added latency of the second variant, in milliseconds. */
    public static final int ADDED_MS = 20;
    /** The latencies measured, in milliseconds: none, then {@value #ADDED_MS}. */
    public static final List<Integer> MEASURED_MS = List.of(0, ADDED_MS);

    private RequestLatency() {
    }

    /**
     * Makes {@code server} hold every request it receives from now on for {@code perRequest} (none for zero),
     * replacing any latency set before; it also forgets the server's request log. Call it while no request is in
     * flight if the log's counts matter.
     */
    public static void set(EmbeddedS3Server server, Duration perRequest) {
        if (perRequest.isNegative()) {
            throw new IllegalArgumentException("a request latency must not be negative, got " + perRequest);
        }
        ServerFaults faults = server.faults();
        faults.clear();
        if (perRequest.isPositive()) {
            for (S3Op op : S3Op.values()) {
                faults.delayNext(op, "", Integer.MAX_VALUE, perRequest);
            }
        }
    }

    /** Returns the label suffix of a figure measured at {@code latencyMs}: ", 20 ms". */
    public static String suffix(int latencyMs) {
        return ", " + latencyMs + " ms";
    }
}
