package io.github.ltxkit.fault;

import static io.github.ltxkit.fault.TestFiles.bytes;
import static io.github.ltxkit.fault.TestFiles.l0;
import static io.github.ltxkit.replica.ReplicaOperation.LIST;
import static io.github.ltxkit.replica.ReplicaOperation.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.TransientReplicaException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class StorageFaultsTest {
    private final InMemoryReplicaClient storage = new InMemoryReplicaClient();
    private final StorageFaults faults = StorageFaults.seeded(17);

    @Test
    void wrapServesAsAUnaryOperatorOverClients() throws Exception {
        UnaryOperator<ReplicaClient> decorate = faults::wrap;
        ReplicaClient client = decorate.apply(storage);
        faults.on(LIST).times(1).inject(Fault.slowDown());

        assertThatThrownBy(() -> client.list(0, 1)).isInstanceOf(TransientReplicaException.class);
        assertThat(client.list(0, 1)).isEmpty();
        assertThat(faults.journal().count(LIST)).isEqualTo(2);
    }

    @Test
    void theWrappedClientDescribesTheSameReplicaAndClosesItsDelegate() {
        ReplicaClient client = faults.wrap(storage);
        assertThat(client.describe()).isEqualTo("memory://test");
        client.close();
        assertThat(storage.isClosed()).isTrue();
    }

    @Test
    void clientsWrappedByOneControllerShareItsRulesAndJournal() throws Exception {
        InMemoryReplicaClient other = new InMemoryReplicaClient();
        ReplicaClient first = faults.wrap(storage);
        ReplicaClient second = faults.wrap(other);
        faults.on(LIST).times(2).inject(Fault.serverError());

        assertThatThrownBy(() -> first.list(0, 1)).isInstanceOf(TransientReplicaException.class);
        assertThatThrownBy(() -> second.list(0, 1)).isInstanceOf(TransientReplicaException.class);
        assertThat(first.list(0, 1)).isEmpty();

        assertThat(faults.journal().requests().list()).extracting(RecordedRequest::sequence)
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void rulesAreKeptInTheOrderAddedAndCanBeRemovedOrCleared() throws Exception {
        storage.put(l0(1), bytes(10, 1));
        ReplicaClient client = faults.wrap(storage);
        FaultRule slow = faults.on(READ).inject(Fault.slowDown());
        FaultRule denied = faults.on(READ).inject(Fault.accessDenied());
        assertThat(faults.rules()).containsExactly(slow, denied);

        assertThatThrownBy(() -> client.read(l0(1), 0, 10)).hasMessageEndingWith("503 SlowDown (injected)");
        assertThat(faults.remove(slow)).isTrue();
        assertThat(faults.remove(slow)).isFalse();
        assertThatThrownBy(() -> client.read(l0(1), 0, 10)).hasMessageEndingWith("403 AccessDenied (injected)");
        faults.clearRules();
        assertThat(faults.rules()).isEmpty();
        assertThat(client.read(l0(1), 0, 10)).hasSize(10);
    }

    @Test
    void addingARuleAgainStartsItsCountAfresh() throws Exception {
        storage.put(l0(1), bytes(10, 1));
        ReplicaClient client = faults.wrap(storage);
        FaultRule once = faults.on(READ).times(1).inject(Fault.serverError());
        assertThatThrownBy(() -> client.read(l0(1), 0, 10)).isInstanceOf(TransientReplicaException.class);
        assertThat(client.read(l0(1), 0, 10)).hasSize(10);

        faults.remove(once);
        faults.add(once);

        assertThatThrownBy(() -> client.read(l0(1), 0, 10)).isInstanceOf(TransientReplicaException.class);
        assertThat(client.read(l0(1), 0, 10)).hasSize(10);
    }

    @Test
    void resetRemovesRulesHealsAndForgetsEverythingRecorded() throws Exception {
        ReplicaClient client = faults.wrap(storage);
        faults.on(LIST).inject(Fault.serverError());
        assertThatThrownBy(() -> client.list(0, 1)).isInstanceOf(TransientReplicaException.class);
        faults.partition();

        faults.reset();

        assertThat(faults.rules()).isEmpty();
        assertThat(faults.isPartitioned()).isFalse();
        assertThat(faults.injected()).isEmpty();
        assertThat(faults.journal().requests().isEmpty()).isTrue();
        assertThat(client.list(0, 1)).isEmpty();
        assertThat(faults.journal().requests().list()).extracting(RecordedRequest::sequence).containsExactly(2L);
    }

    @Test
    void theSeedAndCapacityAreThoseGiven() {
        assertThat(StorageFaults.seeded(99).seed()).isEqualTo(99);
        assertThat(StorageFaults.seeded(99).journal().capacity()).isEqualTo(RequestJournal.DEFAULT_CAPACITY);
        assertThat(new StorageFaults(1, 10).journal().capacity()).isEqualTo(10);
        assertThatThrownBy(() -> new StorageFaults(1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("journal capacity must be at least 1: 0");
    }
}
