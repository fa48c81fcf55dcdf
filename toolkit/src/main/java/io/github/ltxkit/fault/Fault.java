package io.github.ltxkit.fault;

import static io.github.ltxkit.replica.ReplicaOperation.DELETE;
import static io.github.ltxkit.replica.ReplicaOperation.LIST;
import static io.github.ltxkit.replica.ReplicaOperation.READ;
import static io.github.ltxkit.replica.ReplicaOperation.WRITE;

import io.github.ltxkit.replica.ReplicaOperation;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A storage failure to inject into replica requests: what happens to a request, never when (a {@link FaultRule}
 * says when).
 *
 * <p>Faults are immutable values. Each kind affects only some operations ({@link #operations()}); a rule that names
 * another operation is rejected when it is built. Faults that fail a request ({@link ErrorResponse},
 * {@link ConnectionReset}, {@link Partition}) do so before the request reaches storage, so nothing is read, stored
 * or deleted; {@link AmbiguousWrite} is the one fault that fails a request after storage carried it out.
 */
public sealed interface Fault {

    /** Returns the operations this fault can affect. */
    Set<ReplicaOperation> operations();

    /**
     * An error response from storage, raised as the exception a real backend raises for its status: 5xx, 408 and
     * 429 as a {@link io.github.ltxkit.replica.TransientReplicaException}, 404 as an
     * {@link io.github.ltxkit.replica.ObjectNotFoundException}, 412 as an
     * {@link io.github.ltxkit.replica.ObjectAlreadyExistsException}, 401 and 403 as a
     * {@link io.github.ltxkit.replica.ReplicaAccessException}, any other 4xx as a plain
     * {@link io.github.ltxkit.replica.ReplicaException}. The request does not reach storage.
     *
     * @param status the HTTP status, 400 to 599
     * @param code   the S3 error code, e.g. {@code SlowDown}
     */
    record ErrorResponse(int status, String code) implements Fault {
        private static final Set<ReplicaOperation> OPERATIONS = Set.of(ReplicaOperation.values());

        private static final Pattern CODE = Pattern.compile("[A-Za-z][A-Za-z0-9.]*");

        /** Checks the status and the code. */
        public ErrorResponse {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("error status must be 400 to 599: " + status);
            }
            Objects.requireNonNull(code, "code");
            if (!CODE.matcher(code).matches()) {
                throw new IllegalArgumentException("error code must be a word such as SlowDown: '" + code + "'");
            }
        }

        @Override
        public Set<ReplicaOperation> operations() {
            return OPERATIONS;
        }
    }

    /**
     * A slow response: the request waits {@code delay} plus a random extra between zero and {@code jitter} (drawn
     * from the rule's seeded random) before it is carried out.
     *
     * @param delay  the least extra wait, not negative
     * @param jitter the most added on top of {@code delay}, not negative
     */
    record Latency(Duration delay, Duration jitter) implements Fault {
        private static final Set<ReplicaOperation> OPERATIONS = Set.of(ReplicaOperation.values());

        /** Checks the durations. */
        public Latency {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(jitter, "jitter");
            if (delay.isNegative() || jitter.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative: delay=" + delay
                        + " jitter=" + jitter);
            }
        }

        @Override
        public Set<ReplicaOperation> operations() {
            return OPERATIONS;
        }
    }

    /**
     * A slow link: reads deliver their bytes (the array of {@code read}, the stream of {@code open}) and writes send
     * their content at no more than {@code bytesPerSecond}.
     *
     * @param bytesPerSecond the transfer rate cap, at least 1
     */
    record Bandwidth(long bytesPerSecond) implements Fault {
        private static final Set<ReplicaOperation> OPERATIONS = Set.of(READ, WRITE);

        /** Checks the rate. */
        public Bandwidth {
            if (bytesPerSecond < 1) {
                throw new IllegalArgumentException("bandwidth must be at least 1 byte per second: " + bytesPerSecond);
            }
        }

        @Override
        public Set<ReplicaOperation> operations() {
            return OPERATIONS;
        }
    }

    /**
     * A body cut short without an error, as a proxy or client that does not notice a dropped connection would
     * deliver it: {@code read} returns only the first {@code fraction} of its bytes (a short array), and the stream
     * of {@code open} ends early after that fraction of the object. The caller must detect it.
     *
     * @param fraction the part kept, at least 0 and less than 1
     */
    record TruncatedBody(double fraction) implements Fault {
        private static final Set<ReplicaOperation> OPERATIONS = Set.of(READ);

        /** Checks the fraction. */
        public TruncatedBody {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new IllegalArgumentException("truncated body fraction must be at least 0 and below 1: "
                        + fraction);
            }
        }

        @Override
        public Set<ReplicaOperation> operations() {
            return OPERATIONS;
        }
    }

    /**
     * A connection reset before storage carried out the request: a
     * {@link io.github.ltxkit.replica.TransientReplicaException} "connection reset (injected)"; a write is not
     * stored.
     */
    record ConnectionReset() implements Fault {
        private static final Set<ReplicaOperation> OPERATIONS = Set.of(ReplicaOperation.values());

        @Override
        public Set<ReplicaOperation> operations() {
            return OPERATIONS;
        }
    }

    /**
     * A lost response: storage carries out the write (or delete), then the caller gets a
     * {@link io.github.ltxkit.replica.TransientReplicaException}, so the file is stored although the write was
     * reported failed. If storage itself fails the request, the caller still gets the transient exception, caused
     * by the real one.
     */
    record AmbiguousWrite() implements Fault {
        private static final Set<ReplicaOperation> OPERATIONS = Set.of(WRITE, DELETE);

        @Override
        public Set<ReplicaOperation> operations() {
            return OPERATIONS;
        }
    }

    /**
     * An eventually consistent listing: the result omits the newest {@code hideNewest} files (by TXID) of that
     * listing.
     *
     * @param hideNewest how many of the newest files to leave out, at least 1
     */
    record StaleListing(int hideNewest) implements Fault {
        private static final Set<ReplicaOperation> OPERATIONS = Set.of(LIST);

        /** Checks the count. */
        public StaleListing {
            if (hideNewest < 1) {
                throw new IllegalArgumentException("stale listing must hide at least 1 file: " + hideNewest);
            }
        }

        @Override
        public Set<ReplicaOperation> operations() {
            return OPERATIONS;
        }
    }

    /**
     * Storage cannot be reached: a {@link io.github.ltxkit.replica.TransientReplicaException} "network partition
     * (injected)". {@link StorageFaults#partition()} injects it into every request; a rule can inject it into some.
     */
    record Partition() implements Fault {
        private static final Set<ReplicaOperation> OPERATIONS = Set.of(ReplicaOperation.values());

        @Override
        public Set<ReplicaOperation> operations() {
            return OPERATIONS;
        }
    }

    /** Returns an error response with {@code status} and S3 error {@code code}. */
    static ErrorResponse error(int status, String code) {
        return new ErrorResponse(status, code);
    }

    /** Returns 500 {@code InternalError}, a transient failure. */
    static ErrorResponse serverError() {
        return new ErrorResponse(500, "InternalError");
    }

    /** Returns 503 {@code SlowDown}, S3's throttling response, a transient failure. */
    static ErrorResponse slowDown() {
        return new ErrorResponse(503, "SlowDown");
    }

    /** Returns 404 {@code NoSuchKey}, a missing file. */
    static ErrorResponse notFound() {
        return new ErrorResponse(404, "NoSuchKey");
    }

    /** Returns 403 {@code AccessDenied}, an unusable replica. */
    static ErrorResponse accessDenied() {
        return new ErrorResponse(403, "AccessDenied");
    }

    /** Returns 412 {@code PreconditionFailed}, a lost conditional create. */
    static ErrorResponse preconditionFailed() {
        return new ErrorResponse(412, "PreconditionFailed");
    }

    /** Returns a fixed delay before each affected request. */
    static Latency latency(Duration delay) {
        return new Latency(delay, Duration.ZERO);
    }

    /** Returns a delay of {@code delay} plus up to {@code jitter} before each affected request. */
    static Latency latency(Duration delay, Duration jitter) {
        return new Latency(delay, jitter);
    }

    /** Returns a transfer rate cap of {@code bytesPerSecond}. */
    static Bandwidth bandwidth(long bytesPerSecond) {
        return new Bandwidth(bytesPerSecond);
    }

    /** Returns a body that keeps only its first {@code fraction}. */
    static TruncatedBody truncatedBody(double fraction) {
        return new TruncatedBody(fraction);
    }

    /** Returns a connection reset before the request is carried out. */
    static ConnectionReset connectionReset() {
        return new ConnectionReset();
    }

    /** Returns a write that is stored and then reported failed. */
    static AmbiguousWrite ambiguousWrite() {
        return new AmbiguousWrite();
    }

    /** Returns a listing that leaves out its newest {@code hideNewest} files. */
    static StaleListing staleListing(int hideNewest) {
        return new StaleListing(hideNewest);
    }

    /** Returns a network partition for the affected requests. */
    static Partition partition() {
        return new Partition();
    }
}
