package io.github.ltxkit.fault;

import io.github.ltxkit.fault.RecordedRequest.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The journal's mutable record of one request: what it asked for, fixed at its start, and what has happened to it
 * so far.
 *
 * <p>The mutable fields are guarded by the owning {@link RequestJournal}'s lock; only the journal touches them.
 */
final class JournalEntry {
    static final Outcome IN_FLIGHT = new Outcome.InFlight();
    static final Outcome SUCCEEDED = new Outcome.Succeeded();

    final Request request;
    final long sequence;
    final Instant startedAt;
    final long startNanos;

    /** Guarded by the journal's lock. */
    private List<Fault> faults = List.of();
    /** Guarded by the journal's lock; changes once, from {@link #IN_FLIGHT} to the final outcome. */
    private Outcome outcome = IN_FLIGHT;
    /** Guarded by the journal's lock; {@link System#nanoTime()} when the outcome was set. */
    private long endNanos;
    /** Guarded by the journal's lock. */
    private long bytes;

    JournalEntry(Request request, long sequence, Instant startedAt, long startNanos) {
        this.request = request;
        this.sequence = sequence;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
    }

    void faults(List<Fault> injected) {
        faults = List.copyOf(injected);
    }

    void transferred(long count) {
        bytes += count;
    }

    /** Sets the outcome unless one is set already (a stream closed after its end keeps "succeeded"). */
    void finish(Outcome result, long nowNanos) {
        if (outcome == IN_FLIGHT) {
            outcome = result;
            endNanos = nowNanos;
        }
    }

    RecordedRequest snapshot(long nowNanos) {
        long end = outcome == IN_FLIGHT ? nowNanos : endNanos;
        return new RecordedRequest(sequence, request.operation(), request.level(), request.keys(), request.offset(),
                request.length(), request.conditional(), startedAt, Duration.ofNanos(Math.max(0, end - startNanos)),
                outcome, faults, bytes);
    }
}
