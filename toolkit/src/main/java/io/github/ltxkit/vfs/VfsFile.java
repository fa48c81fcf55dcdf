package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.sqlite.LockLevel;
import io.github.ltxkit.sqlite.MainFile;
import io.github.ltxkit.sqlite.OpenFlags;
import io.github.ltxkit.sqlite.PragmaResult;
import io.github.ltxkit.sqlite.SqliteVfsException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The main database file as one SQLite connection sees it.
 *
 * <p>A SHARED lock pins the newest {@link DatabaseState} (or the time-travel state) for the whole read
 * transaction; RESERVED takes the database's writer slot and writes go to a {@link WriterTransaction} that becomes
 * visible at {@code SQLITE_FCNTL_COMMIT_PHASETWO}. Page 1 is presented in rollback-journal mode (bytes 18/19 = 1)
 * with a change counter that moves only when the content does, and the exact database size, so SQLite keeps its
 * own page cache across transactions and never sees a WAL header.
 *
 * <p>Owned by the connection's thread: SQLite never calls one file from two threads at once.
 */
final class VfsFile implements MainFile {
    private final DatabaseEngine engine;
    private final DatabaseRegistry.Lease lease;
    private final boolean readOnly;
    private final ReadPattern pattern;
    private LockLevel level = LockLevel.NONE;
    private DatabaseState pinned;
    /** The engine pin behind {@code pinned}, or null for a time-travel state. */
    private DatabaseEngine.Pin pin;
    private boolean writer;
    private WriterTransaction txn;
    /** Set by PRAGMA litestream_time; takes effect at the next transaction. */
    private DatabaseState timeTravel;
    private String timeTravelTarget;
    private boolean closed;

    VfsFile(DatabaseEngine engine, DatabaseRegistry.Lease lease, OpenFlags flags) {
        this.engine = engine;
        this.lease = lease;
        this.readOnly = flags.readOnly() || !engine.writable();
        this.pattern = ReadPattern.of(engine.config);
    }

    /** The state reads see now: the writer's base, the pinned state, or (outside a transaction) the newest. */
    private DatabaseState view() {
        if (pinned != null) {
            return pinned;
        }
        return timeTravel != null ? timeTravel : engine.current();
    }

    private int pageSize() {
        return txn != null ? txn.pageSize() : view().pageSize();
    }

