package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.HydrationFixtures.openEmptyAndPaused;
import static io.github.ltxkit.vfs.HydrationFixtures.publishFiles;
import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.count;
import static io.github.ltxkit.vfs.VfsFixture.queryLong;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.hydrate.HydrationListener;
import io.github.ltxkit.hydrate.HydrationProgress;
import io.github.ltxkit.replica.ReplicaOperation;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a hydration tells its listener and its handle, and how it retries after storage errors. */
class HydrationProgressAndRetryTest extends VfsTestCase {
    /** One call to a listener and when it came. */
    record Heard(String kind, HydrationProgress progress, Throwable error, long nanos) {
    }

    /** A listener that writes down every call (thread-safe) and can be told to throw from each of them. */
    static final class Recorder implements HydrationListener {
        final List<Heard> heard = new CopyOnWriteArrayList<>();
        private final boolean throwing;

        Recorder(boolean throwing) {
            this.throwing = throwing;
        }

        @Override
        public void onProgress(HydrationProgress progress) {
            record(new Heard("progress", progress, null, System.nanoTime()));
        }

        @Override
        public void onComplete(HydrationProgress progress) {
            record(new Heard("complete", progress, null, System.nanoTime()));
        }

        @Override
        public void onError(Throwable error) {
            record(new Heard("error", null, error, System.nanoTime()));
        }

        private void record(Heard h) {
            heard.add(h);
            if (throwing) {
                throw new IllegalStateException("listener failure on " + h.kind());
            }
        }

        List<Heard> of(String kind) {
            return heard.stream().filter(h -> h.kind().equals(kind)).toList();
        }
    }

    @Test
    void theListenerHearsGrowingProgressAPlausibleEstimateAndOneCompletion() throws Exception {
        var replica = fx.replica("listened");
        ReplicaDatabase db = openEmptyAndPaused(fx, "listened.db", config(replica));
        Recorder listener = new Recorder(false);
        db.hydrationListener(listener);
        publishFiles(fx.primary(replica), 20, 60);
        db.pollNow();
        db.faults().on(ReplicaOperation.READ).always().inject(Fault.latency(Duration.ofMillis(300)));
        db.resumeHydration();
        db.awaitHydrated();
        await().atMost(Duration.ofSeconds(5)).until(() -> !listener.of("complete").isEmpty());

        List<Heard> progress = listener.of("progress");
        assertThat(progress).as("one report per four files").hasSizeGreaterThanOrEqualTo(3);
        for (int i = 1; i < progress.size(); i++) {
            HydrationProgress previous = progress.get(i - 1).progress();
            HydrationProgress p = progress.get(i).progress();
            assertThat(p.pagesWritten()).isGreaterThan(previous.pagesWritten());
            assertThat(p.bytesDownloaded()).isGreaterThan(previous.bytesDownloaded());
            assertThat(p.pagesTotal()).isEqualTo(previous.pagesTotal());
            assertThat(p.percent()).isGreaterThan(previous.percent());
        }
        Heard complete = listener.of("complete").getFirst();
        assertThat(listener.of("complete")).hasSize(1);
        assertThat(listener.heard.getLast()).isSameAs(complete);
        assertThat(progress).allSatisfy(h -> assertThat(h.progress().complete()).isFalse());
        List<Heard> underway = progress.stream().filter(h -> h.progress().pagesWritten() < h.progress().pagesTotal())
                .toList();
        assertThat(underway).hasSizeGreaterThanOrEqualTo(2);
        for (Heard h : underway) {
            HydrationProgress p = h.progress();
            Duration actual = Duration.ofNanos(complete.nanos() - h.nanos());
            assertThat(p.estimatedRemaining()).as("estimate at %s of %s pages, %s ms before the end",
                            p.pagesWritten(), p.pagesTotal(), actual.toMillis())
                    .isBetween(actual.dividedBy(3), actual.multipliedBy(3));
        }
        HydrationProgress end = complete.progress();
        assertThat(end.complete()).isTrue();
        assertThat(end.percent()).isEqualTo(100.0);
        assertThat(end.estimatedRemaining()).isEqualTo(Duration.ZERO);
        assertThat(end.pagesWritten()).isEqualTo(end.pagesTotal()).isEqualTo(progress.getFirst().progress()
                .pagesTotal());
        assertThat(end.bytesDownloaded()).isGreaterThanOrEqualTo(progress.getLast().progress().bytesDownloaded());
        assertThat(end.txid()).isEqualTo(db.txid()).isEqualTo(20);
    }

