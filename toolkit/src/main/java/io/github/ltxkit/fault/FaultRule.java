package io.github.ltxkit.fault;

import io.github.ltxkit.replica.ReplicaOperation;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which requests get a fault, and when: the operations, a glob over the file's path, a {@link Trigger} and the
 * {@link Fault}.
 *
 * <p>The glob is matched against {@code <level>/<min>-<max>.ltx} with a decimal level, for example
 * {@code 0/0000000000000001-0000000000000001.ltx}. {@code *} matches any run of characters (the {@code /} too) and
 * {@code ?} one character, so {@code 0/*} selects level 0, {@code *.ltx} or {@code *} every file, and
 * {@code 9/0000000000000001-*} the snapshots that start at TXID 1. A LIST matches when some file of the listed level
 * could match ({@code 0/*} and {@code *} match a listing of level 0, {@code 1/*} does not; a listing of every
 * level matches when any level could); a DELETE matches when
 * one of its files matches, and a DELETE of no files only when the pattern is {@code *}.
 *
 * <p>Build rules with {@link StorageFaults#on} or {@link StorageFaults#onAny()}.
 *
 * @param operations the operations affected, not empty, each one the fault can affect
 * @param keyPattern the glob over file paths
 * @param trigger    when the fault is injected, counted over matching requests
 * @param fault      what happens
 */
public record FaultRule(Set<ReplicaOperation> operations, String keyPattern, Trigger trigger, Fault fault) {
    /** Checks that the fault can affect every operation and that the pattern can match some file. */
    public FaultRule {
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(fault, "fault");
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("a fault rule needs at least one operation: " + fault);
        }
        operations = Collections.unmodifiableSet(EnumSet.copyOf(operations));
        for (ReplicaOperation op : operations) {
            if (!fault.operations().contains(op)) {
                throw new IllegalArgumentException(fault + " cannot affect " + op + " requests, only "
                        + EnumSet.copyOf(fault.operations()));
            }
        }
        KeyGlob.check(keyPattern);
    }

    /** Returns whether {@code request} is one this rule selects (its trigger still decides). */
    boolean matches(Request request) {
        if (!operations.contains(request.operation())) {
            return false;
        }
        return switch (request.operation()) {
            case LIST -> request.level() == Request.ALL_LEVELS
                    ? java.util.stream.IntStream.rangeClosed(0, io.github.ltxkit.replica.LtxFileKey.MAX_LEVEL)
                            .anyMatch(l -> KeyGlob.matchesUnder(keyPattern, KeyGlob.directory(l)))
                    : KeyGlob.matchesUnder(keyPattern, KeyGlob.directory(request.level()));
            case DELETE -> request.keys().isEmpty()
                    ? KeyGlob.matchesEverything(keyPattern)
                    : request.keys().stream().anyMatch(k -> KeyGlob.matches(keyPattern, KeyGlob.path(k)));
            case READ, WRITE -> KeyGlob.matches(keyPattern, KeyGlob.path(request.keys().getFirst()));
        };
    }

    /** Describes the rule, e.g. {@code READ 0/* 2 times: ErrorResponse[status=503, code=SlowDown]}. */
    @Override
    public String toString() {
        return operations + " " + keyPattern + " " + trigger + ": " + fault;
    }
}
