package io.github.ltxkit.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.replica.RestorePlanner.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Plans over random histories shaped like Litestream's: L0 per TXID, compactions above, snapshots at level 9. */
class RestorePlannerProperties {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Property(tries = 300)
    void aCompleteHistoryIsRestoredToItsLastTxidWithContiguousFiles(@ForAll @IntRange(min = 1, max = 200) int last,
            @ForAll long seed) throws Exception {
        List<LtxFileInfo> files = history(last, new Random(seed));

        RestorePlan plan = RestorePlanner.plan(files, Target.latest(), "memory://test");

        assertThat(plan.maxTxid()).isEqualTo(last);
        assertThat(files).containsAll(plan.files());
        // RestorePlan's constructor already checked that each file continues the ones before it
    }

    @Property(tries = 300)
    void anyTxidOfACompleteLevelZeroHistoryIsReachedExactly(@ForAll @IntRange(min = 1, max = 120) int last,
            @ForAll @IntRange(min = 1, max = 120) int target, @ForAll long seed) throws Exception {
        List<LtxFileInfo> files = history(last, new Random(seed));

        RestorePlan plan = RestorePlanner.plan(files, Target.txid(target), "memory://test");

        assertThat(plan.maxTxid()).isEqualTo(Math.min(target, last));
    }

    @Property(tries = 300)
    void removingATxidThatNoFileCoversAnyMoreIsAGap(@ForAll @IntRange(min = 3, max = 150) int last,
            @ForAll long seed) {
        Random random = new Random(seed);
        List<LtxFileInfo> files = history(last, random);
        long removed = 2 + random.nextInt(last - 2); // keep TXID 1 and the last
        files.removeIf(f -> f.minTxid() <= removed && removed <= f.maxTxid());

        assertThatThrownBy(() -> RestorePlanner.plan(files, Target.latest(), "memory://test"))
                .isInstanceOfSatisfying(NonContiguousHistoryException.class,
                        e -> assertThat(e.haveUpTo()).isLessThan(removed));
    }

    /** L0 files for every TXID, random compactions at levels 1-3, and a few snapshots. */
    private static List<LtxFileInfo> history(int last, Random random) {
        List<LtxFileInfo> files = new ArrayList<>();
        for (long txid = 1; txid <= last; txid++) {
            files.add(info(0, txid, txid));
        }
        for (int level = 1; level <= 3; level++) {
            long min = 1;
            while (min <= last) {
                long max = Math.min(last, min + random.nextInt(10 * level));
                if (random.nextInt(3) > 0) {
                    files.add(info(level, min, max));
                }
                min = max + 1;
            }
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            files.add(info(9, 1, 1 + random.nextInt(last)));
        }
        java.util.Collections.shuffle(files, random);
        return files;
    }

    private static LtxFileInfo info(int level, long min, long max) {
        return new LtxFileInfo(LtxFileKey.of(level, min, max), 1, T0.plusSeconds(max));
    }
}
