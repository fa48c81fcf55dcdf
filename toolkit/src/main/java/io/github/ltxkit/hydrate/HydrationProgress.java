package io.github.ltxkit.hydrate;

import java.time.Duration;

/**
 * How far a hydration has come.
 *
 * @param pagesWritten        pages written to the local copy so far
 * @param pagesTotal          pages the copy needs
 * @param bytesDownloaded     bytes fetched from the replica so far
 * @param elapsed             time since hydration started
 * @param estimatedRemaining  the time left at the current rate, or {@code null} before it can be estimated
 * @param complete            whether the copy has caught up and serves reads
 * @param txid                the replica TXID the copy holds (meaningful once complete)
 */
public record HydrationProgress(long pagesWritten, long pagesTotal, long bytesDownloaded, Duration elapsed,
                                Duration estimatedRemaining, boolean complete, long txid) {
    /** Returns the progress in percent, from 0 to 100. */
    public double percent() {
        if (complete) {
            return 100.0;
        }
        return pagesTotal == 0 ? 0.0 : Math.min(100.0, 100.0 * pagesWritten / pagesTotal);
    }
}
