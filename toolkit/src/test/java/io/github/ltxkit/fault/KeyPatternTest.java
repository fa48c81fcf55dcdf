package io.github.ltxkit.fault;

import static io.github.ltxkit.fault.TestFiles.bytes;
import static io.github.ltxkit.fault.TestFiles.l0;
import static io.github.ltxkit.replica.ReplicaOperation.DELETE;
import static io.github.ltxkit.replica.ReplicaOperation.LIST;
import static io.github.ltxkit.replica.ReplicaOperation.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.TransientReplicaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyPatternTest {
    private static final String L0_TX1 = "0/0000000000000001-0000000000000001.ltx";

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "*, " + L0_TX1 + ", true",
        "*.ltx, " + L0_TX1 + ", true",
        "0/*, " + L0_TX1 + ", true",
        "1/*, " + L0_TX1 + ", false",
        "?/*, " + L0_TX1 + ", true",
        "0/*-0000000000000001.ltx, " + L0_TX1 + ", true",
        "0/*-0000000000000002.ltx, " + L0_TX1 + ", false",
        "9/0000000000000001-*, 9/0000000000000001-00000000000004d2.ltx, true",
        "9/0000000000000001-*, 9/0000000000000002-00000000000004d2.ltx, false",
        "0/0000000000000001-0000000000000001.ltx, " + L0_TX1 + ", true",
        "0/0000000000000001-0000000000000001.ltx*, " + L0_TX1 + ", true",
        "0/0000000000000001-0000000000000001.lt, " + L0_TX1 + ", false",
        "*1.ltx, " + L0_TX1 + ", true",
        "*2.ltx, " + L0_TX1 + ", false",
    })
    void aGlobMatchesWholePathsWithStarCrossingTheSlash(String pattern, String path, boolean matches) {
        assertThat(KeyGlob.matches(pattern, path)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0} under {1} = {2}")
    @CsvSource({
        "*, 0/, true",
        "*.ltx, 3/, true",
        "0/*, 0/, true",
        "0/*, 1/, false",
        "9/0000000000000001-*, 9/, true",
        "9/0000000000000001-*, 0/, false",
        "?/*.ltx, 5/, true",
    })
    void aListingMatchesWhenItsLevelCouldHoldAMatchingFile(String pattern, String directory, boolean matches) {
        assertThat(KeyGlob.matchesUnder(pattern, directory)).isEqualTo(matches);
    }

    @Test
    void aLevelPatternFailsOnlyReadsOfThatLevel() throws Exception {
        InMemoryReplicaClient storage = new InMemoryReplicaClient();
        LtxFileKey l0 = l0(1);
        LtxFileKey l1 = LtxFileKey.of(1, 1, 4);
        LtxFileKey snapshot = LtxFileKey.of(9, 1, 4);
        for (LtxFileKey k : List.of(l0, l1, snapshot)) {
            storage.put(k, bytes(100, k.level()));
        }
        StorageFaults faults = StorageFaults.seeded(7);
        ReplicaClient client = faults.wrap(storage);
        faults.on(READ).matching("1/*").inject(Fault.serverError());

        assertThat(client.read(l0, 0, 10)).hasSize(10);
        assertThatThrownBy(() -> client.read(l1, 0, 10)).isInstanceOf(TransientReplicaException.class);
        assertThat(client.read(snapshot, 0, 10)).hasSize(10);
        assertThatThrownBy(() -> client.open(l1)).isInstanceOf(TransientReplicaException.class);

        assertThat(faults.injected()).extracting(InjectedFault::sequence, InjectedFault::target)
                .containsExactly(
                        tuple(2L, "1/0000000000000001-0000000000000004.ltx"),
                        tuple(4L, "1/0000000000000001-0000000000000004.ltx"));
        assertThat(faults.journal().requests().list()).extracting(RecordedRequest::succeeded)
                .containsExactly(true, false, true, false);
    }

    @Test
    void aSnapshotPatternSelectsOnlySnapshotsStartingAtTheGivenTxid() throws Exception {
        InMemoryReplicaClient storage = new InMemoryReplicaClient();
        LtxFileKey from1 = LtxFileKey.of(9, 1, 0x4d2);
        LtxFileKey from2 = LtxFileKey.of(9, 2, 0x4d2);
        storage.put(from1, bytes(10, 1));
        storage.put(from2, bytes(10, 2));
        StorageFaults faults = StorageFaults.seeded(7);
        ReplicaClient client = faults.wrap(storage);
        faults.on(READ).matching("9/0000000000000001-*").inject(Fault.notFound());

        assertThatThrownBy(() -> client.read(from1, 0, 10))
                .hasMessage("read 9/0000000000000001-00000000000004d2.ltx: 404 NoSuchKey (injected)");
        assertThat(client.read(from2, 0, 10)).hasSize(10);
    }

    @Test
    void aListingIsSelectedByItsLevel() throws Exception {
        StorageFaults faults = StorageFaults.seeded(7);
        ReplicaClient client = faults.wrap(new InMemoryReplicaClient());
        faults.on(LIST).matching("0/*").inject(Fault.slowDown());

        assertThatThrownBy(() -> client.list(0, 1)).hasMessage("list 0/: 503 SlowDown (injected)");
        assertThat(client.list(1, 1)).isEmpty();
        assertThat(client.list(9, 1)).isEmpty();
        assertThat(faults.injected()).extracting(InjectedFault::sequence).containsExactly(1L);
    }

    @Test
    void aDeleteIsSelectedWhenAnyOfItsFilesMatchesAndThenDeletesNone() throws Exception {
        InMemoryReplicaClient storage = new InMemoryReplicaClient();
        LtxFileKey l0 = l0(1);
        LtxFileKey l1 = LtxFileKey.of(1, 1, 1);
        storage.put(l0, bytes(1, 0));
        storage.put(l1, bytes(1, 1));
        StorageFaults faults = StorageFaults.seeded(7);
        ReplicaClient client = faults.wrap(storage);
        faults.on(DELETE).matching("1/*").inject(Fault.connectionReset());

        assertThatThrownBy(() -> client.delete(List.of(l0, l1)))
                .isInstanceOf(TransientReplicaException.class)
                .hasMessage("delete 0/0000000000000001-0000000000000001.ltx, 1/0000000000000001-0000000000000001.ltx:"
                        + " connection reset (injected)");
        assertThat(storage.contains(l0)).isTrue();
        assertThat(storage.contains(l1)).isTrue();

        client.delete(List.of(l0));
        assertThat(storage.contains(l0)).isFalse();
        assertThat(faults.injected()).hasSize(1);
    }

    @Test
    void aDeleteOfNoFilesIsSelectedOnlyByTheCatchAllPattern() {
        FaultRule catchAll = new FaultRule(Set.of(DELETE), "*", Trigger.always(), Fault.serverError());
        FaultRule allLtx = new FaultRule(Set.of(DELETE), "*.ltx", Trigger.always(), Fault.serverError());
        Request emptyDelete = Request.delete(new ArrayList<>());

        assertThat(catchAll.matches(emptyDelete)).isTrue();
        assertThat(allLtx.matches(emptyDelete)).isFalse();
        assertThat(emptyDelete.target()).isEqualTo("(no files)");
    }

    @Test
    void aLongDeleteIsDescribedByItsFirstThreeFiles() {
        Request delete = Request.delete(List.of(l0(1), l0(2), l0(3), l0(4), l0(5)));
        assertThat(delete.target()).isEqualTo("0/0000000000000001-0000000000000001.ltx, "
                + "0/0000000000000002-0000000000000002.ltx, 0/0000000000000003-0000000000000003.ltx and 2 more");
    }
}
