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

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.TransientReplicaException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class PartitionTest {
    private final InMemoryReplicaClient storage = new InMemoryReplicaClient();
    private final StorageFaults faults = StorageFaults.seeded(8);
    private final ReplicaClient client = faults.wrap(storage);

    @Test
    void aPartitionFailsEveryRequestUntilHealed() throws Exception {
        LtxFileKey existing = l0(1);
        LtxFileKey fresh = l0(2);
        storage.put(existing, bytes(10, 1));

        faults.partition();
        assertThat(faults.isPartitioned()).isTrue();
        assertPartitioned(() -> client.list(0, 1));
        assertPartitioned(() -> client.read(existing, 0, 10));
        assertPartitioned(() -> client.open(existing));
        assertPartitioned(() -> client.createIfAbsent(fresh, content(10, 2), Instant.EPOCH));
        assertPartitioned(() -> client.delete(List.of(existing)));
        assertThat(storage.contains(fresh)).isFalse();
        assertThat(storage.contains(existing)).isTrue();

        faults.heal();
        assertThat(faults.isPartitioned()).isFalse();
        assertThat(client.list(0, 1)).hasSize(1);
        assertThat(client.read(existing, 0, 10)).isEqualTo(bytes(10, 1));
        try (InputStream in = client.open(existing)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes(10, 1));
        }
        client.createIfAbsent(fresh, content(10, 2), Instant.EPOCH);
        client.delete(List.of(existing));
        assertThat(storage.contains(fresh)).isTrue();
        assertThat(storage.contains(existing)).isFalse();

        assertThat(faults.injected()).extracting(InjectedFault::operation)
                .containsExactly(LIST, READ, READ, WRITE, DELETE);
        assertThat(faults.injected()).allSatisfy(i -> {
            assertThat(i.fault()).isEqualTo(Fault.partition());
            assertThat(i.rule()).isEqualTo(Optional.empty());
        });
        assertThat(faults.journal().requests().list()).extracting(RecordedRequest::failed)
                .containsExactly(true, true, true, true, true, false, false, false, false, false);
        faults.journal().assertNoneInFlight();
    }

    @Test
    void rulesAreNotConsultedDuringAPartitionSoTheirCountsWait() throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(10, 1));
        faults.on(READ).times(1).inject(Fault.accessDenied());

        faults.partition();
        assertPartitioned(() -> client.read(key, 0, 10));
        assertPartitioned(() -> client.read(key, 0, 10));
        faults.heal();

        assertThatThrownBy(() -> client.read(key, 0, 10)).hasMessageEndingWith("403 AccessDenied (injected)");
        assertThat(client.read(key, 0, 10)).hasSize(10);
    }

    @Test
    void aPartitionRuleCutsOffOnlyTheFilesItMatches() throws Exception {
        LtxFileKey level0 = l0(1);
        LtxFileKey snapshot = LtxFileKey.of(9, 1, 1);
        storage.put(level0, bytes(10, 1));
        storage.put(snapshot, bytes(10, 2));
        faults.onAny().matching("0/*").inject(Fault.partition());

        assertPartitioned(() -> client.read(level0, 0, 10));
        assertPartitioned(() -> client.list(0, 1));
        assertThat(client.read(snapshot, 0, 10)).hasSize(10);
        assertThat(client.list(9, 1)).hasSize(1);
        assertThat(faults.injected()).allSatisfy(i -> assertThat(i.rule()).isPresent());
    }

    private static void assertPartitioned(ThrowingCallable request) {
        assertThatThrownBy(request).isInstanceOf(TransientReplicaException.class)
                .hasMessageEndingWith(": network partition (injected)");
    }
}
