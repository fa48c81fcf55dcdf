package io.github.ltxkit.vfs;

import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.sqlite.SqliteVfsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One database served from its replica: the state every connection of the database in this JVM shares.
 *
 * <p>It publishes immutable {@link DatabaseState}s; a connection pins one for each read transaction (snapshot
 * isolation), so readers never block the writer and never see a half-applied update. It owns the single-writer
 * slot (the RESERVED lock) and serves pages from, in order, the write buffer, the page cache and the replica.
 * Following the replica is the {@link Follower}'s job, uploading the {@link Syncer}'s.
 *
 * <p>Threads: SQLite calls come on JDBC threads; polls and syncs run on the VFS scheduler. {@code lock} guards the
 * published state, the pins and the writer slot; it is never held during network I/O.
 */
final class DatabaseEngine {
    private static final System.Logger LOG = System.getLogger(DatabaseEngine.class.getName());

    final String name;
    final DatabaseConfig config;
    final Replica replica;
    final ReplicaClient client;
    final VfsExecutors executors;
    final PageCache cache;
    final PageFetcher fetcher;
    /** Local copies of scanned LTX files; null when read-ahead is off. */
    final LocalLtxCopies localCopies;
    final Path auxiliaryDir;
    final EngineEvents events;
    final Follower follower;
    /** Null when the database is read-only. */
    final Syncer syncer;
    /** Null when hydration is off. */
    final Hydration hydration;
    /** Null unless the database is writable with compaction or snapshots configured. */
    final Compaction compaction;

    final ReentrantLock lock = new ReentrantLock();
    final Condition stateChanged = lock.newCondition();
    /** The newest state; written under {@code lock}, read freely. */
    private volatile DatabaseState current;
    /** Guarded by {@code lock}: how many connections read each pinned state. */
    private final Map<DatabaseState, Integer> pins = new IdentityHashMap<>();
    /** Guarded by {@code lock}: the connection holding RESERVED or higher, or null. */
    private Object writer;
    /** Pages served to SQLite (all sources); counts what SQLite's own cache did not hold. */
    final java.util.concurrent.atomic.LongAdder pagesServed = new java.util.concurrent.atomic.LongAdder();
    /** Set once by crash() or close(); every later call fails. */
    private volatile String deadReason;

    DatabaseEngine(String name, DatabaseConfig config, Replica replica, VfsExecutors executors, Path auxiliaryDir,
                   EngineEvents events) {
        this.name = name;
        this.config = config;
        this.replica = replica;
        this.client = replica.client();
        this.executors = executors;
        this.cache = new PageCache(config.cacheSize());
        this.localCopies = config.readahead()
                ? new LocalLtxCopies(client, executors.fetch(), auxiliaryDir.resolve("scan-copies")) : null;
        this.fetcher = new PageFetcher(client, cache, executors.readahead(), 4L << 20, localCopies);
        this.auxiliaryDir = auxiliaryDir;
        this.events = events;
        this.current = DatabaseState.empty(ThreadLocalRandom.current().nextInt(1 << 30));
        this.follower = new Follower(this);
        this.syncer = config.writeEnabled() ? new Syncer(this) : null;
        this.hydration = config.hydrationEnabled() ? new Hydration(this, config.hydrationPath() != null
                ? config.hydrationPath() : auxiliaryDir.resolve("hydration.db"), config.hydrationPath() != null)
                : null;
        this.compaction = config.writeEnabled() && (!config.compactionLevels().isEmpty()
                || !config.snapshotInterval().isZero()) ? new Compaction(this) : null;
    }

    /** Builds the initial state (and replays the write buffer) and starts background work. */
    void start() throws IOException {
        DatabaseState initial = follower.initialState(syncer != null);
        lock.lock();
        try {
            current = initial;
        } finally {
            lock.unlock();
        }
        if (syncer != null) {
            syncer.recover();
        }
        follower.schedule();
        if (syncer != null) {
            syncer.schedule();
        }
        if (hydration != null) {
            hydration.start();
        }
        if (compaction != null) {
            compaction.schedule();
        }
    }

    DatabaseState current() {
        return current;
    }

    boolean writable() {
        return syncer != null;
    }

    /** Fails with the reason if the engine crashed or closed. */
    void checkAlive() throws IOException {
        String reason = deadReason;
        if (reason != null) {
            throw new IOException("database '" + name + "' " + reason);
        }
    }

