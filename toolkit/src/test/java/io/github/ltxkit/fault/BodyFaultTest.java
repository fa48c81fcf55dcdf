package io.github.ltxkit.fault;

import static io.github.ltxkit.fault.TestFiles.bytes;
import static io.github.ltxkit.fault.TestFiles.content;
import static io.github.ltxkit.fault.TestFiles.l0;
import static io.github.ltxkit.replica.ReplicaOperation.DELETE;
import static io.github.ltxkit.replica.ReplicaOperation.LIST;
import static io.github.ltxkit.replica.ReplicaOperation.READ;
import static io.github.ltxkit.replica.ReplicaOperation.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.github.ltxkit.fault.RecordedRequest.Outcome;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ObjectAlreadyExistsException;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.TransientReplicaException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Faults that change what a request returns or stores: truncated bodies, resets, lost responses, stale lists. */
class BodyFaultTest {
    private final InMemoryReplicaClient storage = new InMemoryReplicaClient();
    private final StorageFaults faults = StorageFaults.seeded(5);
    private final ReplicaClient client = faults.wrap(storage);

    @Test
    void aTruncatedReadReturnsOnlyTheFirstFractionOfTheBytesWithoutAnError() throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(1000, 1));
        faults.on(READ).times(1).inject(Fault.truncatedBody(0.25));

        byte[] cut = client.read(key, 100, 800);

        assertThat(cut).isEqualTo(Arrays.copyOfRange(bytes(1000, 1), 100, 300));
        RecordedRequest recorded = faults.journal().find(1).orElseThrow();
        assertThat(recorded.succeeded()).isTrue();
        assertThat(recorded.offset()).isEqualTo(100);
        assertThat(recorded.length()).isEqualTo(800);
        assertThat(recorded.bytes()).isEqualTo(200);
        assertThat(recorded.faults()).containsExactly(Fault.truncatedBody(0.25));
        assertThat(client.read(key, 100, 800)).hasSize(800);
    }

    @Test
    void aTruncatedOpenEndsTheStreamSilentlyAfterThatFractionOfTheObject() throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(10_000, 2));
        faults.on(READ).times(1).inject(Fault.truncatedBody(0.5));

        byte[] streamed;
        try (InputStream in = client.open(key)) {
            streamed = in.readAllBytes();
            assertThat(in.read()).isEqualTo(-1);
        }

        assertThat(streamed).isEqualTo(Arrays.copyOf(bytes(10_000, 2), 5000));
        RecordedRequest recorded = faults.journal().find(1).orElseThrow();
        assertThat(recorded.isWholeObjectRead()).isTrue();
        assertThat(recorded.succeeded()).isTrue();
        assertThat(recorded.bytes()).isEqualTo(5000);
        assertThat(faults.injected()).extracting(InjectedFault::sequence, InjectedFault::fault)
                .containsExactly(tuple(1L, Fault.truncatedBody(0.5)));
        assertThat(faults.journal().requests().size()).isEqualTo(1);
    }

    @Test
    void aTruncatedOpenOfFractionZeroEndsAtOnce() throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(100, 2));
        faults.on(READ).inject(Fault.truncatedBody(0));

        try (InputStream in = client.open(key)) {
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(faults.journal().find(1).orElseThrow().bytes()).isZero();
    }

    @Test
    void aConnectionResetOnAWriteDoesNotStoreTheFile() throws Exception {
        LtxFileKey key = l0(1);
        faults.on(WRITE).times(1).inject(Fault.connectionReset());

        assertThatThrownBy(() -> client.createIfAbsent(key, content(100, 1), Instant.EPOCH))
                .isInstanceOf(TransientReplicaException.class)
                .hasMessage("write 0/0000000000000001-0000000000000001.ltx: connection reset (injected)");
        assertThat(storage.contains(key)).isFalse();

        client.createIfAbsent(key, content(100, 1), Instant.EPOCH);
        assertThat(storage.bytes(key)).contains(bytes(100, 1));
        assertThat(faults.journal().requests().list())
                .extracting(RecordedRequest::sequence, RecordedRequest::succeeded, RecordedRequest::bytes)
                .containsExactly(tuple(1L, false, 0L),
                        tuple(2L, true, 100L));
    }

    @Test
    void aConnectionResetOnAReadReturnsNothing() throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(100, 1));
        faults.on(READ).inject(Fault.connectionReset());

        assertThatThrownBy(() -> client.open(key)).isInstanceOf(TransientReplicaException.class);
        RecordedRequest recorded = faults.journal().find(1).orElseThrow();
        assertThat(recorded.outcome()).isEqualTo(new Outcome.Failed(TransientReplicaException.class,
                "read 0/0000000000000001-0000000000000001.ltx: connection reset (injected)"));
        assertThat(recorded.bytes()).isZero();
    }

    @Test
    void anAmbiguousWriteStoresTheFileThenThrowsSoTheRetryLosesToItself() throws Exception {
        LtxFileKey key = l0(1);
        faults.on(WRITE).times(1).inject(Fault.ambiguousWrite());

        TransientReplicaException lost = catchThrowableOfType(TransientReplicaException.class,
                () -> client.createIfAbsent(key, content(100, 7), Instant.EPOCH));
        assertThat(lost).hasMessage("write 0/0000000000000001-0000000000000001.ltx: response lost after storage"
                + " carried out the request (injected)").hasNoCause();
        assertThat(storage.bytes(key)).contains(bytes(100, 7));

        assertThatThrownBy(() -> client.createIfAbsent(key, content(100, 7), Instant.EPOCH))
                .isInstanceOf(ObjectAlreadyExistsException.class);

        List<RecordedRequest> requests = faults.journal().requests().list();
        assertThat(requests).extracting(RecordedRequest::outcome).containsExactly(
                new Outcome.Failed(TransientReplicaException.class, lost.getMessage()),
                new Outcome.Failed(ObjectAlreadyExistsException.class,
                        "write L0/0000000000000001-0000000000000001.ltx: 412 PreconditionFailed"));
        assertThat(requests.getFirst().bytes()).isEqualTo(100);
        assertThat(requests.getFirst().faults()).containsExactly(Fault.ambiguousWrite());
        assertThat(requests.get(1).faults()).isEmpty();
    }

    @Test
    void anAmbiguousWriteThatStorageRejectsStillLooksTransientAndCarriesTheRealFailure() throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(10, 1));
        faults.on(WRITE).inject(Fault.ambiguousWrite());

        TransientReplicaException lost = catchThrowableOfType(TransientReplicaException.class,
                () -> client.createIfAbsent(key, content(100, 7), Instant.EPOCH));

        assertThat(lost).hasMessageEndingWith("response lost after storage failed the request (injected)")
                .hasCauseInstanceOf(ObjectAlreadyExistsException.class);
        assertThat(storage.bytes(key)).contains(bytes(10, 1));
        assertThat(faults.journal().find(1).orElseThrow().bytes()).isZero();
    }

    @Test
    void anAmbiguousDeleteDeletesTheFilesThenThrows() throws Exception {
        storage.put(l0(1), bytes(10, 1));
        storage.put(l0(2), bytes(10, 2));
        faults.on(DELETE).inject(Fault.ambiguousWrite());

        assertThatThrownBy(() -> client.delete(List.of(l0(1), l0(2))))
                .isInstanceOf(TransientReplicaException.class);

        assertThat(storage.contains(l0(1))).isFalse();
        assertThat(storage.contains(l0(2))).isFalse();
        assertThat(faults.journal().find(1).orElseThrow().keys()).containsExactly(l0(1), l0(2));
    }

    @Test
    void aStaleListingHidesTheNewestFilesUntilTheRuleRunsOut() throws Exception {
        for (long txid = 1; txid <= 5; txid++) {
            storage.put(l0(txid), bytes(10, txid));
        }
        faults.on(LIST).times(1).inject(Fault.staleListing(2));

        assertThat(client.list(0, 1)).extracting(LtxFileInfo::key).containsExactly(l0(1), l0(2), l0(3));
        assertThat(client.list(0, 1)).extracting(LtxFileInfo::key)
                .containsExactly(l0(1), l0(2), l0(3), l0(4), l0(5));
        assertThat(faults.injected()).extracting(InjectedFault::sequence, InjectedFault::target)
                .containsExactly(tuple(1L, "0/"));
        assertThat(faults.journal().find(1).orElseThrow().faults()).containsExactly(Fault.staleListing(2));
    }

    @Test
    void aStaleListingHidesTheNewestOfTheListingAskedFor() throws Exception {
        for (long txid = 1; txid <= 5; txid++) {
            storage.put(l0(txid), bytes(10, txid));
        }
        faults.on(LIST).inject(Fault.staleListing(2));

        assertThat(client.list(0, 3)).extracting(LtxFileInfo::key).containsExactly(l0(3));
        assertThat(client.list(0, 5)).isEmpty();
        assertThat(faults.journal().find(1).orElseThrow().offset()).isEqualTo(3);
    }

    @Test
    void aListingOfEveryLevelIsOneRequestAndAStaleOneHidesTheNewestOfEachLevel() throws Exception {
        for (long txid = 1; txid <= 3; txid++) {
            storage.put(l0(txid), bytes(10, txid));
        }
        LtxFileKey l1a = LtxFileKey.of(1, 1, 2);
        LtxFileKey l1b = LtxFileKey.of(1, 3, 3);
        storage.put(l1a, bytes(10, 7));
        storage.put(l1b, bytes(10, 8));
        faults.on(LIST).matching("1/*").times(1).inject(Fault.staleListing(1));

        assertThat(client.listAllLevels()).extracting(LtxFileInfo::key).containsExactly(l0(1), l0(2), l1a);
        assertThat(client.listAllLevels()).extracting(LtxFileInfo::key).containsExactly(l0(1), l0(2), l0(3), l1a,
                l1b);
        RecordedRequest first = faults.journal().find(1).orElseThrow();
        assertThat(first.operation()).isEqualTo(LIST);
        assertThat(first.target()).isEqualTo("*/");
        assertThat(faults.journal().count(LIST)).isEqualTo(2);
    }
}
