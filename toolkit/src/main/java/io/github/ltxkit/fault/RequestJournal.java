package io.github.ltxkit.fault;

import io.github.ltxkit.fault.RecordedRequest.Outcome;
import io.github.ltxkit.replica.ReplicaOperation;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The requests that went through the fault-injecting clients of one {@link StorageFaults} controller, in the order
 * they started, numbered from 1.
 *
 * <p>Memory is bounded: the journal keeps the most recent {@link #capacity()} requests (default
 * {@value #DEFAULT_CAPACITY}, a few hundred bytes each) and drops older ones; {@link #dropped()} counts them, and
 * assertion messages mention it. Sequence numbers are never reused, so a {@link #mark()} stays valid across
 * {@link #clear()}.
 *
 * <p>Thread-safe: requests from any number of threads are recorded under one lock, and every query returns an
 * immutable snapshot.
 */
public final class RequestJournal {
    /** How many requests a journal keeps unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final Object lock = new Object();
    /** Guarded by {@code lock}; in sequence order. */
    private final ArrayDeque<JournalEntry> entries = new ArrayDeque<>();
    /** Guarded by {@code lock}. */
    private long nextSequence = 1;
    /** Guarded by {@code lock}; one past the last sequence number dropped for capacity. */
    private long droppedBelow = 1;
    /** Guarded by {@code lock}; the first sequence number recorded since the last {@link #clear()}. */
    private long clearedBelow = 1;

    RequestJournal(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("journal capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Returns how many requests the journal keeps before it drops the oldest. */
    public int capacity() {
        return capacity;
    }

    /** Returns the sequence number the next request will get: pass it to {@link #since(long)} later. */
    public long mark() {
        synchronized (lock) {
            return nextSequence;
        }
    }

    /** Returns the requests that started at or after {@code mark}, a value from {@link #mark()}. */
    public RecordedRequests since(long mark) {
        long now = System.nanoTime();
        synchronized (lock) {
            List<RecordedRequest> found = new ArrayList<>();
            for (Iterator<JournalEntry> it = entries.descendingIterator(); it.hasNext(); ) {
                JournalEntry e = it.next();
                if (e.sequence < mark) {
                    break;
                }
                found.add(e.snapshot(now));
            }
            return new RecordedRequests(found.reversed(), droppedSince(mark), capacity);
        }
    }

    /** Returns every request the journal holds. */
    public RecordedRequests requests() {
        return since(0);
    }

    /** Returns the request numbered {@code sequence}, if the journal still holds it. */
    public Optional<RecordedRequest> find(long sequence) {
        long now = System.nanoTime();
        synchronized (lock) {
            for (JournalEntry e : entries) {
                if (e.sequence == sequence) {
                    return Optional.of(e.snapshot(now));
                }
            }
            return Optional.empty();
        }
    }

    /** Returns how many requests since the last {@link #clear()} were dropped to stay within capacity. */
    public long dropped() {
        synchronized (lock) {
            return droppedSince(0);
        }
    }

    /** Forgets every recorded request; numbering continues. */
    public void clear() {
        synchronized (lock) {
            entries.clear();
            clearedBelow = nextSequence;
        }
    }

    /** Returns how many requests are of {@code operation}; see {@link RecordedRequests#count(ReplicaOperation)}. */
    public long count(ReplicaOperation operation) {
        return requests().count(operation);
    }

    /** Checks every request held; see {@link RecordedRequests#assertNoWholeObjectReads()}. */
    public void assertNoWholeObjectReads() {
        requests().assertNoWholeObjectReads();
    }

    /** Checks every request held; see {@link RecordedRequests#assertAllWritesConditional()}. */
    public void assertAllWritesConditional() {
        requests().assertAllWritesConditional();
    }

    /** Checks every request held; see {@link RecordedRequests#assertNoneInFlight()}. */
    public void assertNoneInFlight() {
        requests().assertNoneInFlight();
    }

    /** Checks every request held; see {@link RecordedRequests#assertAtMost(ReplicaOperation, long)}. */
    public void assertAtMost(ReplicaOperation operation, long max) {
        requests().assertAtMost(operation, max);
    }

    /** Lists the requests held, one per line. */
    @Override
    public String toString() {
        return requests().toString();
    }

    /** Records the start of a request and gives it the next sequence number. */
    JournalEntry begin(Request request) {
        Instant startedAt = Instant.now();
        long startNanos = System.nanoTime();
        synchronized (lock) {
            JournalEntry entry = new JournalEntry(request, nextSequence++, startedAt, startNanos);
            entries.addLast(entry);
            while (entries.size() > capacity) {
                droppedBelow = entries.removeFirst().sequence + 1;
            }
            return entry;
        }
    }

    void injected(JournalEntry entry, List<Fault> faults) {
        synchronized (lock) {
            entry.faults(faults);
        }
    }

    void transferred(JournalEntry entry, long bytes) {
        synchronized (lock) {
            entry.transferred(bytes);
        }
    }

    void succeeded(JournalEntry entry) {
        finish(entry, JournalEntry.SUCCEEDED);
    }

    void failed(JournalEntry entry, Throwable failure) {
        finish(entry, new Outcome.Failed(failure.getClass(), String.valueOf(failure.getMessage())));
    }

    private void finish(JournalEntry entry, Outcome outcome) {
        long now = System.nanoTime();
        synchronized (lock) {
            entry.finish(outcome, now);
        }
    }

    /** Guarded by {@code lock} (callers hold it). */
    private long droppedSince(long mark) {
        return Math.max(0, droppedBelow - Math.max(mark, clearedBelow));
    }
}