    /** Publishes a new state; the caller holds {@code lock}. */
    void publish(DatabaseState next) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("publish without the engine lock");
        }
        current = next;
        stateChanged.signalAll();
    }

    /** Pins the newest state for a read transaction. */
    DatabaseState pin() {
        lock.lock();
        try {
            DatabaseState s = current;
            pins.merge(s, 1, Integer::sum);
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** A read transaction's view: the state it pinned, and whether it reads the hydrated copy. */
    record Pin(DatabaseState state, boolean fromCopy) {
    }

    /** Pins the newest state for a read transaction, reading the hydrated copy if it holds exactly that state. */
    Pin pinTransaction() {
        lock.lock();
        try {
            DatabaseState s = current;
            pins.merge(s, 1, Integer::sum);
            return new Pin(s, hydration != null && hydration.claim(s));
        } finally {
            lock.unlock();
        }
    }

    /** Releases a transaction's pin. */
    void unpinTransaction(Pin pin) {
        lock.lock();
        try {
            if (pin.fromCopy()) {
                hydration.release();
            }
            unpin(pin.state());
        } finally {
            lock.unlock();
        }
    }

    /** Releases a pinned state. */
    void unpin(DatabaseState s) {
        lock.lock();
        try {
            pins.computeIfPresent(s, (k, n) -> n == 1 ? null : n - 1);
            if (syncer != null) {
                syncer.maybeResetBuffer();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns whether some pinned state still reads pages from the write buffer; caller holds {@code lock}. */
    boolean pinnedStateUsesBuffer() {
        for (DatabaseState s : pins.keySet()) {
            if (s.localPages() > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gives the writer slot to {@code owner}, whose read transaction sees {@code pinned}.
     *
     * @return false if another connection holds it (SQLite's busy handler retries)
     * @throws SqliteVfsException READONLY when writes are refused (read-only database, conflict, full buffer),
     *                            BUSY_SNAPSHOT-like BUSY when {@code pinned} is no longer the newest state
     */
    boolean acquireWriter(Object owner, DatabaseState pinned) throws IOException {
        checkAlive();
        if (syncer == null) {
            throw SqliteVfsException.readOnly("database '" + name + "' is read-only (write_enabled is off)");
        }
        syncer.checkWritable();
        lock.lock();
        try {
            if (writer != null && writer != owner) {
                return false;
            }
            if (pinned != null && pinned.version() != current.version()) {
                throw SqliteVfsException.busy("database '" + name + "' changed since this transaction started "
                        + "reading (version " + pinned.version() + ", now " + current.version() + "): retry it");
            }
            writer = owner;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void releaseWriter(Object owner) {
        lock.lock();
        try {
            if (writer == owner) {
                writer = null;
                if (syncer != null) {
                    syncer.maybeResetBuffer();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    boolean writerActive() {
        lock.lock();
        try {
            return writer != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads page {@code pgno} of {@code state} into {@code page}.
     *
     * @param window read-ahead window from the connection's read pattern: pages from {@code pgno} upwards, or
     *               downwards (ending at {@code pgno}) when negative
     */
    void readPage(DatabaseState state, long pgno, byte[] page, int window) throws IOException {
        readPage(state, pgno, page, window, false);
    }

    /** Reads a page; {@code fromCopy} when the caller's transaction reads the hydrated copy. */
    void readPage(DatabaseState state, long pgno, byte[] page, int window, boolean fromCopy) throws IOException {
        checkAlive();
        pagesServed.increment();
        if (fromCopy) {
            hydration.readPage(pgno, page);
            return;
        }
        Object source = state.pages().source(pgno);
        if (source instanceof WriteBuffer buffer) {
            buffer.readPage(state.pages().position(pgno), ByteBuffer.wrap(page));
        } else if (source instanceof RemoteFile) {
            byte[] bytes;
            try {
                bytes = fetcher.read(state, pgno, window);
            } catch (PageFetcher.FileGoneException gone) {
                bytes = follower.readFromRestatedHistory(state, pgno, gone);
            }
            System.arraycopy(bytes, 0, page, 0, page.length);
        } else if (pgno == io.github.ltxkit.ltx.Ltx.lockPgno(state.pageSize()) || syncer != null) {
            java.util.Arrays.fill(page, (byte) 0);
        } else {
            throw new IOException("page " + pgno + " of '" + name + "' (size " + state.commit()
                    + " pages, TXID " + io.github.ltxkit.ltx.Ltx.formatTxid(state.txid())
                    + ") is in no LTX file of the replica: the replica is incomplete");
        }
    }

    /** Records a problem for the database handle and the log. */
    void reportError(String what, Throwable t) {
        events.error(what + ": " + (t.getMessage() == null ? t.toString() : t.getMessage()));
        LOG.log(System.Logger.Level.WARNING, "database '" + name + "': " + what + ": " + t.getMessage());
    }

    /** Stops everything at once, as a killed process would: no upload, no cleanup. */
    void crash(String reason) {
        deadReason = reason;
        follower.stop();
        if (compaction != null) {
            compaction.stop();
        }
        if (syncer != null) {
            syncer.abandon();
        }
        if (hydration != null) {
            hydration.abandon();
        }
        if (localCopies != null) {
            localCopies.close(); // a cache of remote bytes: nothing a restarted process would find
        }
        lock.lock();
        try {
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Uploads what is pending (within the close timeout) and stops. */
    void close() {
        if (deadReason != null) {
            return;
        }
        follower.stop();
        if (compaction != null) {
            compaction.stop();
        }
        try {
            if (syncer != null) {
                syncer.closeWithFinalSync();
            }
            if (hydration != null) {
                hydration.close();
            }
        } finally {
            deadReason = "is closed";
            if (localCopies != null) {
                localCopies.close();
            }
        }
    }

    boolean alive() {
        return deadReason == null;
    }

    /** Hydration progress in percent with one decimal, "0" when hydration is off. */
    String hydrationProgress() {
        return hydration == null ? "0" : String.format(java.util.Locale.ROOT, "%.1f",
                hydration.progress().percent());
    }

    /** The hydrated copy's path, "" when hydration is off. */
    String hydrationFile() {
        return hydration == null ? "" : hydration.path().toString();
    }

    /** Deletes the hydrated copy and its metadata (a lost machine). */
    void deleteHydrationFiles() throws IOException {
        if (hydration != null) {
            io.github.ltxkit.hydrate.HydrationFile.delete(hydration.path());
        }
    }

    Instant lastPollSuccess() {
        return follower.lastSuccess();
    }
}