    private long commit() {
        return txn != null ? txn.commit() : view().commit();
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws IOException {
        try {
            return doRead(dst, offset);
        } catch (IOException | RuntimeException e) {
            record("read at offset " + offset, e);
            throw e;
        }
    }

    /** Records a failure on the database handle; the bridge reports it to SQLite. */
    private void record(String what, Exception e) {
        if (!(e instanceof SqliteVfsException s) || s.resultCode() != 5) {
            engine.events.error(what + " of '" + engine.name + "' failed: " + e.getMessage());
        }
    }

    private int doRead(ByteBuffer dst, long offset) throws IOException {
        engine.checkAlive();
        int pageSize = pageSize();
        int wanted = dst.remaining();
        long size = commit() * pageSize;
        if (pageSize == 0 || offset >= size) {
            return 0;
        }
        int available = (int) Math.min(wanted, size - offset);
        byte[] page = new byte[pageSize];
        int done = 0;
        while (done < available) {
            long pos = offset + done;
            long pgno = pos / pageSize + 1;
            int inPage = (int) (pos % pageSize);
            int n = Math.min(available - done, pageSize - inPage);
            loadPage(pgno, page);
            dst.put(page, inPage, n);
            done += n;
        }
        return available;
    }

    private void loadPage(long pgno, byte[] page) throws IOException {
        if (txn != null && txn.has(pgno)) {
            txn.read(pgno, page);
            return;
        }
        int window = engine.config.readahead() ? pattern.onRead(pgno) : 1;
        if (window > 1 && pattern.descending()) {
            window = -window; // read ahead downwards
        }
        if (pinned == null && timeTravel == null) {
            // SQLite reads the header before it locks: pin for just this read, so it too can use the copy.
            DatabaseEngine.Pin brief = engine.pinTransaction();
            try {
                engine.readPage(brief.state(), pgno, page, window, brief.fromCopy());
                if (pgno == 1) {
                    present(page, brief.state(), brief.state().commit());
                }
            } finally {
                engine.unpinTransaction(brief);
            }
            return;
        }
        DatabaseState s = view();
        engine.readPage(s, pgno, page, window, pin != null && pin.fromCopy());
        if (pgno == 1) {
            present(page, s, txn != null ? txn.commit() : s.commit());
        }
    }

    /** Presents page 1: rollback-journal mode, the state's change counter, and the exact size. */
    private static void present(byte[] page, DatabaseState s, long commit) {
        if (page.length < 100) {
            return;
        }
        page[18] = 1;
        page[19] = 1;
        ByteBuffer b = ByteBuffer.wrap(page);
        b.putInt(24, s.changeCounter());
        b.putInt(28, (int) commit);
        b.putInt(92, s.changeCounter());
    }

    @Override
    public void write(ByteBuffer src, long offset) throws IOException {
        try {
            doWrite(src, offset);
        } catch (IOException | RuntimeException e) {
            record("write at offset " + offset, e);
            throw e;
        }
    }

    private void doWrite(ByteBuffer src, long offset) throws IOException {
        WriterTransaction t = transaction();
        int length = src.remaining();
        int pageSize = t.pageSize();
        if (pageSize == 0) {
            if (offset != 0 || !Ltx.isValidPageSize(length)) {
                throw new IOException("the first write of a new database must be page 1; got " + length
                        + " bytes at offset " + offset);
            }
            t.pageSize(length);
            pageSize = length;
        }
        if (offset % pageSize == 0 && length == pageSize) {
            byte[] page = new byte[pageSize];
            src.get(page);
            writePage(t, offset / pageSize + 1, page);
            return;
        }
        if (offset == 0 && Ltx.isValidPageSize(length) && length != pageSize) {
            throw new IOException("changing the page size of '" + engine.name + "' from " + pageSize + " to "
                    + length + " is not supported");
        }
        int done = 0;
        byte[] page = new byte[pageSize];
        while (done < length) {
            long pos = offset + done;
            long pgno = pos / pageSize + 1;
            int inPage = (int) (pos % pageSize);
            int n = Math.min(length - done, pageSize - inPage);
            if (pgno <= t.commit()) {
                loadPage(pgno, page);
            } else {
                java.util.Arrays.fill(page, (byte) 0);
            }
            src.get(page, inPage, n);
            writePage(t, pgno, page);
            done += n;
        }
    }

    private void writePage(WriterTransaction t, long pgno, byte[] page) throws IOException {
        if (pgno == Ltx.lockPgno(t.pageSize())) {
            throw new IOException("SQLite never writes the lock page " + pgno + "; refusing the write");
        }
        t.write(pgno, page);
    }

    private WriterTransaction transaction() throws IOException {
        engine.checkAlive();
        if (!writer) {
            throw SqliteVfsException.readOnly("write without the RESERVED lock on '" + engine.name + "'");
        }
        if (txn == null) {
            txn = engine.syncer.begin(view());
        }
        return txn;
    }

    @Override
    public void truncate(long size) throws IOException {
        WriterTransaction t = transaction();
        if (t.pageSize() > 0) {
            t.truncate(size / t.pageSize());
        }
    }

    @Override
    public void sync(int flags) throws IOException {
        engine.checkAlive();
        if (txn != null) {
            txn.requestSync();
        }
    }

    @Override
    public long size() throws IOException {
        engine.checkAlive();
        return commit() * pageSize();
    }

    @Override
    public boolean lock(LockLevel want) throws IOException {
        engine.checkAlive();
        if (want == LockLevel.SHARED) {
            if (pinned == null) {
                pin();
            }
        } else if (!writer) {
            try {
                if (timeTravel != null) {
                    throw SqliteVfsException.readOnly("'" + engine.name + "' is time travelling to "
                            + timeTravelTarget + "; writes are refused until PRAGMA litestream_time = 'LATEST'");
                }
                if (readOnly) {
                    throw SqliteVfsException.readOnly("'" + engine.name + "' is read-only");
                }
                if (!engine.acquireWriter(this, pinned)) {
                    return false;
                }
            } catch (IOException e) {
                record("starting a write transaction", e);
                throw e;
            }
            writer = true;
        }
        level = want;
        return true;
    }

    private void pin() {
        if (timeTravel != null) {
            pinned = timeTravel;
            pin = null;
        } else {
            pin = engine.pinTransaction();
            pinned = pin.state();
        }
    }

    private void unpin() {
        if (pin != null) {
            engine.unpinTransaction(pin);
        }
        pin = null;
        pinned = null;
    }

    @Override
    public void unlock(LockLevel want) throws IOException {
        if (writer && want.compareTo(LockLevel.RESERVED) < 0) {
            txn = null;
            writer = false;
            engine.syncer.end();
            engine.releaseWriter(this);
            if (want == LockLevel.SHARED) {
                unpin();
                pin();
            }
        }
        if (want == LockLevel.NONE) {
            unpin();
        }
        level = want;
    }

    @Override
    public boolean reservedLockHeld() {
        return engine.writerActive();
    }

    @Override
    public void commitPhaseTwo() throws IOException {
        try {
            doCommit();
        } catch (IOException | RuntimeException e) {
            record("commit", e);
            throw e;
        }
    }

    private void doCommit() throws IOException {
        engine.checkAlive();
        if (txn != null) {
            engine.syncer.commit(txn);
            txn = null;
            engine.syncer.end();
            if (writer) {
                engine.syncer.begin(engine.current()); // keeps the buffer from being emptied under the writer
                txn = null;
            }
            unpin();
            pin();
        }
    }

    @Override
    public PragmaResult pragma(String name, String value) throws IOException {
        return Pragmas.handle(this, engine, name, value);
    }

    /** Sets the time-travel target for the next transactions; {@code null} returns to the newest state. */
    void travelTo(DatabaseState state, String target) {
        timeTravel = state;
        timeTravelTarget = target;
    }

    String timeTravelTarget() {
        return timeTravelTarget;
    }

    DatabaseState currentView() {
        return view();
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (writer) {
                unlock(LockLevel.NONE);
            }
            unpin();
        } catch (IOException ignored) {
            // the connection is going away
        } finally {
            lease.release();
        }
    }
}
