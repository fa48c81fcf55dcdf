package io.github.ltxkit.bench.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurableLagTest {
    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void aCommitIsDurableFromTheFirstUploadThatHoldsItsRow() {
        List<UploadWatcher.Upload> uploads = List.of(
                new UploadWatcher.Upload(2, T0.plusMillis(900), 11, true),
                new UploadWatcher.Upload(3, T0.plusMillis(1_950), 13, true));

        List<Double> lags = DurableLag.lags(11, List.of(T0.plusMillis(100), T0.plusMillis(1_000),
                T0.plusMillis(1_200)), uploads);

        assertThat(lags).containsExactly(800.0, 950.0, 750.0);
    }

    @Test
    void anUploadTheViewSawMixedWithTheNextCountsForNothingSoItsCommitsWaitForTheNext() {
        List<UploadWatcher.Upload> uploads = List.of(
                new UploadWatcher.Upload(2, T0.plusMillis(500), 2, false),
                new UploadWatcher.Upload(3, T0.plusMillis(520), 2, true));

        assertThat(DurableLag.lags(1, List.of(T0, T0.plusMillis(10)), uploads)).containsExactly(520.0, 510.0);
    }

    @Test
    void anUploadThatSucceededBeforeTheCommitCallReturnedMeansNoWait() {
        List<UploadWatcher.Upload> uploads = List.of(new UploadWatcher.Upload(2, T0.plusMillis(5), 1, true));

        assertThat(DurableLag.lags(1, List.of(T0.plusMillis(6)), uploads)).containsExactly(0.0);
    }

    @Test
    void aCommitNoUploadHoldsIsAnError() {
        List<UploadWatcher.Upload> uploads = List.of(new UploadWatcher.Upload(2, T0.plusMillis(5), 1, true));

        assertThatThrownBy(() -> DurableLag.lags(1, List.of(T0, T0), uploads))
                .hasMessage("no upload seen holds row 2");
    }
}
