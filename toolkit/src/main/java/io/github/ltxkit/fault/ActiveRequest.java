package io.github.ltxkit.fault;

import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.TransientReplicaException;
import java.time.Duration;

/**
 * One request on its way through the fault-injecting client: carries out its {@link InjectionPlan} and reports to
 * the journal.
 *
 * <p>Used by the thread making the request; a whole-object stream may finish it on the thread that reads the
 * stream. Not thread-safe itself; the journal it reports to is.
 */
final class ActiveRequest {
    private final RequestJournal journal;
    private final JournalEntry entry;
    private final InjectionPlan plan;

    ActiveRequest(RequestJournal journal, JournalEntry entry, InjectionPlan plan) {
        this.journal = journal;
        this.entry = entry;
        this.plan = plan;
    }

    InjectionPlan plan() {
        return plan;
    }

    /** Returns what the request concerns, for exception messages. */
    String target() {
        return entry.request.target();
    }

    /** Waits out any injected latency, then throws the injected failure, if any. */
    void beforeStorage() throws ReplicaException {
        if (plan.delayNanos() > 0) {
            pause(plan.delayNanos(), "injected latency");
        }
        if (plan.failure() != null) {
            throw InjectedExceptions.failure(plan.failure(), entry.request.operation(), target());
        }
    }

    /** Waits as long as moving {@code bytes} takes at the injected bandwidth, if any. */
    void throttle(long bytes) throws ReplicaException {
        if (plan.bytesPerSecond() > 0 && bytes > 0) {
            pause(Throttle.nanosFor(bytes, plan.bytesPerSecond()), "injected bandwidth limit");
        }
    }

    /** Returns the exception for a response the plan loses; {@code cause} is storage's own failure, if any. */
    TransientReplicaException lostResponse(Throwable cause) {
        return InjectedExceptions.lostResponse(entry.request.operation(), target(), cause);
    }

    void transferred(long bytes) {
        if (bytes > 0) {
            journal.transferred(entry, bytes);
        }
    }

    void succeeded() {
        journal.succeeded(entry);
    }

    void failed(Throwable failure) {
        journal.failed(entry, failure);
    }

    private void pause(long nanos, String why) throws ReplicaException {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplicaException(entry.request.operation(), target(), "interrupted during " + why, e);
        }
    }
}
