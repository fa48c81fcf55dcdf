package io.github.ltxkit.vfs;

import io.github.ltxkit.hydrate.HydrationProgress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The waits behind {@link ReplicaDatabase#awaitSynced()} and {@link ReplicaDatabase#awaitHydrated()}: Awaitility
 * polls the engine's state, fails at once when the state can no longer be reached (a conflict, a crash, no
 * periodic sync), and on a timeout says which state was reached instead.
 *
 * <p>Stateless; each call polls on the caller's thread.
 */
final class Awaits {
    /** How often the state is looked at: short, since reading it is a few field loads. */
    static final Duration POLL = Duration.ofMillis(5);

    private Awaits() {
    }

    /** The default wait for an upload: ten sync intervals, and never under ten seconds. */
    static Duration defaultSyncTimeout(DatabaseConfig config) {
        Duration tenIntervals = config.syncInterval().multipliedBy(10);
        return tenIntervals.compareTo(Duration.ofSeconds(10)) > 0 ? tenIntervals : Duration.ofSeconds(10);
    }

    /** Waits until uploads reached {@code txid} (0: everything committed so far) and nothing is pending. */
    static SyncStatus synced(DatabaseEngine engine, long txid, Duration timeout) {
        Syncer syncer = engine.syncer;
        if (syncer == null) {
            throw new IllegalStateException("'" + engine.name + "' is read-only: nothing to wait for");
        }
        long target = txid > 0 ? txid : 0;
        // Without a TXID, wait for what is committed now, not for commits made while waiting.
        Callable<SyncStatus> status = () -> {
            SyncStatus s = syncer.snapshotStatus();
            failIfUnreachable(engine, s);
            return s;
        };
        String goal = target > 0 ? "to sync through TXID " + target : "to upload everything committed";
        return await(engine, goal, timeout, status,
                s -> target > 0 ? s.lastSyncedTxid() >= target : s.caughtUp(),
                s -> describe(s));
    }

    /** Waits until the hydrated copy is complete and holds the newest state. */
    static HydrationProgress hydrated(DatabaseEngine engine, Duration timeout) {
        Hydration hydration = engine.hydration;
        if (hydration == null) {
            throw new IllegalStateException("'" + engine.name + "' has no hydration: open it with hydration_enabled");
        }
        Callable<HydrationProgress> progress = () -> {
            checkAlive(engine);
            return hydration.progress();
        };
        return await(engine, "to finish hydrating", timeout, progress,
                // The progress was read before the test: it must be of the very state the copy holds now.
                p -> {
                    DatabaseState now = engine.current();
                    return p.complete() && p.txid() == now.txid() && hydration.holds(now);
                },
                p -> "the copy holds " + p.pagesWritten() + " of " + p.pagesTotal() + " pages"
                        + (p.complete() ? " at TXID " + p.txid() + ", the database is at TXID "
                        + engine.current().txid() + (engine.current().localPages() > 0 ? " with local commits" : "")
                        : " (" + String.format(java.util.Locale.ROOT, "%.1f", p.percent()) + "%)")
                        + (hydration.paused() ? "; hydration is paused (resumeHydration())" : "")
                        + (hydration.lastError() != null ? "; the last attempt failed with: "
                        + hydration.lastError().getMessage() : ""));
    }

    private static <T> T await(DatabaseEngine engine, String goal, Duration timeout, Callable<T> read,
                               java.util.function.Predicate<T> reached, java.util.function.Function<T, String> state) {
        try {
            return Awaitility.await("'" + engine.name + "' " + goal)
                    .atMost(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL)
                    .until(read, reached);
        } catch (ConditionTimeoutException e) {
            String reachedInstead;
            try {
                reachedInstead = state.apply(read.call());
            } catch (Exception unreadable) {
                reachedInstead = String.valueOf(unreadable.getMessage());
            }
            throw new ConditionTimeoutException("'" + engine.name + "' failed " + goal + " within " + timeout
                    + ": " + reachedInstead, e);
        }
    }

    /** Fails the wait when no upload can happen any more; a wait would only time out. */
    private static void failIfUnreachable(DatabaseEngine engine, SyncStatus s) {
        checkAlive(engine);
        if (s.conflict() != null) {
            throw new IllegalStateException("uploads of '" + engine.name + "' stopped: " + s.conflict());
        }
        if (engine.config.syncInterval().isZero() && !s.caughtUp()) {
            throw new IllegalStateException("'" + engine.name + "' has sync_interval=0, so nothing uploads on its "
                    + "own: call syncNow() instead of waiting (" + describe(s) + ")");
        }
    }

    private static void checkAlive(DatabaseEngine engine) {
        try {
            engine.checkAlive();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String describe(SyncStatus s) {
        StringBuilder b = new StringBuilder("the replica is at TXID ").append(s.lastSyncedTxid())
                .append(", ").append(s.pendingPages()).append(" committed pages not uploaded");
        if (s.paused()) {
            b.append("; sync is paused (resumeSync())");
        }
        if (s.lastError() != null) {
            b.append("; ").append(s.failures()).append(" uploads failed, the last with: ").append(s.lastError());
        }
        return b.toString();
    }
}
