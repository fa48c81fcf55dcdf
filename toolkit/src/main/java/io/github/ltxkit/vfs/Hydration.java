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
 * <p>Threads: one task on the VFS fetch pool does all the work; {@code fileState}, {@code usable} and
 * {@code filePins} are guarded by the engine lock; counters are atomic.
 */
final class Hydration {
    private static final System.Logger LOG = System.getLogger(Hydration.class.getName());

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
    private volatile boolean paused;
    private volatile HydrationListener listener;
    private volatile Throwable lastError;
    final AtomicLong pagesWritten = new AtomicLong();
    final AtomicLong pagesTotal = new AtomicLong();
    final AtomicLong bytesDownloaded = new AtomicLong();
    final AtomicLong fileReads = new AtomicLong();
    private volatile long startNanos;
    private volatile long completeNanos;

    Hydration(DatabaseEngine engine, Path path, boolean persistent) {
        this.engine = engine;
        this.path = path;
        this.persistent = persistent;
        this.copier = new HydrationCopier(engine, this);
    }

    Path path() {
        return path;
    }

    void listener(HydrationListener l) {
        this.listener = l;
    }

    void start() {
        startNanos = System.nanoTime();
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
        return completeNanos != 0;
    }

    Throwable lastError() {
        return lastError;
    }

    HydrationProgress progress() {
        long written = pagesWritten.get();
        long total = pagesTotal.get();
        long elapsedNanos = (completeNanos != 0 ? completeNanos : System.nanoTime()) - startNanos;
        Duration remaining = null;
        if (completeNanos != 0) {
            remaining = Duration.ZERO;
        } else if (written > 0 && total > written) {
            remaining = Duration.ofNanos((long) ((double) elapsedNanos / written * (total - written)));
        }
        DatabaseState s = fileState;
        return new HydrationProgress(written, total, bytesDownloaded.get(), Duration.ofNanos(elapsedNanos),
                remaining, completeNanos != 0, s == null ? 0 : s.txid());
    }

    void reportProgress() {
        HydrationListener l = listener;
        if (l != null) {
            try {
                l.onProgress(progress());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a hydration listener failed", e);
            }
        }
    }

    private void runQuietly() {
        long backoff = 100;
        while (!stopped && engine.alive()) {
            try {
                run();
                return;
            } catch (Throwable t) {
                if (stopped || !engine.alive()) {
                    return;
                }
                lastError = t;
                engine.reportError("hydration into " + path + " failed (reads stay on the replica; retrying)", t);
                HydrationListener l = listener;
                if (l != null) {
                    l.onError(t);
                }
                sleep(backoff);
                backoff = Math.min(30_000, backoff * 2);
            }
        }
    }

    private void run() throws IOException, InterruptedException {
        DatabaseState start = engine.pin();
        try {
            while (start.pageSize() == 0 && !stopped) {
                engine.unpin(start);
                awaitChange(null);
                start = engine.pin();
            }
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
        completeNanos = System.nanoTime();
        LOG.log(System.Logger.Level.INFO, "hydrated '" + engine.name + "' into " + path + " in "
                + Duration.ofNanos(completeNanos - startNanos).toMillis() + " ms; reads are local from now on");
        HydrationListener l = listener;
        if (l != null) {
            l.onComplete(progress());
        }
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
                engine.unpin(target);
            }
            if (persistent && System.nanoTime() - lastRecord > TimeUnit.SECONDS.toNanos(5)) {
                recordComplete(fileState);
                lastRecord = System.nanoTime();
            }
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
            if (current == null || next.version() != current.version()) {
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
            if (s != null && completeNanos != 0 && persistent) {
                recordComplete(s);
            }
            f.close();
        } catch (IOException e) {
            engine.reportError("closing the hydrated copy " + path + " failed", e);
        }
    }

    /** Crash: stop without recording anything. */
    void abandon() {
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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
