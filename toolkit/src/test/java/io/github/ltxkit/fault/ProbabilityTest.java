package io.github.ltxkit.fault;

import static io.github.ltxkit.fault.TestFiles.bytes;
import static io.github.ltxkit.fault.TestFiles.l0;
import static io.github.ltxkit.replica.ReplicaOperation.READ;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ProbabilityTest {
    private static final int REQUESTS = 400;

    @Test
    void theSameSeedFailsTheSameRequestNumbers() throws Exception {
        List<Long> first = failingRequests(42, f -> f.onAny().probability(0.2).inject(Fault.serverError()));
        List<Long> second = failingRequests(42, f -> f.onAny().probability(0.2).inject(Fault.serverError()));

        assertThat(first).isNotEmpty().isEqualTo(second);
    }

    @Test
    void aDifferentSeedFailsDifferentRequestNumbers() throws Exception {
        List<Long> seed42 = failingRequests(42, f -> f.onAny().probability(0.2).inject(Fault.serverError()));
        List<Long> seed43 = failingRequests(43, f -> f.onAny().probability(0.2).inject(Fault.serverError()));

        assertThat(seed42).isNotEqualTo(seed43);
    }

    @Test
    void theShareOfFailedRequestsIsCloseToTheProbability() throws Exception {
        List<Long> failing = failingRequests(5, f -> f.onAny().probability(0.25).inject(Fault.serverError()));

        assertThat(failing.size()).isBetween(REQUESTS / 4 - 40, REQUESTS / 4 + 40);
    }

    @Test
    void eachRuleDrawsFromItsOwnRandomSoALaterRuleDoesNotChangeWhichRequestsFail() throws Exception {
        List<Long> alone = failingRequests(42, f -> f.on(READ).probability(0.3).inject(Fault.serverError()));
        List<Long> withALaterRule = failingRequests(42, f -> {
            f.on(READ).probability(0.3).inject(Fault.serverError());
            f.on(READ).probability(0.5).inject(Fault.latency(Duration.ZERO));
        });

        assertThat(withALaterRule).isEqualTo(alone);
    }

    @Test
    void rulesAtDifferentIndexesDrawDifferentNumbersFromTheSameSeed() throws Exception {
        StorageFaults faults = StorageFaults.seeded(42);
        InMemoryReplicaClient storage = new InMemoryReplicaClient();
        storage.put(l0(1), bytes(10, 1));
        storage.put(LtxFileKey.of(1, 1, 1), bytes(10, 1));
        ReplicaClient client = faults.wrap(storage);
        faults.on(READ).matching("0/*").probability(0.5).inject(Fault.serverError());
        faults.on(READ).matching("1/*").probability(0.5).inject(Fault.serverError());

        StringBuilder level0 = new StringBuilder();
        StringBuilder level1 = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            level0.append(fails(client, l0(1)) ? 'x' : '.');
            level1.append(fails(client, LtxFileKey.of(1, 1, 1)) ? 'x' : '.');
        }

        assertThat(level0.toString()).isNotEqualTo(level1.toString());
    }

    @Test
    void aProbabilityRuleWithTimesStopsAfterThatManyInjections() throws Exception {
        List<Long> failing = failingRequests(9, f -> f.onAny().times(3).probability(0.5)
                .inject(Fault.serverError()));

        assertThat(failing).hasSize(3);
    }

    @Test
    void aRuleWithItsOwnSeedInjectsTheSameWayWhateverTheControllerSeedAndItsPosition() throws Exception {
        List<Long> first = failingRequests(42, f -> f.onAny().probability(0.3).seed(7).inject(Fault.serverError()));
        List<Long> elsewhere = failingRequests(1234, f -> {
            f.on(READ).matching("9/*").inject(Fault.serverError());
            f.onAny().probability(0.3).seed(7).inject(Fault.serverError());
        });
        List<Long> firstRuleOfSeed7 = failingRequests(7, f -> f.onAny().probability(0.3).inject(Fault.serverError()));
        List<Long> seed8 = failingRequests(42, f -> f.onAny().probability(0.3).seed(8).inject(Fault.serverError()));

        assertThat(first).isNotEmpty().isEqualTo(elsewhere).isEqualTo(firstRuleOfSeed7).isNotEqualTo(seed8);
    }

    @Test
    void probabilityZeroNeverFiresAndProbabilityOneAlwaysDoes() throws Exception {
        assertThat(failingRequests(1, f -> f.onAny().probability(0).inject(Fault.serverError()))).isEmpty();
        assertThat(failingRequests(1, f -> f.onAny().probability(1).inject(Fault.serverError())))
                .hasSize(REQUESTS);
    }

    /** Makes {@link #REQUESTS} reads in one thread and returns the sequence numbers that failed, from the journal. */
    private static List<Long> failingRequests(long seed, Consumer<StorageFaults> rules) throws ReplicaException {
        InMemoryReplicaClient storage = new InMemoryReplicaClient();
        LtxFileKey key = l0(1);
        storage.put(key, bytes(10, 1));
        StorageFaults faults = StorageFaults.seeded(seed);
        rules.accept(faults);
        ReplicaClient client = faults.wrap(storage);
        for (int i = 0; i < REQUESTS; i++) {
            fails(client, key);
        }
        List<Long> failed = faults.journal().requests().stream().filter(RecordedRequest::failed)
                .map(RecordedRequest::sequence).toList();
        assertThat(faults.injected()).filteredOn(i -> i.fault() instanceof Fault.ErrorResponse)
                .extracting(InjectedFault::sequence).isEqualTo(failed);
        return failed;
    }

    private static boolean fails(ReplicaClient client, LtxFileKey key) {
        try {
            client.read(key, 0, 10);
            return false;
        } catch (ReplicaException e) {
            assertThat(e).hasMessageEndingWith("500 InternalError (injected)");
            return true;
        }
    }
}
