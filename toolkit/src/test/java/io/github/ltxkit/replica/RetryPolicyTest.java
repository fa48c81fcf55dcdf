package io.github.ltxkit.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void theDefaultPolicyMakesSixAttemptsStartingAt25MsAndCappedAtTwoSeconds() {
        assertThat(RetryPolicy.DEFAULT).isEqualTo(
                new RetryPolicy(6, Duration.ofMillis(25), Duration.ofSeconds(2), 2.0));
    }

    @Test
    void theCapGrowsByTheMultiplierUntilMaxDelay() {
        List<Long> caps = new ArrayList<>();
        for (int n = 1; n <= 9; n++) {
            caps.add(RetryPolicy.DEFAULT.delayCap(n).toMillis());
        }
        assertThat(caps).containsExactly(25L, 50L, 100L, 200L, 400L, 800L, 1600L, 2000L, 2000L);
    }

    @Test
    void delaysAreDrawnFromZeroToTheCapWithFullJitter() {
        Random random = new Random(42);
        long cap = RetryPolicy.DEFAULT.delayCap(3).toNanos();
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            long d = RetryPolicy.DEFAULT.delay(3, random).toNanos();
            assertThat(d).isBetween(0L, cap);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isLessThan(cap / 20);
        assertThat(max).isGreaterThan(cap - cap / 20);
    }

    @Test
    void aHugeAttemptNumberStaysAtMaxDelay() {
        assertThat(RetryPolicy.DEFAULT.delayCap(10_000)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void badPoliciesAreRejectedWithTheValue() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1))
                .hasMessage("maxAttempts must be at least 1: 0");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1), 2))
                .hasMessage("maxDelay must be at least initialDelay: PT1S < PT2S");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 0.5))
                .hasMessage("multiplier must be a finite number of at least 1: 0.5");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofMillis(-1), Duration.ZERO, 2))
                .hasMessage("initialDelay must not be negative: PT-0.001S");
    }
}
