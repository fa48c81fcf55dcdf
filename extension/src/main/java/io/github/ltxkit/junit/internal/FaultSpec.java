package io.github.ltxkit.junit.internal;

import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.fault.FaultRule;
import io.github.ltxkit.fault.FaultRuleBuilder;
import io.github.ltxkit.fault.StorageFaults;
import io.github.ltxkit.junit.StorageFault;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.vfs.DatabaseConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * One {@link StorageFault} annotation, checked and turned into the {@link Fault} it injects; {@link #arm} adds it
 * to a database's {@link StorageFaults}. Immutable.
 *
 * @param fault       what happens to a matching request
 * @param operations  the operations it applies to; empty for all the fault can affect
 * @param keys        the glob over file paths
 * @param after       matching requests that pass untouched first
 * @param times       the most injections; 0 for no limit
 * @param probability the chance of an eligible request
 * @param seed        the rule's own seed
 * @param database    the database it applies to; empty for every database of the test (or the element's own)
 * @param origin      the element it is written on, for messages
 */
record FaultSpec(Fault fault, List<ReplicaOperation> operations, String keys, long after, long times,
                 double probability, long seed, String database, String origin) {
    FaultSpec {
        Objects.requireNonNull(fault, "fault");
        operations = List.copyOf(operations);
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * Checks {@code a}, written on {@code origin}, and returns its spec.
     *
     * @throws ExtensionConfigurationException naming the element: an attribute of another kind, a missing or
     *                                         malformed value, an operation the kind cannot affect
     */
    static FaultSpec of(StorageFault a, String origin) {
        String where = "@StorageFault(" + a.value() + ") on " + origin + ": ";
        List<String> stray = new ArrayList<>();
        StorageFault.Kind kind = a.value();
        if (a.status() != 0 && kind != StorageFault.Kind.ERROR) {
            stray.add("status");
        }
        if (!a.code().isEmpty() && kind != StorageFault.Kind.ERROR) {
            stray.add("code");
        }
        if (!a.latency().isEmpty() && kind != StorageFault.Kind.LATENCY) {
            stray.add("latency");
        }
        if (!a.jitter().isEmpty() && kind != StorageFault.Kind.LATENCY) {
            stray.add("jitter");
        }
        if (a.bytesPerSecond() != 0 && kind != StorageFault.Kind.BANDWIDTH) {
            stray.add("bytesPerSecond");
        }
        if (a.keep() >= 0 && kind != StorageFault.Kind.TRUNCATED_BODY) {
            stray.add("keep");
        }
        if (a.hideNewest() != 0 && kind != StorageFault.Kind.STALE_LISTING) {
            stray.add("hideNewest");
        }
        if (!stray.isEmpty()) {
            throw new ExtensionConfigurationException(where + "conflicting attributes: " + String.join(", ", stray)
                    + (stray.size() == 1 ? " does" : " do") + " not apply to " + kind);
        }
        if (a.times() < 0 || a.after() < 0) {
            throw new ExtensionConfigurationException(where + "times and after must not be negative: times="
                    + a.times() + " after=" + a.after());
        }
        Fault fault;
        try {
            fault = switch (kind) {
                case ERROR -> {
                    int status = a.status() == 0 ? 503 : a.status();
                    yield new Fault.ErrorResponse(status, a.code().isEmpty() ? defaultCode(status) : a.code());
                }
                case LATENCY -> {
                    if (a.latency().isEmpty()) {
                        throw new IllegalArgumentException("latency is required, e.g. latency = \"200ms\"");
                    }
                    yield new Fault.Latency(duration("latency", a.latency()),
                            a.jitter().isEmpty() ? Duration.ZERO : duration("jitter", a.jitter()));
                }
                case BANDWIDTH -> {
                    if (a.bytesPerSecond() == 0) {
                        throw new IllegalArgumentException("bytesPerSecond is required, e.g. bytesPerSecond = 65536");
                    }
                    yield new Fault.Bandwidth(a.bytesPerSecond());
                }
                case TRUNCATED_BODY -> new Fault.TruncatedBody(a.keep() < 0 ? 0.5 : a.keep());
                case RESET -> new Fault.ConnectionReset();
                case AMBIGUOUS_WRITE -> new Fault.AmbiguousWrite();
                case STALE_LISTING -> new Fault.StaleListing(a.hideNewest() == 0 ? 1 : a.hideNewest());
                case PARTITION -> new Fault.Partition();
            };
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(where + e.getMessage(), e);
        }
        FaultSpec spec = new FaultSpec(fault, Arrays.asList(a.on()), a.keys(), a.after(), a.times(), a.probability(),
                a.seed(), a.database(), origin);
        try {
            spec.arm(new StorageFaults(0)); // builds the rule once, so that a bad glob or operation fails here
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(where + e.getMessage(), e);
        }
        return spec;
    }

    /** Adds the rule to {@code faults} and returns it (to remove it later). */
    FaultRule arm(StorageFaults faults) {
        FaultRuleBuilder builder = operations.isEmpty() ? faults.onAny()
                : faults.on(operations.getFirst(), operations.subList(1, operations.size())
                        .toArray(ReplicaOperation[]::new));
        builder.matching(keys).after(after).probability(probability).seed(seed);
        if (times > 0) {
            builder.times(times);
        }
        return builder.inject(fault);
    }

    static String defaultCode(int status) {
        return switch (status) {
            case 503 -> "SlowDown";
            case 500 -> "InternalError";
            case 404 -> "NoSuchKey";
            case 403 -> "AccessDenied";
            case 412 -> "PreconditionFailed";
            default -> "InjectedError";
        };
    }

    /** Parses a Litestream (Go) duration such as {@code 200ms} or {@code 1m30s}. */
    static Duration duration(String attribute, String value) {
        try {
            Duration d = DatabaseConfig.builder().replicaUrl("s3://check/duration").build()
                    .withParameters(Map.of("sync_interval", value), false).syncInterval();
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(attribute + ": '" + value + "' is not a duration such as 200ms, 1s or "
                    + "1m30s", e);
        }
    }
}
