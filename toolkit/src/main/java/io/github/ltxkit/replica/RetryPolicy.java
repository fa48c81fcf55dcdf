package io.github.ltxkit.replica;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How {@link RetryingReplicaClient} retries transient failures: up to {@code maxAttempts} attempts, waiting between
 * them for a random time (full jitter) between zero and {@code min(maxDelay, initialDelay * multiplier^(n-1))}
 * after the n-th failed attempt.
 *
 * @param maxAttempts  attempts in total, at least 1 (1 means no retries)
 * @param initialDelay the cap of the first wait, not negative
 * @param maxDelay     the largest cap of any wait, at least {@code initialDelay}
 * @param multiplier   how much the cap grows per attempt, at least 1
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier) {
    /** The default policy: 6 attempts, first wait up to 25 ms, doubling, never more than 2 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(25), Duration.ofSeconds(2), 2.0);

    /** A policy that makes one attempt and never retries. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);

    /** Checks the fields. */
    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative: " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "maxDelay must be at least initialDelay: " + maxDelay + " < " + initialDelay);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number of at least 1: " + multiplier);
        }
    }

    /** Returns a copy of this policy with another number of attempts. */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialDelay, maxDelay, multiplier);
    }

    /**
     * Returns the longest wait after the {@code failedAttempts}-th failed attempt:
     * {@code min(maxDelay, initialDelay * multiplier^(failedAttempts-1))}.
     */
    public Duration delayCap(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1: " + failedAttempts);
        }
        double nanos = initialDelay.toNanos() * Math.pow(multiplier, failedAttempts - 1);
        return nanos >= maxDelay.toNanos() ? maxDelay : Duration.ofNanos((long) nanos);
    }

    /** Returns a wait drawn uniformly from {@code [0, delayCap(failedAttempts)]} (full jitter). */
    public Duration delay(int failedAttempts, RandomGenerator random) {
        long cap = delayCap(failedAttempts).toNanos();
        return cap == 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(cap + 1));
    }
}
