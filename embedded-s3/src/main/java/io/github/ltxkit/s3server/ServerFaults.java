package io.github.ltxkit.s3server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Faults that the embedded server's HTTP front end applies to the next matching requests, and a log of the requests
 * it received, so that tests can drive a client's retries and check how many attempts the server saw.
 *
 * <p>A rule matches a request by its {@link S3Op} and by a prefix of its path-style location {@code bucket/key}
 * (for {@link S3Op#LIST_OBJECTS}: {@code bucket/<prefix parameter>}; the empty prefix matches every request of the
 * kind). Each rule applies to its next {@code count} matching requests and is then used up; when several rules
 * match, the one added first applies. Error answers drain the request body first, as S3 does, so that a pooled
 * connection stays usable; resets do not read it.
 *
 * <p>Thread-safe: rules may be added while requests are in flight.
 */
public final class ServerFaults {
    /** How many requests the log keeps; older ones are forgotten. */
    public static final int REQUEST_LOG_CAPACITY = 1 << 16;

    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9.]{1,64}");

    private final Object lock = new Object();
    // Guarded by lock: pending rules in the order they were added.
    private final List<Rule> rules = new ArrayList<>();
    // Guarded by lock: a ring of the last REQUEST_LOG_CAPACITY requests, and how many were ever logged.
    private final S3Op[] loggedOps = new S3Op[REQUEST_LOG_CAPACITY];
    private final String[] loggedPaths = new String[REQUEST_LOG_CAPACITY];
    private long logged;
    // Concurrent set, no lock: buckets whose PUTs have If-None-Match stripped.
    private final Set<String> bucketsIgnoringConditionalWrites = ConcurrentHashMap.newKeySet();

    ServerFaults() {
    }

    /**
     * Answers the next {@code count} matching requests with {@code status} and the S3 error {@code errorCode}
     * (for example 503 {@code SlowDown}, 500 {@code InternalError}, 403 {@code AccessDenied}) without passing them
     * to the store.
     */
    public void failNext(S3Op op, String pathPrefix, int count, int status, String errorCode) {
        add(op, pathPrefix, count, new Fault.Fail(checkStatus(status), checkCode(errorCode)));
    }

    /**
     * Lets the store apply the next {@code count} matching requests, then answers them with {@code status} and
     * {@code errorCode} instead of the real response: the client cannot tell that its write was stored.
     */
    public void failNextAfterApplying(S3Op op, String pathPrefix, int count, int status, String errorCode) {
        add(op, pathPrefix, count, new Fault.FailAfterApplying(checkStatus(status), checkCode(errorCode)));
    }

    /** Holds the next {@code count} matching requests for {@code delay} before serving them normally. */
    public void delayNext(S3Op op, String pathPrefix, int count, Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        add(op, pathPrefix, count, new Fault.Delay(delay));
    }

    /**
     * Serves the next {@code count} matching requests but sends only the first half of the response body
     * (rounded down) after announcing the full Content-Length, then closes the connection.
     */
    public void truncateNextBody(S3Op op, String pathPrefix, int count) {
        add(op, pathPrefix, count, new Fault.TruncateBody());
    }

    /** Resets the connection (TCP RST) on the next {@code count} matching requests before the store sees them. */
    public void resetNext(S3Op op, String pathPrefix, int count) {
        add(op, pathPrefix, count, new Fault.Reset());
    }

    /**
     * Lets the store apply the next {@code count} matching requests, then resets the connection instead of
     * answering: the write is stored but its response is lost.
     */
    public void resetNextAfterApplying(S3Op op, String pathPrefix, int count) {
        add(op, pathPrefix, count, new Fault.ResetAfterApplying());
    }

    /**
     * Makes the store ignore {@code If-None-Match} on PUTs to {@code bucket} (as some S3-compatible services do),
     * or honour it again.
     */
    public void ignoreConditionalWrites(String bucket, boolean ignore) {
        Objects.requireNonNull(bucket, "bucket");
        if (ignore) {
            bucketsIgnoringConditionalWrites.add(bucket);
        } else {
            bucketsIgnoringConditionalWrites.remove(bucket);
        }
    }

    /**
     * Returns how many requests of kind {@code op} whose location starts with {@code pathPrefix} the front end
     * received (faulted ones included) since the last {@link #clear()}, among the last
     * {@value #REQUEST_LOG_CAPACITY}.
     */
    public long requestCount(S3Op op, String pathPrefix) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        synchronized (lock) {
            long n = 0;
            int size = (int) Math.min(logged, REQUEST_LOG_CAPACITY);
            for (int i = 0; i < size; i++) {
                if (loggedOps[i] == op && loggedPaths[i].startsWith(pathPrefix)) {
                    n++;
                }
            }
            return n;
        }
    }

    /** Returns how many faulted requests the pending rules still have to serve. */
    public long pendingFaults() {
        synchronized (lock) {
            return rules.stream().mapToLong(r -> r.remaining).sum();
        }
    }

    /** Drops all pending rules, forgets the request log and honours conditional writes in every bucket again. */
    public void clear() {
        synchronized (lock) {
            rules.clear();
            logged = 0;
            java.util.Arrays.fill(loggedOps, null);
            java.util.Arrays.fill(loggedPaths, null);
        }
        bucketsIgnoringConditionalWrites.clear();
    }

    /** Logs a request and returns the fault to apply to it, or {@code null} to serve it normally. */
    Fault onRequest(S3Op op, String path) {
        synchronized (lock) {
            int slot = (int) (logged % REQUEST_LOG_CAPACITY);
            loggedOps[slot] = op;
            loggedPaths[slot] = path;
            logged++;
            for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
                Rule rule = it.next();
                if (rule.op == op && path.startsWith(rule.pathPrefix)) {
                    if (--rule.remaining == 0) {
                        it.remove();
                    }
                    return rule.fault;
                }
            }
            return null;
        }
    }

    /** Returns whether PUTs to {@code bucket} should have their If-None-Match condition stripped. */
    boolean ignoresConditionalWrites(String bucket) {
        return bucketsIgnoringConditionalWrites.contains(bucket);
    }

    private void add(S3Op op, String pathPrefix, int count, Fault fault) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        synchronized (lock) {
            rules.add(new Rule(op, pathPrefix, fault, count));
        }
    }

    private static int checkStatus(int status) {
        if (status < 300 || status > 599) {
            throw new IllegalArgumentException("error status must be 300 to 599: " + status);
        }
        return status;
    }

    private static String checkCode(String errorCode) {
        Objects.requireNonNull(errorCode, "errorCode");
        if (!ERROR_CODE.matcher(errorCode).matches()) {
            throw new IllegalArgumentException("error code must be 1 to 64 letters or digits: '" + errorCode + "'");
        }
        return errorCode;
    }

    /** One pending rule; {@code remaining} is guarded by the enclosing instance's lock. */
    private static final class Rule {
        final S3Op op;
        final String pathPrefix;
        final Fault fault;
        int remaining;

        Rule(S3Op op, String pathPrefix, Fault fault, int remaining) {
            this.op = op;
            this.pathPrefix = pathPrefix;
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}
