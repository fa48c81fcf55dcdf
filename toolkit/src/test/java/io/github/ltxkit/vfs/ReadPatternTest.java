package io.github.ltxkit.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadPatternTest {
    @Test
    void smallStepsUpDoubleTheWindowUpwards() {
        ReadPattern p = new ReadPattern(256);

        int[] windows = {p.onRead(10), p.onRead(11), p.onRead(12), p.onRead(13), p.onRead(15)};

        assertThat(windows).containsExactly(1, 1, 2, 4, 8);
        assertThat(p.descending()).isFalse();
    }

    @Test
    void smallStepsDownDoubleTheWindowDownwards() {
        ReadPattern p = new ReadPattern(256);

        int[] windows = {p.onRead(283), p.onRead(281), p.onRead(282), p.onRead(279), p.onRead(278)};

        assertThat(windows).containsExactly(1, 1, 2, 4, 8);
        assertThat(p.descending()).isTrue();
    }

    @Test
    void aJumpFallsBackToOnePageAndForgetsTheDirection() {
        ReadPattern p = new ReadPattern(256);
        p.onRead(50);
        p.onRead(49);
        p.onRead(48);

        assertThat(p.onRead(5_000)).isEqualTo(1);
        assertThat(p.descending()).isFalse();
        assertThat(p.onRead(5_001)).isEqualTo(1);
    }

    @Test
    void theWindowStopsAtItsMaximumAndRereadingAPageChangesNothing() {
        ReadPattern p = new ReadPattern(4);
        for (long pgno = 100; pgno > 90; pgno--) {
            p.onRead(pgno);
        }

        assertThat(p.window()).isEqualTo(4);
        assertThat(p.onRead(91)).isEqualTo(4);
        assertThat(p.descending()).isTrue();
    }

    @Test
    void eightStridesTheSameWayMakeAScanEvenWhenNoStepIsSmall() {
        ReadPattern p = new ReadPattern(256);
        int[] windows = new int[9];
        for (int i = 0; i < 9; i++) {
            windows[i] = p.onRead(1_000 + 65L * i);
        }

        assertThat(windows).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, ReadPattern.STRIDED_WINDOW);
        assertThat(p.descending()).isFalse();
    }

    @Test
    void stridesDownwardsMakeADescendingScan() {
        ReadPattern p = new ReadPattern(256);
        for (int i = 0; i < 9; i++) {
            p.onRead(10_000 - 70L * i);
        }

        assertThat(p.window()).isEqualTo(1);
        assertThat(p.descending()).isTrue();
    }

    @Test
    void aPointLookupsRandomDescentsNeverLookLikeAStridedScan() {
        ReadPattern p = new ReadPattern(256);
        java.util.Random random = new java.util.Random(42);
        for (int lookup = 0; lookup < 10_000; lookup++) {
            p.onRead(1);
            for (int level = 0; level < 3; level++) {
                assertThat(p.onRead(2 + random.nextInt(25_000))).isLessThan(ReadPattern.STRIDED_WINDOW);
            }
        }
    }

    @Test
    void aStridedScanIsFollowedThroughReadsOfInteriorPagesElsewhere() {
        ReadPattern p = new ReadPattern(256);
        java.util.Random random = new java.util.Random(7);
        int last = 1;
        for (int i = 0; i < 9; i++) {
            p.onRead(20_000 + random.nextInt(20_000)); // an interior page far away
            last = p.onRead(1_000 + 65L * i);
        }

        assertThat(last).isEqualTo(ReadPattern.STRIDED_WINDOW);
        assertThat(p.onRead(50_000)).as("a read outside the stream").isEqualTo(1);
        assertThat(p.onRead(1_000 + 65L * 9)).as("the stream again").isEqualTo(ReadPattern.STRIDED_WINDOW);
    }

    @Test
    void aReadBackTheOtherWayDoesNotExtendAStream() {
        ReadPattern p = new ReadPattern(256);
        for (int i = 0; i < 9; i++) {
            p.onRead(1_000 + 65L * i);
        }

        assertThat(p.onRead(1_000 + 65L * 7)).isEqualTo(1);
        assertThat(p.onRead(90_000)).isEqualTo(1);
    }

    @Test
    void withoutReadaheadAStridedScanStillReadsOnePage() {
        ReadPattern p = new ReadPattern(1);
        for (int i = 0; i < 20; i++) {
            assertThat(p.onRead(1_000 + 65L * i)).isEqualTo(1);
        }
    }
}
