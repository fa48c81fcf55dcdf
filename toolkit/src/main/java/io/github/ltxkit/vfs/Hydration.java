package io.github.ltxkit.vfs;

import io.github.ltxkit.hydrate.HydrationFile;
import io.github.ltxkit.hydrate.HydrationListener;
import io.github.ltxkit.hydrate.HydrationMetadata;
import io.github.ltxkit.hydrate.HydrationProgress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds a full local copy of a database in the background and keeps it up to date, so reads can be served
 * locally once it has caught up.
 *
 * <p>The copy holds exactly one {@link DatabaseState} at a time ({@code fileState}). A transaction reads it only if,
 * when it starts, the copy holds the very state it pins; so the switch from the replica to the copy happens at a
 * transaction boundary and a transaction never mixes the two. To move the copy to a newer state, the updater stops
 * new transactions from choosing the copy, waits until none reads it, and writes only the pages whose location
 * changed. Readers never wait for the updater.
 *
 * <p>A failed attempt (storage errors, a full disk) leaves reads on the replica and is retried with exponential
 * backoff (100 ms doubling to 30 s, back to 100 ms once the copy was complete again) until the database closes.
 * Hydration starts only once the database has content and is not paused.
 *
 * <p>Threads: one task on the VFS fetch pool does all the work (the copier fans out to the same pool);
 * {@code fileState}, {@code usable} and {@code filePins} are guarded by the engine lock; the flags are volatile and
 * {@link HydrationReports} is thread-safe.
 */
final class Hydration {
    private static final System.Logger LOG = System.getLogger(Hydration.class.getName());
    private static final long INITIAL_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final DatabaseEngine engine;
    private final Path path;
    private final boolean persistent;
    private final HydrationCopier copier;
    // Guarded by engine.lock:
    private DatabaseState fileState;
    private boolean usable;
    private int filePins;
    private volatile HydrationFile file;
    private volatile Future<?> task;
    private volatile boolean stopped;
    /** Set by a simulated crash: nothing is recorded any more. */
    private volatile boolean abandoned;
    private volatile boolean paused;
    private volatile Throwable lastError;
    final HydrationReports reports;
    final AtomicLong fileReads = new AtomicLong();

    Hydration(DatabaseEngine engine, Path path, boolean persistent) {
        this.engine = engine;
        this.path = path;
        this.persistent = persistent;
        this.copier = new HydrationCopier(engine, this);
        this.reports = new HydrationReports(engine.name);
    }

    Path path() {
        return path;
    }

    void listener(HydrationListener l) {
        reports.listener(l);
    }

    void start() {
        reports.started();
        task = engine.executors.fetch().submit(this::runQuietly);
    }

    void pause() {
        paused = true;
    }

    boolean paused() {
        return paused;
    }

    void resume() {
        paused = false;
        engine.lock.lock();
        try {
            engine.stateChanged.signalAll();
        } finally {
            engine.lock.unlock();
        }
    }

    /** Returns whether a transaction pinning {@code s} should read the copy; caller holds engine.lock. */
    boolean claim(DatabaseState s) {
        if (usable && fileState != null && fileState.version() == s.version()) {
            filePins++;
            return true;
        }
        return false;
    }

    /** A transaction that read the copy ended; caller holds engine.lock. */
    void release() {
        filePins--;
        engine.stateChanged.signalAll();
    }

    /** Reads a page of the copy (the caller's transaction claimed it). */
    void readPage(long pgno, byte[] page) throws IOException {
        fileReads.incrementAndGet();
        file.readPage(pgno, page);
    }

    boolean complete() {
        return reports.complete();
    }

    /** Returns whether the copy serves reads and holds {@code s}: the same content (local commits too) and TXID. */
    boolean holds(DatabaseState s) {
        engine.lock.lock();
        try {
            return usable && fileState != null && fileState.version() == s.version() && fileState.txid() == s.txid();
        } finally {
            engine.lock.unlock();
        }
    }

    Throwable lastError() {
        return lastError;
    }

    HydrationProgress progress() {
        DatabaseState s = fileState;
        return reports.progress(s == null ? 0 : s.txid());
    }

    /** Tells the listener how far the build came (a few times a second at most). */
    void reportProgress() {
        reports.reportProgress(progress());
    }

