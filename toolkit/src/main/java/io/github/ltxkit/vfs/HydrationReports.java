package io.github.ltxkit.vfs;

import io.github.ltxkit.hydrate.HydrationListener;
import io.github.ltxkit.hydrate.HydrationProgress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A hydration's progress counters and its listener: what {@link HydrationProgress} reports, and the calls that tell
 * the listener about it. A listener that throws is logged and otherwise ignored, so it can never break hydration.
 *
 * <p>Threads: the counters are atomic and the times volatile; the copier's tasks count pages and bytes, while
 * {@link #reportProgress()} and the other listener calls come from the hydration task only.
 */
final class HydrationReports {
    private static final System.Logger LOG = System.getLogger(HydrationReports.class.getName());
    /** The listener hears of progress at most four times a second. */
    static final long REPORT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final String database;
    final AtomicLong pagesWritten = new AtomicLong();
    final AtomicLong pagesTotal = new AtomicLong();
    final AtomicLong bytesDownloaded = new AtomicLong();
    private volatile HydrationListener listener;
    private volatile long startNanos;
    /** When the current build started: the estimate of the time left uses this build's rate only. */
    private volatile long buildStartNanos;
    /** When the copy was last complete, 0 before that. */
    private volatile long completeNanos;
    /** When the listener last heard of progress; written by the hydration task only. */
    private long lastReportNanos;

    HydrationReports(String database) {
        this.database = database;
    }

    void listener(HydrationListener l) {
        this.listener = l;
    }

    /** Hydration starts (at open). */
    void started() {
        startNanos = System.nanoTime();
    }

    /** A build of {@code pages} pages starts: progress and its estimate count from here. */
    void beginBuild(long pages) {
        pagesWritten.set(0);
        pagesTotal.set(pages);
        buildStartNanos = System.nanoTime();
    }

    /** The copy caught up; returns the time since hydration started. */
    Duration completed() {
        completeNanos = System.nanoTime();
        return Duration.ofNanos(completeNanos - startNanos);
    }

    boolean complete() {
        return completeNanos != 0;
    }

    /** Returns whether the copy became complete after {@code nanos} (a {@link System#nanoTime()}). */
    boolean completedSince(long nanos) {
        return completeNanos != 0 && completeNanos - nanos > 0;
    }

    /** Returns the progress, for a copy that holds {@code txid} once complete. */
    HydrationProgress progress(long txid) {
        long written = pagesWritten.get();
        long total = pagesTotal.get();
        long complete = completeNanos;
        long now = System.nanoTime();
        Duration remaining = null;
        if (complete != 0) {
            remaining = Duration.ZERO;
        } else if (written > 0 && total > written) {
            remaining = Duration.ofNanos((long) ((double) (now - buildStartNanos) / written * (total - written)));
        }
        return new HydrationProgress(written, total, bytesDownloaded.get(),
                Duration.ofNanos((complete != 0 ? complete : now) - startNanos), remaining, complete != 0, txid);
    }

    /** Tells the listener {@code progress}, unless it heard of progress less than a quarter second ago. */
    void reportProgress(HydrationProgress progress) {
        long now = System.nanoTime();
        if (lastReportNanos != 0 && now - lastReportNanos < REPORT_INTERVAL_NANOS) {
            return;
        }
        lastReportNanos = now;
        tell(l -> l.onProgress(progress));
    }

    void reportComplete(HydrationProgress progress) {
        tell(l -> l.onComplete(progress));
    }

    void reportError(Throwable error) {
        tell(l -> l.onError(error));
    }

    private void tell(Consumer<HydrationListener> call) {
        HydrationListener l = listener;
        if (l == null) {
            return;
        }
        try {
            call.accept(l);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a hydration listener of '" + database + "' failed", e);
        }
    }
}
