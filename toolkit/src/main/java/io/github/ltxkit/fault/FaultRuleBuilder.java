package io.github.ltxkit.fault;

import io.github.ltxkit.replica.ReplicaOperation;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a {@link FaultRule} and adds it to its controller: {@code faults.on(READ).matching("0/*").times(2)
 * .inject(Fault.slowDown())}.
 *
 * <p>Without {@link #matching} the rule matches every file; without a trigger it fires {@link #always()}. Calls
 * return this builder; the last call for the same setting wins. Not thread-safe: build a rule on one thread.
 */
public final class FaultRuleBuilder {
    private final StorageFaults owner;
    /** Confined to the building thread; {@code null} for every operation the fault can affect. */
    private final Set<ReplicaOperation> operations;
    /** Confined to the building thread, like the fields below. */
    private String keyPattern = "*";
    private long after;
    private long limit = Trigger.UNLIMITED;
    private double probability = 1;
    /** Confined to the building thread; {@code null} to derive the rule's seed from the controller's. */
    private Long seed;

    FaultRuleBuilder(StorageFaults owner, Set<ReplicaOperation> operations) {
        this.owner = owner;
        this.operations = operations;
    }

    /** Selects the files whose path {@code <level>/<min>-<max>.ltx} matches the glob; see {@link FaultRule}. */
    public FaultRuleBuilder matching(String keyPattern) {
        this.keyPattern = KeyGlob.check(keyPattern);
        return this;
    }

    /** Lets the first {@code n} matching requests pass untouched. */
    public FaultRuleBuilder after(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("after must not be negative: " + n);
        }
        this.after = n;
        return this;
    }

    /** Injects into at most {@code n} requests: the first {@code n} matching ones (after any skipped). */
    public FaultRuleBuilder times(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + n);
        }
        this.limit = n;
        return this;
    }

    /** Injects into every matching request (after any skipped), with no limit and probability 1. */
    public FaultRuleBuilder always() {
        this.limit = Trigger.UNLIMITED;
        this.probability = 1;
        return this;
    }

    /** Injects into each matching request with probability {@code p}, drawn from the rule's seeded random. */
    public FaultRuleBuilder probability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be 0 to 1: " + p);
        }
        this.probability = p;
        return this;
    }

    /**
     * Seeds the rule's random (its probability draws and latency jitter) with {@code seed} itself: the rule then
     * injects exactly as the first rule of a controller seeded with {@code seed} would, whatever its controller's
     * seed and its position among the rules. Without it the seed derives from both (see {@link StorageFaults}).
     */
    public FaultRuleBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Builds the rule, adds it to the controller after its existing rules, and returns it (for
     * {@link StorageFaults#remove(FaultRule)}).
     *
     * @throws IllegalArgumentException if the fault cannot affect an operation named in {@code on(...)}
     */
    public FaultRule inject(Fault fault) {
        Objects.requireNonNull(fault, "fault");
        FaultRule rule = new FaultRule(operations == null ? fault.operations() : operations, keyPattern,
                new Trigger(after, limit, probability), fault);
        return owner.add(rule, seed);
    }
}
