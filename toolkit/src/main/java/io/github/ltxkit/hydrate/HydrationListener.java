package io.github.ltxkit.hydrate;

/**
 * Receives a hydration's progress; called on the hydrating thread, so it must return quickly. An exception thrown
 * by a listener is logged and otherwise ignored: it never stops or delays hydration.
 */
public interface HydrationListener {
    /** Reports progress after a part of the copy was written, at most four times a second. */
    void onProgress(HydrationProgress progress);

    /** Reports that the local copy caught up and now serves reads. */
    default void onComplete(HydrationProgress progress) {
    }

    /** Reports a failure; hydration retries with backoff while reads stay on the replica. */
    default void onError(Throwable error) {
    }
}