    private void runQuietly() {
        long backoff = INITIAL_BACKOFF_MS;
        while (!stopped && engine.alive()) {
            long attemptStart = System.nanoTime();
            try {
                run();
                return;
            } catch (Throwable t) {
                if (stopped || !engine.alive()) {
                    return;
                }
                if (reports.completedSince(attemptStart)) {
                    backoff = INITIAL_BACKOFF_MS;
                }
                lastError = t;
                engine.reportError("hydration into " + path + " failed (reads stay on the replica; retrying)", t);
                reports.reportError(t);
                backOff(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    private void run() throws IOException, InterruptedException {
        DatabaseState start = awaitFirstState();
        if (start == null) {
            return;
        }
        try {
            if (file == null) {
                file = HydrationFile.open(path, persistent, start.pageSize());
            }
            LOG.log(System.Logger.Level.INFO, "hydrating '" + engine.name + "' (" + start.commit() + " pages, TXID "
                    + io.github.ltxkit.ltx.Ltx.formatTxid(start.txid()) + ") into " + path);
            copier.build(file, start, resumable(start));
            engine.lock.lock();
            try {
                fileState = start;
                usable = true;
            } finally {
                engine.lock.unlock();
            }
            recordComplete(start);
        } finally {
            engine.unpin(start);
        }
        lastError = null;
        Duration took = reports.completed();
        LOG.log(System.Logger.Level.INFO, "hydrated '" + engine.name + "' into " + path + " in "
                + took.toMillis() + " ms; reads are local from now on");
        reports.reportComplete(progress());
        follow();
    }

    /** What a previous run left that is still valid for {@code start}, if anything. */
    private Optional<HydrationMetadata> resumable(DatabaseState start) {
        Optional<HydrationMetadata> prev = file.previous();
        if (prev.isEmpty()) {
            return Optional.empty();
        }
        HydrationMetadata m = prev.get();
        if (!m.replica().equals(engine.client.describe())) {
            LOG.log(System.Logger.Level.INFO, path + " was hydrated from " + m.replica() + "; rebuilding");
            return Optional.empty();
        }
        if (m.complete() && (Long.compareUnsigned(m.txid(), start.txid()) > 0 || !copier.stillThere(m.newestFile()))) {
            LOG.log(System.Logger.Level.INFO, path + " holds TXID " + io.github.ltxkit.ltx.Ltx.formatTxid(m.txid())
                    + " of a replica that went backwards or was replaced; rebuilding");
            return Optional.empty();
        }
        return prev;
    }

    /** Keeps the copy on the newest state, one transaction boundary at a time. */
    private void follow() throws IOException, InterruptedException {
        long lastRecord = System.nanoTime();
        while (!stopped && engine.alive()) {
            DatabaseState target = awaitChange(fileState);
            if (target == null) {
                return;
            }
            if (target.version() == fileState.version()) {
                engine.lock.lock();
                try {
                    fileState = target;
                } finally {
                    engine.lock.unlock();
                }
            } else {
                try {
                    moveTo(target);
                } finally {
                    engine.unpin(target);
                }
            }
            if (persistent && System.nanoTime() - lastRecord > TimeUnit.SECONDS.toNanos(5)) {
                recordComplete(fileState);
                lastRecord = System.nanoTime();
            }
        }
    }

    /** Moves the copy to {@code target} once no transaction reads it; it stays unusable if that fails. */
    private void moveTo(DatabaseState target) throws IOException, InterruptedException {
        DatabaseState from = fileState;
        engine.lock.lock();
        try {
            usable = false;
            while (filePins > 0 && !stopped) {
                engine.stateChanged.await(100, TimeUnit.MILLISECONDS);
            }
        } finally {
            engine.lock.unlock();
        }
        copier.update(file, from, target);
        engine.lock.lock();
        try {
            fileState = target;
            usable = true;
        } finally {
            engine.lock.unlock();
        }
    }

    /**
     * Waits until the database has content (a replica that had no files at open got its first snapshot) and
     * hydration is not paused, and returns the newest state, pinned; returns null when stopped.
     */
    private DatabaseState awaitFirstState() throws InterruptedException {
        engine.lock.lock();
        try {
            while (!stopped && engine.alive() && (paused || engine.current().pageSize() == 0)) {
                engine.stateChanged.await(200, TimeUnit.MILLISECONDS);
            }
            return stopped || !engine.alive() ? null : engine.pin();
        } finally {
            engine.lock.unlock();
        }
    }

    /**
     * Waits until the newest state differs from {@code current} (as an object) and returns it, pinned when its
     * content differs; returns null when stopped.
     */
    private DatabaseState awaitChange(DatabaseState current) throws InterruptedException {
        engine.lock.lock();
        try {
            while (!stopped && engine.alive() && (paused || engine.current() == current)) {
                engine.stateChanged.await(200, TimeUnit.MILLISECONDS);
            }
            if (stopped || !engine.alive()) {
                return null;
            }
            DatabaseState next = engine.current();
            if (next.version() != current.version()) {
                return engine.pin();
            }
            return next;
        } finally {
            engine.lock.unlock();
        }
    }

    private void recordComplete(DatabaseState s) throws IOException {
        if (s.localPages() > 0) {
            file.record(new HydrationMetadata(engine.client.describe(), s.pageSize(), false, 0, 0, "", Set.of()));
            return;
        }
        file.record(new HydrationMetadata(engine.client.describe(), s.pageSize(), true, s.txid(), s.commit(),
                copier.newestFileIdentity(s), Set.of()));
    }

    /** Records an unfinished build: the files whose pages are all in the copy. */
    void recordProgress(int pageSize, Set<String> filesDone) throws IOException {
        file.record(new HydrationMetadata(engine.client.describe(), pageSize, false, 0, 0, "",
                new HashSet<>(filesDone)));
    }

    boolean stopped() {
        return stopped || !engine.alive();
    }

    /** Returns whether the database crashed (the copy is let go of as is): nothing may be recorded any more. */
    boolean abandoned() {
        return abandoned || !engine.alive();
    }

    /** Stops, records what the copy holds (persistent path) and closes it (a temporary copy is deleted). */
    void close() {
        stopped = true;
        Future<?> t = task;
        if (t != null) {
            try {
                t.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                t.cancel(true);
            }
        }
        HydrationFile f = file;
        if (f == null) {
            return;
        }
        try {
            DatabaseState s = fileState;
            if (s != null && reports.complete() && persistent) {
                recordComplete(s);
            }
            f.close();
        } catch (IOException e) {
            engine.reportError("closing the hydrated copy " + path + " failed", e);
        }
    }

    /** Crash: stop without recording anything. */
    void abandon() {
        abandoned = true;
        stopped = true;
        HydrationFile f = file;
        try {
            if (f != null) {
                f.abandon();
            }
        } catch (IOException ignored) {
            // a killed process does not close files either
        }
    }

    /** Waits {@code ms} before the next attempt, or less when the database stops meanwhile. */
    private void backOff(long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        try {
            for (long left; !stopped() && (left = deadline - System.nanoTime()) > 0; ) {
                Thread.sleep(Math.min(50, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
