package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.ltx.LtxFormatException;
import io.github.ltxkit.ltx.PageFrames;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.NonContiguousHistoryException;
import io.github.ltxkit.replica.RestorePlan;
import io.github.ltxkit.replica.RestorePlanner;
import io.github.ltxkit.sqlite.SqliteVfsException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a database up to date with its replica: builds the first state from a restore plan, then polls for new
 * LTX files every {@code poll_interval} and publishes them as a new state, which connections see at their next
 * transaction. It also rebuilds states whose files were removed by compaction or retention, and builds the
 * historical states of time travel.
 *
 * <p>Polling runs on the VFS scheduler, one poll at a time. A poll lists level 0 from the next TXID; when level 0
 * has a gap (its files were compacted away) it continues the history from the other levels, and when nothing
 * continues it, it re-plans from scratch, so it never wedges. Thread-safe.
 */
final class Follower {
    private static final System.Logger LOG = System.getLogger(Follower.class.getName());

    private final DatabaseEngine engine;
    /** Set once by schedule(), cleared by stop(). */
    private volatile ScheduledFuture<?> task;
    /** Set by any thread through pause()/resume(); read by the polling task. */
    private volatile boolean paused;
    /** Written by the polling thread (or the opening one) after a successful listing; read by litestream_lag. */
    private volatile Instant lastSuccess;
    /** Written by the polling thread only; read by status queries. */
    private volatile long consecutiveFailures;
    /** States rebuilt at a TXID whose files moved; guarded by {@code this}. */
    private final Map<Long, DatabaseState> restated = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, DatabaseState> eldest) {
            return size() > 4;
        }
    };

    Follower(DatabaseEngine engine) {
        this.engine = engine;
    }

    /**
     * Builds the state at open. A read-only database waits up to {@code snapshot_timeout} for a replica that has
     * no files yet (with 0, it starts empty at once); a writable one starts a new, empty database.
     */
    DatabaseState initialState(boolean writable) throws IOException {
        long deadline = System.nanoTime() + engine.config.snapshotTimeout().toNanos();
        while (true) {
            RestorePlan plan;
            try {
                plan = RestorePlanner.plan(engine.client, RestorePlanner.Target.latest());
            } catch (NonContiguousHistoryException e) {
                throw SqliteVfsException.cantOpen("cannot open '" + engine.name + "' from " + engine.client.describe()
                        + ": " + e.getMessage(), e);
            }
            if (!plan.files().isEmpty()) {
                lastSuccess = Instant.now();
                return build(plan.files(), ThreadLocalRandom.current().nextInt(1 << 30));
            }
            if (writable || engine.config.snapshotTimeout().isZero()) {
                lastSuccess = Instant.now();
                return DatabaseState.empty(ThreadLocalRandom.current().nextInt(1 << 30));
            }
            if (System.nanoTime() > deadline) {
                throw SqliteVfsException.cantOpen("cannot open '" + engine.name + "': the replica "
                        + engine.client.describe() + " has no LTX files yet (waited "
                        + ConfigValues.format(engine.config.snapshotTimeout()) + ", snapshot_timeout)", null);
            }
            sleep(Math.min(250, engine.config.pollInterval().toMillis()));
            engine.checkAlive();
        }
    }

    /** Builds a complete state from the files of a restore plan. */
    DatabaseState build(List<LtxFileInfo> files, int changeCounter) throws IOException {
        List<IndexBuilder.FileIndex> indexes = IndexBuilder.fetch(engine.client, files, engine.executors.fetch(),
                true);
        IndexBuilder.Applied a = IndexBuilder.applyAll(PageTable.empty(), 0, 0, 0, null, indexes);
        DatabaseState state = new DatabaseState(1, a.pageSize(), a.commit(), a.txid(), a.txTime(), a.pages(),
                changeCounter, 0);
        cacheFramesRead(state, indexes);
        return state;
    }

    /**
     * Puts page 1 into the cache when its whole frame came with its file's header: every connection reads it first
     * (the schema), so a cold first query saves a round trip. It goes where pages read on demand go. Only page 1:
     * the pages after it stay with the read path, where storage faults and request counts see them. A frame that
     * does not decode is left to the read path, which reports it.
     */
    private void cacheFramesRead(DatabaseState state, List<IndexBuilder.FileIndex> indexes) {
        for (IndexBuilder.FileIndex fi : indexes) {
            var index = fi.index();
            if (index.size() == 0 || index.pgno(0) != 1 || index.offset(0) + index.frameSize(0) > fi.head().length
                    || !fi.file().equals(state.pages().source(1))) {
                continue; // another file holds the newest page 1, or its frame did not fit in what was read
            }
            byte[] page = new byte[state.pageSize()];
            try {
                PageFrames.decode(fi.head(), (int) index.offset(0), index.frameSize(0), 1,
                        state.pageSize(), page, fi.file().toString(), index.offset(0));
            } catch (LtxFormatException e) {
                continue;
            }
            engine.cache.put(new PageCache.Key(fi.file(), 1), page);
        }
    }

    void schedule() {
        long ms = engine.config.pollInterval().toMillis();
        task = engine.executors.scheduler().scheduleWithFixedDelay(this::pollQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    void stop() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }

    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    boolean paused() {
        return paused;
    }

    Instant lastSuccess() {
        return lastSuccess;
    }

    private void pollQuietly() {
        if (paused || !engine.alive()) {
            return;
        }
        try {
            pollOnce();
            consecutiveFailures = 0;
        } catch (Throwable t) {
            if (!engine.alive() || Thread.currentThread().isInterrupted() || interruption(t)) {
                return; // the database or its VFS closed under the poll: nothing failed
            }
            if (consecutiveFailures++ % 30 == 0) {
                engine.reportError("poll of " + engine.client.describe() + " failed (retrying every "
                        + ConfigValues.format(engine.config.pollInterval()) + ")", t);
            }
        }
    }

    /** Returns whether {@code t} was caused by an interrupt, which only a closing VFS sends its threads. */
    static boolean interruption(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException || c instanceof java.io.InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    /** Looks for new files once and publishes them; returns whether the state changed. */
    boolean pollOnce() throws IOException {
        engine.checkAlive();
        DatabaseState s = engine.current();
        List<LtxFileInfo> l0 = engine.client.list(0, s.txid() + 1);
        lastSuccess = Instant.now();
        if (l0.isEmpty()) {
            return false;
        }
        List<LtxFileInfo> chain = continuation(s.txid(), l0);
        if (chain.isEmpty()) {
            List<LtxFileInfo> all = new ArrayList<>(l0);
            for (int level = 1; level <= LtxFileKey.SNAPSHOT_LEVEL; level++) {
                all.addAll(engine.client.list(level, 0));
            }
            chain = continuation(s.txid(), all);
        }
        long newest = l0.getLast().maxTxid();
        if (engine.syncer != null && !engine.syncer.mayFollow(newest)) {
            return false;
        }
        if (chain.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "'" + engine.name + "': nothing continues TXID "
                    + Ltx.formatTxid(s.txid()) + " in the replica; rebuilding from a new restore plan");
            return replanLatest();
        }
        List<IndexBuilder.FileIndex> indexes = IndexBuilder.fetch(engine.client, chain, engine.executors.fetch(),
                false);
        engine.lock.lock();
        try {
            DatabaseState now = engine.current();
            if (now.txid() != s.txid() || (engine.syncer != null && !engine.syncer.mayFollow(newest))) {
                return false;
            }
            IndexBuilder.Applied a = IndexBuilder.applyAll(now.pages(), now.pageSize(), now.commit(), now.txid(),
                    now.txTime(), indexes);
            engine.publish(now.withContent(a.pageSize(), a.commit(), a.txid(), a.txTime(), a.pages(),
                    now.localPages()));
            if (engine.syncer != null) {
                engine.syncer.followed(a.txid(), a.commit());
            }
            return true;
        } finally {
            engine.lock.unlock();
        }
    }

    /** Returns files that continue the history after {@code txid}, each extending it as far as possible. */
    static List<LtxFileInfo> continuation(long txid, List<LtxFileInfo> candidates) {
        List<LtxFileInfo> chain = new ArrayList<>();
        long max = txid;
        while (true) {
            final long from = max;
            LtxFileInfo best = candidates.stream().filter(f -> f.key().range().continues(from))
                    .max(Comparator.comparingLong(LtxFileInfo::maxTxid)
                            .thenComparing(f -> -f.minTxid()).thenComparingInt(LtxFileInfo::level)).orElse(null);
            if (best == null) {
                return chain;
            }
            chain.add(best);
            max = best.maxTxid();
        }
    }

    /** Rebuilds the newest state from a fresh restore plan and publishes it. */
    boolean replanLatest() throws IOException {
        RestorePlan plan = RestorePlanner.plan(engine.client, RestorePlanner.Target.latest());
        if (plan.files().isEmpty()) {
            return false;
        }
        DatabaseState fresh = build(plan.files(), 0);
        engine.lock.lock();
        try {
            DatabaseState now = engine.current();
            if (Long.compareUnsigned(fresh.txid(), now.txid()) < 0 || now.localPages() > 0) {
                return false;
            }
            engine.publish(now.withContent(fresh.pageSize(), fresh.commit(), fresh.txid(), fresh.txTime(),
                    fresh.pages(), 0));
            if (engine.syncer != null) {
                engine.syncer.followed(fresh.txid(), fresh.commit());
            }
            return true;
        } finally {
            engine.lock.unlock();
        }
    }

    /**
     * Reads a page of {@code state} whose LTX file is gone: rebuilds the same TXID from the files the replica has
     * now (compaction keeps the content) and reads the page there. If the TXID cannot be rebuilt, the read fails
     * with a message asking to retry, and the newest state is re-planned for the next transaction.
     */
    byte[] readFromRestatedHistory(DatabaseState state, long pgno, PageFetcher.FileGoneException gone)
            throws IOException {
        engine.executors.fetch().execute(() -> {
            try {
                replanLatest();
            } catch (IOException e) {
                engine.reportError("re-plan after a missing file failed", e);
            }
        });
        DatabaseState alt;
        synchronized (this) {
            alt = restated.get(state.txid());
        }
        if (alt == null) {
            RestorePlan plan = RestorePlanner.plan(engine.client, RestorePlanner.Target.txid(state.txid()));
            if (plan.files().isEmpty() || plan.maxTxid() != state.txid()) {
                throw new IOException("page " + pgno + ": " + gone.getMessage() + " and TXID "
                        + Ltx.formatTxid(state.txid()) + " can no longer be rebuilt; retry the transaction", gone);
            }
            alt = build(plan.files(), state.changeCounter());
            synchronized (this) {
                restated.put(state.txid(), alt);
            }
        }
        if (!(alt.pages().source(pgno) instanceof RemoteFile)) {
            throw new IOException("page " + pgno + " is missing from the rebuilt TXID " + Ltx.formatTxid(state.txid()),
                    gone);
        }
        return engine.fetcher.read(alt, pgno, 1);
    }

    /** Builds the state as of {@code target} for time travel (files created strictly before it). */
    DatabaseState historicalState(Instant target) throws IOException {
        RestorePlan plan = RestorePlanner.plan(engine.client, RestorePlanner.Target.time(target));
        if (plan.files().isEmpty()) {
            throw SqliteVfsException.error("no state of '" + engine.name + "' is older than " + target
                    + " in the replica (the oldest files may have been compacted away)", null);
        }
        return build(plan.files(), ThreadLocalRandom.current().nextInt(1 << 30));
    }

    /** Seconds since the last successful poll, or -1 if none succeeded yet. */
    long lagSeconds() {
        Instant last = lastSuccess;
        return last == null ? -1 : Duration.between(last, Instant.now()).toSeconds();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
