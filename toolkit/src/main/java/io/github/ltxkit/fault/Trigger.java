package io.github.ltxkit.fault;

/**
 * When a rule injects its fault, counted over the requests the rule matches: skip the first {@code after}, then
 * inject into each later one with {@code probability}, at most {@code limit} times.
 *
 * <p>The probability is drawn from the rule's own random, seeded from the controller's seed and the rule's index
 * (see {@link StorageFaults}), so the same requests in the same order give the same injections. A trigger is a
 * value; the counts live in the controller, and adding a rule again starts from zero.
 *
 * @param after       how many matching requests pass untouched first, at least 0
 * @param limit       the most injections, at least 1; {@link #UNLIMITED} for no limit
 * @param probability the chance that an eligible request gets the fault, 0 to 1
 */
public record Trigger(long after, long limit, double probability) {
    /** The {@code limit} of a trigger that never runs out. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** Checks the counts and the probability. */
    public Trigger {
        if (after < 0) {
            throw new IllegalArgumentException("after must not be negative: " + after);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + limit);
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be 0 to 1: " + probability);
        }
    }

    /** Returns a trigger that fires on every matching request. */
    public static Trigger always() {
        return new Trigger(0, UNLIMITED, 1);
    }

    /** Returns a trigger that fires on the first {@code n} matching requests. */
    public static Trigger times(long n) {
        return new Trigger(0, n, 1);
    }

    /** Returns a trigger that fires on each matching request with probability {@code p}. */
    public static Trigger probability(double p) {
        return new Trigger(0, UNLIMITED, p);
    }

    /** Returns this trigger, starting only after the first {@code n} matching requests. */
    public Trigger afterFirst(long n) {
        return new Trigger(n, limit, probability);
    }

    /** Describes the trigger in words, e.g. {@code "after 2, 3 times"}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (after > 0) {
            s.append("after ").append(after).append(", ");
        }
        if (probability < 1) {
            s.append("with probability ").append(probability);
            if (limit != UNLIMITED) {
                s.append(", at most ").append(limit).append(limit == 1 ? " time" : " times");
            }
        } else if (limit == UNLIMITED) {
            s.append("always");
        } else {
            s.append(limit).append(limit == 1 ? " time" : " times");
        }
        return s.toString();
    }
}