    @Test
    void progressReachesTheListenerAtMostFourTimesASecond() throws Exception {
        var replica = fx.replica("rate");
        ReplicaDatabase db = openEmptyAndPaused(fx, "rate.db", config(replica));
        Recorder listener = new Recorder(false);
        db.hydrationListener(listener);
        publishFiles(fx.primary(replica), 40, 4);
        db.pollNow();
        db.faults().on(ReplicaOperation.READ).always().inject(Fault.latency(Duration.ofMillis(50)));
        db.resumeHydration();
        db.awaitHydrated();
        List<Heard> progress = listener.of("progress");
        assertThat(progress).as("ten batches of four files").isNotEmpty().hasSizeLessThan(10);
        for (int i = 1; i < progress.size(); i++) {
            assertThat(Duration.ofNanos(progress.get(i).nanos() - progress.get(i - 1).nanos()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(240));
        }
    }

    @Test
    void aListenerThatThrowsBreaksNeitherTheRetriesNorTheCompletionNorFollowingNewData() throws Exception {
        var replica = fx.replica("thrower");
        ReplicaDatabase db = openEmptyAndPaused(fx, "thrower.db", config(replica));
        Recorder listener = new Recorder(true);
        db.hydrationListener(listener);
        var primary = fx.primary(replica);
        publishFiles(primary, 8, 60);
        db.pollNow();
        db.faults().on(ReplicaOperation.READ).matching("0/0000000000000003-*").times(1).inject(Fault.accessDenied());
        db.resumeHydration();
        db.awaitHydrated(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> !listener.of("complete").isEmpty());
        assertThat(listener.of("error")).hasSize(1);
        assertThat(listener.of("progress")).isNotEmpty();
        assertThat(listener.of("complete")).hasSize(1);

        primary.commit("insert into t values (100000, 'after the listener threw')");
        db.pollNow();
        db.awaitHydrated(Duration.ofSeconds(10));
        Hydration h = fx.vfs.registry().running("thrower.db").hydration;
        long copyReads = h.fileReads.get();
        try (Connection c = db.connect()) {
            assertThat(queryString(c, "select v from t where id = 100000")).isEqualTo("after the listener threw");
        }
        assertThat(h.fileReads.get()).as("read from the copy").isGreaterThan(copyReads);
        assertThat(h.lastError()).isNull();
    }

    @Test
    void failingStorageKeepsReadsOnTheBucketReportsTheErrorAndIsRetriedWithBackoffUntilItSucceeds()
            throws Exception {
        var replica = fx.replica("failing");
        ReplicaDatabase db = openEmptyAndPaused(fx, "failing.db", config(replica));
        Recorder listener = new Recorder(false);
        db.hydrationListener(listener);
        var primary = fx.primary(replica);
        primary.commit("create table t(id integer primary key, v)", "create table u(v)",
                "insert into t select value, randomblob(1000) from " + VfsFixture.series(1, 300));
        for (int i = 0; i < 5; i++) {
            primary.commit("insert into u select randomblob(1800) from " + VfsFixture.series(1, 40));
        }
        db.pollNow();
        // TXID 3 holds only pages of u (and a page 1 that TXID 6 replaced): hydration needs it, queries on t never do
        db.faults().on(ReplicaOperation.READ).matching("0/0000000000000003-0000000000000003.ltx").always()
                .inject(Fault.accessDenied());
        db.resumeHydration();
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.of("error").size() >= 4);

        Hydration h = fx.vfs.registry().running("failing.db").hydration;
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(300);
            assertThat(queryLong(c, "select sum(length(v)) from t")).isEqualTo(300 * 1000);
            assertThat(queryString(c, "pragma litestream_hydration_progress")).isNotEqualTo("100.0");
        }
        assertThat(h.fileReads.get()).as("pages read from the copy").isZero();
        assertThat(db.hydrationProgress().orElseThrow().complete()).isFalse();
        assertThat(db.lastError()).hasValueSatisfying(e -> assertThat(e).contains("hydration")
                .contains("403 AccessDenied (injected)"));
        assertThat(listener.of("error")).allSatisfy(e -> assertThat(e.error()).hasMessageContaining("(injected)"));
        List<Heard> errors = listener.of("error");
        Duration firstWait = Duration.ofNanos(errors.get(1).nanos() - errors.get(0).nanos());
        Duration thirdWait = Duration.ofNanos(errors.get(3).nanos() - errors.get(2).nanos());
        assertThat(firstWait).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        assertThat(thirdWait).as("the wait doubles after each failure").isGreaterThan(firstWait.multipliedBy(3)
                .dividedBy(2));

        db.faults().clearRules();
        db.awaitHydrated(Duration.ofSeconds(20));
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(300);
            assertThat(count(c, "u")).isEqualTo(200);
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
        assertThat(h.fileReads.get()).as("pages read from the copy").isPositive();
        assertThat(h.lastError()).isNull();
        assertThat(Files.readAllBytes(h.path())).isEqualTo(Files.readAllBytes(fx.restore(replica)));
    }
}
