package io.github.ltxkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final AtomicLong now = new AtomicLong();
    private final StringWriter sink = new StringWriter();

    private Progress bar(boolean enabled, long total) {
        return new Progress(new PrintWriter(sink), enabled, now::get, "copying", total);
    }

    @Test
    void drawsNothingDuringTheFirstSecond() {
        Progress p = bar(true, 1000);
        now.set(999_000_000L);
        p.advance(500);
        p.finish();

        assertThat(sink.toString()).isEmpty();
    }

    @Test
    void redrawsAtMostFiveTimesASecondThenEndsTheLine() {
        Progress p = bar(true, 4 * 1024 * 1024);
        now.set(1_000_000_000L);
        p.advance(1024 * 1024);
        now.addAndGet(100_000_000L);
        p.advance(1024 * 1024);
        now.addAndGet(150_000_000L);
        p.advance(1024 * 1024);
        now.set(2_000_000_000L);
        p.advance(1024 * 1024);
        p.finish();
        p.finish();

        assertThat(sink.toString()).isEqualTo(
                "\rcopying [=====>                  ]  25%  1.0 MiB / 4.0 MiB  1.0 MiB/s"
                        + "\rcopying [=================>      ]  75%  3.0 MiB / 4.0 MiB  2.4 MiB/s"
                        + "\rcopying [========================] 100%  4.0 MiB / 4.0 MiB  2.0 MiB/s\n");
    }

    @Test
    void aRetriedTransferRewindsAndADisabledBarNeverDraws() {
        Progress p = bar(true, 100);
        now.set(2_000_000_000L);
        p.advance(80);
        p.rewind(80);
        now.addAndGet(Progress.REDRAW_NANOS);
        p.advance(10);
        Progress off = bar(false, 100);
        off.advance(100);
        off.finish();

        assertThat(sink.toString()).endsWith("\rcopying [=>                      ]  10%  10 B / 100 B  4 B/s ");
        assertThat(sink.toString()).doesNotContain("\n");
    }

    @Test
    void byteCountsUseBinaryUnits() {
        assertThat(Progress.bytes(512)).isEqualTo("512 B");
        assertThat(Progress.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Progress.bytes(13_841_203)).isEqualTo("13.2 MiB");
        assertThat(Progress.bytes(3L << 40)).isEqualTo("3.0 TiB");
    }
}
