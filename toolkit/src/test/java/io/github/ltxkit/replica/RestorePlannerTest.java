package io.github.ltxkit.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.replica.RestorePlanner.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestorePlannerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final List<LtxFileInfo> files = new ArrayList<>();

    private RestorePlannerTest file(int level, long min, long max) {
        return file(level, min, max, T0.plusSeconds(max));
    }

    private RestorePlannerTest file(int level, long min, long max, Instant createdAt) {
        files.add(new LtxFileInfo(LtxFileKey.of(level, min, max), 100, createdAt));
        return this;
    }

    private RestorePlannerTest l0(long from, long to) {
        for (long txid = from; txid <= to; txid++) {
            file(0, txid, txid);
        }
        return this;
    }

    private List<String> plan(Target target) throws ReplicaException {
        return RestorePlanner.plan(files, target, "memory://test").files().stream().map(f -> f.key().toString())
                .toList();
    }

    @Test
    void aReplicaWithoutFilesGivesAnEmptyPlan() throws Exception {
        RestorePlan plan = RestorePlanner.plan(List.of(), Target.latest(), "memory://test");

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.maxTxid()).isZero();
    }

    @Test
    void startsFromTheLatestSnapshotAndAddsTheLevelZeroFilesAfterIt() throws Exception {
        file(9, 1, 5).file(9, 1, 10).l0(1, 13);

        assertThat(plan(Target.latest())).containsExactly("L9/0000000000000001-000000000000000a.ltx",
                "L0/000000000000000b-000000000000000b.ltx", "L0/000000000000000c-000000000000000c.ltx",
                "L0/000000000000000d-000000000000000d.ltx");
    }

    @Test
    void prefersTheFileThatReachesFurthestAcrossLevels() throws Exception {
        file(9, 1, 10).file(1, 11, 20).file(2, 11, 16).l0(11, 22);

        assertThat(plan(Target.latest())).containsExactly("L9/0000000000000001-000000000000000a.ltx",
                "L1/000000000000000b-0000000000000014.ltx", "L0/0000000000000015-0000000000000015.ltx",
                "L0/0000000000000016-0000000000000016.ltx");
    }

    @Test
    void aCompactedFileThatStraddlesLevelZeroFilesTakesOverWhereItContinues() throws Exception {
        // L1 12-16 cannot follow the snapshot (it starts after 11) but can follow L0 11
        file(9, 1, 10).l0(11, 17).file(1, 12, 16);

        assertThat(plan(Target.latest())).containsExactly("L9/0000000000000001-000000000000000a.ltx",
                "L0/000000000000000b-000000000000000b.ltx", "L1/000000000000000c-0000000000000010.ltx",
                "L0/0000000000000011-0000000000000011.ltx");
    }

    @Test
    void aCompactedFileOverlappingWhatIsAlreadyPlannedStillContinuesIt() throws Exception {
        file(9, 1, 10).file(2, 5, 30).l0(11, 12);

        assertThat(plan(Target.latest())).containsExactly("L9/0000000000000001-000000000000000a.ltx",
                "L2/0000000000000005-000000000000001e.ltx");
    }

    @Test
    void tiesGoToTheSmallerMinTxidThenTheHigherLevel() throws Exception {
        file(9, 1, 10).file(1, 9, 20).file(3, 11, 20).file(2, 11, 25).file(4, 11, 25);

        assertThat(plan(Target.latest())).containsExactly("L9/0000000000000001-000000000000000a.ltx",
                "L4/000000000000000b-0000000000000019.ltx");
        files.clear();
        file(9, 1, 10).file(1, 9, 20).file(3, 11, 20);
        assertThat(plan(Target.latest())).containsExactly("L9/0000000000000001-000000000000000a.ltx",
                "L1/0000000000000009-0000000000000014.ltx");
    }

    @Test
    void tiesBetweenListingsOfTheSameFileGoToTheEarlierCreationTime() throws Exception {
        Instant early = T0.plusSeconds(1);
        Instant late = T0.plusSeconds(2);
        file(0, 1, 1, late).file(0, 1, 1, early);

        RestorePlan plan = RestorePlanner.plan(files, Target.latest(), "memory://test");

        assertThat(plan.files()).singleElement().satisfies(f -> assertThat(f.createdAt()).isEqualTo(early));
    }

    @Test
    void aTxidTargetUsesOnlyFilesThatEndAtOrBeforeIt() throws Exception {
        file(9, 1, 10).file(9, 1, 20).l0(11, 25).file(1, 11, 18);

        assertThat(plan(Target.txid(15))).containsExactly("L9/0000000000000001-000000000000000a.ltx",
                "L0/000000000000000b-000000000000000b.ltx", "L0/000000000000000c-000000000000000c.ltx",
                "L0/000000000000000d-000000000000000d.ltx", "L0/000000000000000e-000000000000000e.ltx",
                "L0/000000000000000f-000000000000000f.ltx");
        assertThat(plan(Target.txid(20))).containsExactly("L9/0000000000000001-0000000000000014.ltx");
        assertThat(plan(Target.txid(22))).containsExactly("L9/0000000000000001-0000000000000014.ltx",
                "L0/0000000000000015-0000000000000015.ltx", "L0/0000000000000016-0000000000000016.ltx");
    }

    @Test
    void aTxidTargetThatOnlyAnOvershootingFileReachesEndsThePlanBeforeIt() throws Exception {
        file(9, 1, 10).file(1, 11, 20);

        RestorePlan plan = RestorePlanner.plan(files, Target.txid(15), "memory://test");

        assertThat(plan.maxTxid()).isEqualTo(10);
    }

    @Test
    void aTimeTargetUsesOnlyFilesCreatedBeforeIt() throws Exception {
        file(9, 1, 10, T0.plusSeconds(100)).file(9, 1, 20, T0.plusSeconds(200));
        for (long txid = 11; txid <= 25; txid++) {
            file(0, txid, txid, T0.plusSeconds(100 + 10 * (txid - 10)));
        }

        // created before T0+150: the first snapshot and L0 11..14 (created at +110..+140)
        assertThat(plan(Target.time(T0.plusSeconds(150)))).containsExactly(
                "L9/0000000000000001-000000000000000a.ltx", "L0/000000000000000b-000000000000000b.ltx",
                "L0/000000000000000c-000000000000000c.ltx", "L0/000000000000000d-000000000000000d.ltx",
                "L0/000000000000000e-000000000000000e.ltx");
        // at exactly a file's creation time the file is left out
        assertThat(plan(Target.time(T0.plusSeconds(110)))).containsExactly(
                "L9/0000000000000001-000000000000000a.ltx");
        assertThat(plan(Target.time(T0))).isEmpty();
    }

    @Test
    void withoutASnapshotThePlanStartsFromAFileThatBeginsAtTxidOne() throws Exception {
        file(1, 1, 5).l0(1, 7);

        assertThat(plan(Target.latest())).containsExactly("L1/0000000000000001-0000000000000005.ltx",
                "L0/0000000000000006-0000000000000006.ltx", "L0/0000000000000007-0000000000000007.ltx");
    }

    @Test
    void withoutASnapshotOrAFileAtTxidOneTheHistoryHasAGapFromTheStart() {
        l0(5, 6);

        assertThatThrownBy(() -> plan(Target.latest()))
                .isInstanceOfSatisfying(NonContiguousHistoryException.class, e -> {
                    assertThat(e.haveUpTo()).isZero();
                    assertThat(e.nextStartsAt()).isEqualTo(5);
                })
                .hasMessage("list memory://test: non-contiguous ltx files: have up to 0000000000000000 but the next "
                        + "file starts at 0000000000000005");
    }

    @Test
    void aGapInTheHistoryFailsNamingBothTxids() {
        file(9, 1, 10).l0(11, 12).l0(15, 16);

        assertThatThrownBy(() -> plan(Target.latest()))
                .isInstanceOfSatisfying(NonContiguousHistoryException.class, e -> {
                    assertThat(e.haveUpTo()).isEqualTo(12);
                    assertThat(e.nextStartsAt()).isEqualTo(15);
                })
                .hasMessageEndingWith("non-contiguous ltx files: have up to 000000000000000c but the next file "
                        + "starts at 000000000000000f");
    }

    @Test
    void aGapAfterTheTargetDoesNotMatter() throws Exception {
        file(9, 1, 10).l0(11, 12).l0(15, 16);

        assertThat(RestorePlanner.plan(files, Target.txid(12), "memory://test").maxTxid()).isEqualTo(12);
    }

    @Test
    void aGapBridgedByACompactedFileIsNoGap() throws Exception {
        file(9, 1, 10).l0(11, 12).file(1, 11, 16).l0(15, 17);

        assertThat(plan(Target.latest())).containsExactly("L9/0000000000000001-000000000000000a.ltx",
                "L1/000000000000000b-0000000000000010.ltx", "L0/0000000000000011-0000000000000011.ltx");
    }

    @Test
    void levelNineFilesThatDoNotStartAtTxidOneAreNotSnapshots() throws Exception {
        file(9, 5, 10).l0(1, 3);

        assertThat(plan(Target.latest())).containsExactly("L0/0000000000000001-0000000000000001.ltx",
                "L0/0000000000000002-0000000000000002.ltx", "L0/0000000000000003-0000000000000003.ltx");
    }

    @Test
    void planningFromAClientListsEveryLevel() throws Exception {
        InMemoryReplicaClient client = new InMemoryReplicaClient().put(9, 1, 4, T0).put(3, 5, 8, T0)
                .put(0, 9, 9, T0);

        RestorePlan plan = RestorePlanner.plan(client, Target.latest());

        assertThat(plan.maxTxid()).isEqualTo(9);
        assertThat(plan.files()).extracting(LtxFileInfo::level).containsExactly(9, 3, 0);
        assertThat(client.calls(ReplicaOperation.LIST)).isEqualTo(10);
    }

    @Test
    void aPlanMustStartAtTxidOneAndContinueWithoutGaps() {
        LtxFileInfo first = new LtxFileInfo(LtxFileKey.of(0, 1, 1), 1, T0);
        LtxFileInfo third = new LtxFileInfo(LtxFileKey.of(0, 3, 3), 1, T0);

        assertThatThrownBy(() -> new RestorePlan(List.of(first, third)))
                .hasMessage("file L0/0000000000000003-0000000000000003.ltx does not continue the plan at TXID "
                        + "0000000000000001");
        assertThatThrownBy(() -> new RestorePlan(List.of(third)))
                .hasMessageContaining("does not continue the plan at TXID 0000000000000000");
    }

    @Test
    void aTargetTxidOfZeroIsRejected() {
        assertThatThrownBy(() -> Target.txid(0)).hasMessage("target TXID must be at least 1: 0");
    }
}
