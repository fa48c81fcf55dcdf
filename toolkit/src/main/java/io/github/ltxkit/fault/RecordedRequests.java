package io.github.ltxkit.fault;

import io.github.ltxkit.replica.ReplicaOperation;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A snapshot of recorded requests in sequence order, with the checks durability tests make on them. Each check
 * throws an {@link AssertionError} whose message lists the offending requests, one per line.
 *
 * <p>Immutable and safe for any thread. Taken from a {@link RequestJournal}, which keeps only its most recent
 * requests: if it dropped some of those asked for, {@link #dropped()} says how many, and failure messages say so.
 */
public final class RecordedRequests implements Iterable<RecordedRequest> {
    /** How many offending requests a failure message lists before it only counts the rest. */
    private static final int LISTED_IN_MESSAGES = 50;

    private final List<RecordedRequest> requests;
    private final long dropped;
    private final int capacity;

    RecordedRequests(List<RecordedRequest> requests, long dropped, int capacity) {
        this.requests = List.copyOf(requests);
        this.dropped = dropped;
        this.capacity = capacity;
    }

    /** Returns the requests, in sequence order. */
    public List<RecordedRequest> list() {
        return requests;
    }

    /** Returns the requests as a stream, in sequence order. */
    public Stream<RecordedRequest> stream() {
        return requests.stream();
    }

    @Override
    public Iterator<RecordedRequest> iterator() {
        return requests.iterator();
    }

    /** Returns how many requests this snapshot holds. */
    public int size() {
        return requests.size();
    }

    /** Returns whether this snapshot holds no request. */
    public boolean isEmpty() {
        return requests.isEmpty();
    }

    /** Returns how many requests in the range asked for the journal had already dropped to stay within capacity. */
    public long dropped() {
        return dropped;
    }

    /** Returns the requests that satisfy {@code condition}, keeping this snapshot's dropped count. */
    public RecordedRequests filter(Predicate<? super RecordedRequest> condition) {
        return new RecordedRequests(requests.stream().filter(condition).toList(), dropped, capacity);
    }

    /** Returns how many requests are of {@code operation}. */
    public long count(ReplicaOperation operation) {
        Objects.requireNonNull(operation, "operation");
        return count(r -> r.operation() == operation);
    }

    /** Returns how many requests satisfy {@code condition}. */
    public long count(Predicate<? super RecordedRequest> condition) {
        return requests.stream().filter(condition).count();
    }

    /**
     * Checks that no request is {@code offending}.
     *
     * @param description what an offending request is, in the plural, e.g. {@code "reads past the first MiB"}
     * @throws AssertionError listing the offending requests
     */
    public void assertNone(String description, Predicate<? super RecordedRequest> offending) {
        List<RecordedRequest> found = requests.stream().filter(offending).toList();
        if (!found.isEmpty()) {
            throw new AssertionError("expected no " + description + ", but " + found.size() + " of " + size()
                    + " requests were:" + lines(found));
        }
    }

    /** Checks that no request was a whole-object {@code open}: every read asked for a byte range. */
    public void assertNoWholeObjectReads() {
        assertNone("whole-object reads", RecordedRequest::isWholeObjectRead);
    }

    /** Checks that every WRITE was a conditional create. */
    public void assertAllWritesConditional() {
        assertNone("unconditional writes", r -> r.operation() == ReplicaOperation.WRITE && !r.conditional());
    }

    /** Checks that every request has finished: none is running, and no opened stream was left unclosed. */
    public void assertNoneInFlight() {
        assertNone("requests in flight", RecordedRequest::inFlight);
    }

    /** Checks that there were at most {@code max} requests of {@code operation}. */
    public void assertAtMost(ReplicaOperation operation, long max) {
        Objects.requireNonNull(operation, "operation");
        List<RecordedRequest> found = requests.stream().filter(r -> r.operation() == operation).toList();
        if (found.size() > max) {
            throw new AssertionError("expected at most " + max + " " + operation + " requests, but " + found.size()
                    + " of " + size() + " requests were:" + lines(found));
        }
    }

    /**
     * Checks that no window of length {@code window} holds more than {@code max} requests of {@code operation}, by
     * their start times: e.g. at most one LIST per poll interval.
     *
     * @throws AssertionError naming the busiest window and listing its requests
     */
    public void assertAtMostPer(ReplicaOperation operation, long max, java.time.Duration window) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        List<RecordedRequest> found = requests.stream().filter(r -> r.operation() == operation)
                .sorted(java.util.Comparator.comparing(RecordedRequest::startedAt)).toList();
        int first = 0;
        for (int last = 0; last < found.size(); last++) {
            java.time.Instant end = found.get(last).startedAt();
            while (!found.get(first).startedAt().isAfter(end.minus(window))) {
                first++;
            }
            if (last - first + 1 > max) {
                List<RecordedRequest> busiest = found.subList(first, last + 1);
                throw new AssertionError("expected at most " + max + " " + operation + " requests per " + window
                        + ", but " + busiest.size() + " started within " + java.time.Duration.between(
                        busiest.getFirst().startedAt(), end) + ":" + lines(busiest));
            }
        }
    }

    /** Lists the requests one per line, e.g. {@code #3 READ 0/…ltx [0+4096] ok 1 ms 4096 B}. */
    @Override
    public String toString() {
        return size() + " requests:" + lines(requests);
    }

    private String lines(List<RecordedRequest> list) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(list.size(), LISTED_IN_MESSAGES); i++) {
            s.append("\n  ").append(list.get(i));
        }
        if (list.size() > LISTED_IN_MESSAGES) {
            s.append("\n  ... and ").append(list.size() - LISTED_IN_MESSAGES).append(" more");
        }
        if (dropped > 0) {
            s.append("\n(the journal keeps the last ").append(capacity).append(" requests and dropped ")
                    .append(dropped).append(" of the range asked for, so there may be more)");
        }
        return s.toString();
    }
}
