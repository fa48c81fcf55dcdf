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
}
