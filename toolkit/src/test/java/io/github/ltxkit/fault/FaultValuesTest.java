package io.github.ltxkit.fault;

import static io.github.ltxkit.replica.ReplicaOperation.DELETE;
import static io.github.ltxkit.replica.ReplicaOperation.LIST;
import static io.github.ltxkit.replica.ReplicaOperation.READ;
import static io.github.ltxkit.replica.ReplicaOperation.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultValuesTest {

    @Test
    void factoriesGiveTheStatusesAndCodesS3Sends() {
        assertThat(Fault.serverError()).isEqualTo(new Fault.ErrorResponse(500, "InternalError"));
        assertThat(Fault.slowDown()).isEqualTo(new Fault.ErrorResponse(503, "SlowDown"));
        assertThat(Fault.notFound()).isEqualTo(new Fault.ErrorResponse(404, "NoSuchKey"));
        assertThat(Fault.accessDenied()).isEqualTo(new Fault.ErrorResponse(403, "AccessDenied"));
        assertThat(Fault.preconditionFailed()).isEqualTo(new Fault.ErrorResponse(412, "PreconditionFailed"));
        assertThat(Fault.latency(Duration.ofMillis(5))).isEqualTo(new Fault.Latency(Duration.ofMillis(5),
                Duration.ZERO));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 200, 304, 399, 600})
    void anErrorStatusOutsideFourHundredToFiveNinetyNineIsRejected(int status) {
        assertThatThrownBy(() -> Fault.error(status, "Whatever"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("error status must be 400 to 599: " + status);
    }

    @Test
    void anErrorCodeMustBeAWord() {
        assertThatThrownBy(() -> Fault.error(500, "slow down"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("error code must be a word such as SlowDown: 'slow down'");
        assertThatThrownBy(() -> Fault.error(500, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNegativeLatencyIsRejected() {
        assertThatThrownBy(() -> Fault.latency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency must not be negative: delay=PT-0.001S jitter=PT0S");
        assertThatThrownBy(() -> Fault.latency(Duration.ZERO, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bandwidthBelowOneBytePerSecondIsRejected() {
        assertThatThrownBy(() -> Fault.bandwidth(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bandwidth must be at least 1 byte per second: 0");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
    void aTruncatedBodyKeepsAFractionFromZeroToBelowOne(double fraction) {
        assertThatThrownBy(() -> Fault.truncatedBody(fraction))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("truncated body fraction must be at least 0 and below 1: " + fraction);
    }

    @Test
    void aStaleListingHidesAtLeastOneFile() {
        assertThatThrownBy(() -> Fault.staleListing(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stale listing must hide at least 1 file: 0");
    }

    @Test
    void eachFaultNamesTheOperationsItCanAffect() {
        assertThat(Fault.slowDown().operations()).containsExactlyInAnyOrder(LIST, READ, WRITE, DELETE);
        assertThat(Fault.bandwidth(1).operations()).containsExactlyInAnyOrder(READ, WRITE);
        assertThat(Fault.truncatedBody(0.5).operations()).containsExactly(READ);
        assertThat(Fault.ambiguousWrite().operations()).containsExactlyInAnyOrder(WRITE, DELETE);
        assertThat(Fault.staleListing(1).operations()).containsExactly(LIST);
        assertThat(Fault.partition().operations()).containsExactlyInAnyOrder(LIST, READ, WRITE, DELETE);
    }

    @Test
    void aTriggerRejectsNegativeSkipsNoInjectionsAndImpossibleProbabilities() {
        assertThatThrownBy(() -> new Trigger(-1, 1, 1)).hasMessage("after must not be negative: -1");
        assertThatThrownBy(() -> Trigger.times(0)).hasMessage("times must be at least 1: 0");
        assertThatThrownBy(() -> Trigger.probability(1.01)).hasMessage("probability must be 0 to 1: 1.01");
        assertThatThrownBy(() -> Trigger.probability(Double.NaN)).hasMessage("probability must be 0 to 1: NaN");
    }

    @Test
    void aTriggerDescribesItselfInWords() {
        assertThat(Trigger.always()).hasToString("always");
        assertThat(Trigger.times(1)).hasToString("1 time");
        assertThat(Trigger.times(3).afterFirst(2)).hasToString("after 2, 3 times");
        assertThat(Trigger.probability(0.25)).hasToString("with probability 0.25");
        assertThat(new Trigger(0, 4, 0.5)).hasToString("with probability 0.5, at most 4 times");
    }

    @Test
    void aRuleRejectsAnOperationItsFaultCannotAffect() {
        assertThatThrownBy(() -> new FaultRule(Set.of(READ, WRITE), "*", Trigger.always(), Fault.truncatedBody(0.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TruncatedBody[fraction=0.5] cannot affect WRITE requests, only [READ]");
        StorageFaults faults = StorageFaults.seeded(1);
        assertThatThrownBy(() -> faults.on(READ).inject(Fault.ambiguousWrite()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AmbiguousWrite[] cannot affect READ requests, only [WRITE, DELETE]");
        assertThat(faults.rules()).isEmpty();
    }

    @Test
    void aRuleNeedsAnOperation() {
        assertThatThrownBy(() -> new FaultRule(Set.of(), "*", Trigger.always(), Fault.slowDown()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a fault rule needs at least one operation: ErrorResponse[status=503, code=SlowDown]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000/*", "ltx/0/*", "10/*", "L0/*"})
    void aPatternWrittenForAnotherLayoutIsRejectedBecauseItMatchesNoLevel(String pattern) {
        assertThatThrownBy(() -> StorageFaults.seeded(1).on(READ).matching(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key pattern matches no level: '" + pattern + "' (paths are <level>/<min>-<max>.ltx"
                        + " with a decimal level, e.g. 0/0000000000000001-0000000000000001.ltx)");
    }

    @Test
    void aBlankPatternIsRejected() {
        assertThatThrownBy(() -> StorageFaults.seeded(1).on(READ).matching(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key pattern must not be blank: ' '");
    }

    @Test
    void onAnyCoversExactlyTheOperationsTheFaultCanAffect() {
        StorageFaults faults = StorageFaults.seeded(1);
        assertThat(faults.onAny().inject(Fault.truncatedBody(0.5)).operations()).containsExactly(READ);
        assertThat(faults.onAny().inject(Fault.serverError()).operations())
                .containsExactly(LIST, READ, WRITE, DELETE);
    }

    @Test
    void theBuilderDefaultsToEveryFileAndEveryRequest() {
        FaultRule rule = StorageFaults.seeded(1).on(WRITE, DELETE).inject(Fault.connectionReset());
        assertThat(rule).isEqualTo(new FaultRule(Set.of(WRITE, DELETE), "*", Trigger.always(),
                Fault.connectionReset()));
        assertThat(rule).hasToString("[WRITE, DELETE] * always: ConnectionReset[]");
    }
}
