package io.github.ltxkit.fault;

import io.github.ltxkit.replica.ReplicaOperation;
import java.util.Objects;
import java.util.Optional;

/**
 * One fault a {@link StorageFaults} controller injected into one request.
 *
 * @param sequence  the request's sequence number, as in {@link RecordedRequest#sequence()} and
 *                  {@link RequestJournal#find(long)}
 * @param operation the request's operation
 * @param target    what the request concerned, as in {@link RecordedRequest#target()}
 * @param fault     the fault
 * @param rule      the rule that injected it; empty for the controller's {@link StorageFaults#partition()}
 */
public record InjectedFault(long sequence, ReplicaOperation operation, String target, Fault fault,
        Optional<FaultRule> rule) {
    /** Checks the fields. */
    public InjectedFault {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(rule, "rule");
    }

    /** Describes the injection, e.g. {@code #4 READ 0/…ltx: ErrorResponse[status=503, code=SlowDown] by rule …}. */
    @Override
    public String toString() {
        return "#" + sequence + " " + operation + " " + target + ": " + fault
                + rule.map(r -> " by rule " + r).orElse(" by the partition");
    }
}
