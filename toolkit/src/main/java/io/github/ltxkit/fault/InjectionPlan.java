package io.github.ltxkit.fault;

import io.github.ltxkit.replica.LtxFileInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the faults injected into one request add up to: the total delay, the slowest bandwidth, the shortest body,
 * the most files hidden from a listing, whether the response is lost, and the fault that fails the request.
 *
 * <p>Built by {@link StorageFaults} under its lock by the thread making the request, then used only by that
 * thread: confined, not thread-safe.
 */
final class InjectionPlan {
    /** Confined to the requesting thread, like every field below. */
    private final List<Fault> faults = new ArrayList<>();
    private long delayNanos;
    /** 0 when the transfer is not throttled. */
    private long bytesPerSecond;
    /** 1 when the body is kept whole. */
    private double keptFraction = 1;
    private int hideNewest;
    private boolean ambiguous;
    /** The fault that fails the request before it reaches storage, or {@code null}. */
    private Fault failure;

    /**
     * Adds a fault whose rule fired, drawing a latency's jitter from {@code random}. Returns {@code false} if the
     * fault fails the request, so no later rule should be consulted.
     */
    boolean add(Fault fault, RandomGenerator random) {
        faults.add(fault);
        switch (fault) {
            case Fault.Latency l -> delayNanos = saturatedAdd(delayNanos, saturatedAdd(nanos(l.delay()),
                    jitterNanos(l.jitter(), random)));
            case Fault.Bandwidth b -> bytesPerSecond = bytesPerSecond == 0
                    ? b.bytesPerSecond() : Math.min(bytesPerSecond, b.bytesPerSecond());
            case Fault.TruncatedBody t -> keptFraction = Math.min(keptFraction, t.fraction());
            case Fault.StaleListing s -> hideNewest = Math.max(hideNewest, s.hideNewest());
            case Fault.AmbiguousWrite a -> ambiguous = true;
            case Fault.ErrorResponse e -> failure = e;
            case Fault.ConnectionReset r -> failure = r;
            case Fault.Partition p -> failure = p;
        }
        return failure == null;
    }

    List<Fault> faults() {
        return faults;
    }

    long delayNanos() {
        return delayNanos;
    }

    long bytesPerSecond() {
        return bytesPerSecond;
    }

    boolean truncates() {
        return keptFraction < 1;
    }

    boolean ambiguous() {
        return ambiguous;
    }

    /** Returns the fault that fails the request, or {@code null}. */
    Fault failure() {
        return failure;
    }

    /** Returns how many of {@code size} bytes a truncated body keeps. */
    long keptLength(long size) {
        return truncates() ? (long) Math.floor(size * keptFraction) : size;
    }

    /** Returns {@code bytes}, or its first part if the body is truncated. */
    byte[] truncate(byte[] bytes) {
        if (!truncates()) {
            return bytes;
        }
        byte[] kept = new byte[(int) keptLength(bytes.length)];
        System.arraycopy(bytes, 0, kept, 0, kept.length);
        return kept;
    }

    /** Returns {@code files} without its newest {@code hideNewest} (by max TXID, then min TXID), order kept. */
    List<LtxFileInfo> hideNewest(List<LtxFileInfo> files) {
        if (hideNewest == 0) {
            return files;
        }
        List<LtxFileInfo> newest = files.stream()
                .sorted(Comparator.comparing(LtxFileInfo::maxTxid, Long::compareUnsigned)
                        .thenComparing(LtxFileInfo::minTxid, Long::compareUnsigned))
                .toList();
        List<LtxFileInfo> hidden = newest.subList(Math.max(0, newest.size() - hideNewest), newest.size());
        return files.stream().filter(f -> !hidden.contains(f)).toList();
    }

    private static long jitterNanos(Duration jitter, RandomGenerator random) {
        long bound = nanos(jitter);
        return bound == 0 ? 0 : random.nextLong(bound == Long.MAX_VALUE ? bound : bound + 1);
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
