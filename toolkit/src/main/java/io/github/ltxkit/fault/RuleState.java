package io.github.ltxkit.fault;

import java.util.Random;

/**
 * A rule added to a controller, with its counts and its own seeded random.
 *
 * <p>Guarded by the owning {@link StorageFaults}' lock: only the controller touches it, always holding the lock.
 */
final class RuleState {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    final FaultRule rule;
    /** Guarded by the controller's lock. Draws probabilities and jitter; {@link Random}'s algorithm is fixed. */
    final Random random;
    /** Guarded by the controller's lock; the matching requests this rule has been consulted on. */
    private long matched;
    /** Guarded by the controller's lock; how often it injected its fault. */
    private long fired;

    RuleState(FaultRule rule, long seed, long index) {
        this.rule = rule;
        this.random = new Random(mix(seed + GOLDEN_GAMMA * (index + 1)));
    }

    /** Counts one more matching request and returns whether the trigger fires on it. */
    boolean fires() {
        Trigger t = rule.trigger();
        matched++;
        if (matched <= t.after() || fired >= t.limit()) {
            return false;
        }
        if (t.probability() < 1 && random.nextDouble() >= t.probability()) {
            return false;
        }
        fired++;
        return true;
    }

    /** SplitMix64's finalizer: spreads neighbouring seeds far apart. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
