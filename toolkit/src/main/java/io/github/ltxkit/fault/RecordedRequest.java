package io.github.ltxkit.fault;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One request that went through a fault-injecting client, as the {@link RequestJournal} saw it at the moment the
 * record was taken.
 *
 * <p>A request is in flight until it returns or throws; a whole-object {@code open} stays in flight until its
 * stream reaches its end, fails or is closed, like an HTTP GET whose body is still being read.
 *
 * @param sequence    the request's number, 1 for the first through the controller; never reused
 * @param operation   the kind of request
 * @param level       the level listed (LIST; -1 for every level), else the level of the first file, or -1 for a DELETE of no files
 * @param keys        the files concerned: none for LIST, one for READ and WRITE, any number for DELETE
 * @param offset      READ: the first byte asked for; LIST: the smallest min TXID asked for; otherwise 0
 * @param length      READ: the bytes asked for, -1 for a whole-object {@code open}; WRITE: the content length;
 *                    otherwise 0
 * @param conditional whether a WRITE was a conditional create (every {@code createIfAbsent} is)
 * @param startedAt   when the request started
 * @param duration    how long it took, injected delays included; for a request in flight, the time so far
 * @param outcome     in flight, succeeded, or failed with which exception
 * @param faults      the faults injected into it, in rule order; empty if none
 * @param bytes       the bytes transferred: returned or streamed by a READ, stored by a WRITE; 0 otherwise
 */
public record RecordedRequest(long sequence, ReplicaOperation operation, int level, List<LtxFileKey> keys,
        long offset, long length, boolean conditional, Instant startedAt, Duration duration, Outcome outcome,
        List<Fault> faults, long bytes) {

    /** Checks the fields. */
    public RecordedRequest {
        Objects.requireNonNull(operation, "operation");
        keys = List.copyOf(keys);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outcome, "outcome");
        faults = List.copyOf(faults);
    }

    /** How a request ended, or that it has not yet. */
    public sealed interface Outcome {
        /** The request has not returned yet, or its stream is still open. */
        record InFlight() implements Outcome {
        }

        /** The request returned normally (a stream: reached its end or was closed without an error). */
        record Succeeded() implements Outcome {
        }

        /**
         * The request threw.
         *
         * @param type    the exception's class
         * @param message its message
         */
        record Failed(Class<? extends Throwable> type, String message) implements Outcome {
            /** Checks the type. */
            public Failed {
                Objects.requireNonNull(type, "type");
            }
        }
    }

    /**
     * Returns the one file of a READ or WRITE, or the first file of a DELETE.
     *
     * @throws IllegalStateException for a LIST or a DELETE of no files
     */
    public LtxFileKey key() {
        if (keys.isEmpty()) {
            throw new IllegalStateException("request #" + sequence + " (" + operation + ") concerns no file");
        }
        return keys.getFirst();
    }

    /**
     * Returns what the request concerns, in the form rule patterns match: {@code 0/<min>-<max>.ltx} for a file,
     * {@code 0/} for a listing of level 0, and up to three paths for a DELETE.
     */
    public String target() {
        return Request.target(operation, level, keys);
    }

    /** Returns whether this is a whole-object {@code open} rather than a ranged {@code read}. */
    public boolean isWholeObjectRead() {
        return operation == ReplicaOperation.READ && length < 0;
    }

    /** Returns whether the request returned normally. */
    public boolean succeeded() {
        return outcome instanceof Outcome.Succeeded;
    }

    /** Returns whether the request threw. */
    public boolean failed() {
        return outcome instanceof Outcome.Failed;
    }

    /** Returns whether the request has not finished yet. */
    public boolean inFlight() {
        return outcome instanceof Outcome.InFlight;
    }

    /**
     * Describes the request on one line, e.g.
     * {@code #7 READ 0/0000000000000001-0000000000000001.ltx [0+4096] ok 3 ms 4096 B}.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append('#').append(sequence).append(' ').append(operation).append(' ')
                .append(target());
        switch (operation) {
            case READ -> s.append(length < 0 ? " [whole object]" : " [" + offset + "+" + length + "]");
            case LIST -> s.append(" minTxid=").append(offset);
            case WRITE -> s.append(conditional ? " conditional" : " unconditional");
            case DELETE -> s.append(" (").append(keys.size()).append(keys.size() == 1 ? " file)" : " files)");
        }
        switch (outcome) {
            case Outcome.InFlight _ -> s.append(" in flight");
            case Outcome.Succeeded _ -> s.append(" ok");
            case Outcome.Failed f -> s.append(" failed: ").append(f.type().getSimpleName()).append(": ")
                    .append(f.message());
        }
        s.append(' ').append(duration.toMillis()).append(" ms ").append(bytes).append(" B");
        if (!faults.isEmpty()) {
            s.append(" faults=").append(faults);
        }
        return s.toString();
    }
}
