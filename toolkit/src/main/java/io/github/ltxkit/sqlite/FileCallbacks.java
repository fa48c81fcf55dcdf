package io.github.ltxkit.sqlite;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one {@code sqlite3_io_methods} (version 1) shared by every main database file the bridge opens, and the
 * table that maps each open {@code sqlite3_file} to its Java {@link MainFile}.
 *
 * <p>Every upcall catches {@link Throwable}, records the message as the calling thread's last VFS error and
 * returns an SQLite error code; the stubs are additionally wrapped with {@code catchException}, so nothing that
 * happens in Java can unwind into SQLite and crash the JVM. Thread-safe: the handle table is concurrent and
 * SQLite never calls one file from two threads at once.
 */
final class FileCallbacks {
    private static final int SECTOR_SIZE = 4096;
    private static final int IOCAP_POWERSAFE_OVERWRITE = 0x00001000;

    private final ErrorSink errors;
    private final SqliteApi api;
    private final MemorySegment ioMethods;
    /** Open files by handle; concurrent map, entries owned by the connection that opened them. */
    private final Map<Long, MainFile> files = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);

    FileCallbacks(ErrorSink errors, SqliteApi api) {
        this.errors = errors;
        this.api = api;
        this.ioMethods = build();
    }

    /** Records what failed; implemented by the engine. */
    interface ErrorSink {
        int fail(int code, String what, Throwable t);
    }

    /** Installs {@code file} into SQLite's {@code sqlite3_file} memory. */
    void attach(MemorySegment pFile, MainFile file) {
        long handle = nextHandle.getAndIncrement();
        files.put(handle, file);
        pFile.set(SqliteAbi.LONG, SqliteAbi.FILE_HANDLE, handle);
        pFile.set(SqliteAbi.PTR, SqliteAbi.FILE_P_METHODS, ioMethods);
    }

    int openFiles() {
        return files.size();
    }

    private MainFile file(MemorySegment pFile) {
        long handle = pFile.reinterpret(SqliteAbi.OUR_FILE_SIZE).get(SqliteAbi.LONG, SqliteAbi.FILE_HANDLE);
        MainFile f = files.get(handle);
        if (f == null) {
            throw new IllegalStateException("no open file with handle " + handle);
        }
        return f;
    }

    int xClose(MemorySegment pFile) {
        long handle = pFile.reinterpret(SqliteAbi.OUR_FILE_SIZE).get(SqliteAbi.LONG, SqliteAbi.FILE_HANDLE);
        MainFile f = files.remove(handle);
        if (f == null) {
            return SqliteAbi.OK;
        }
        try {
            f.close();
            return SqliteAbi.OK;
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.IOERR_CLOSE, "close", t);
        }
    }

    int xRead(MemorySegment pFile, MemorySegment buf, int amount, long offset) {
        try {
            MemorySegment dst = buf.reinterpret(amount);
            int n = file(pFile).read(dst.asByteBuffer(), offset);
            if (n < amount) {
                dst.asSlice(Math.max(n, 0)).fill((byte) 0);
                return SqliteAbi.IOERR_SHORT_READ;
            }
            return SqliteAbi.OK;
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.IOERR_READ, "read " + amount + " bytes at offset " + offset, t);
        }
    }

    int xWrite(MemorySegment pFile, MemorySegment buf, int amount, long offset) {
        try {
            ByteBuffer src = buf.reinterpret(amount).asByteBuffer().asReadOnlyBuffer();
            file(pFile).write(src, offset);
            return SqliteAbi.OK;
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.IOERR_WRITE, "write " + amount + " bytes at offset " + offset, t);
        }
    }

    int xTruncate(MemorySegment pFile, long size) {
        try {
            file(pFile).truncate(size);
            return SqliteAbi.OK;
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.IOERR_TRUNCATE, "truncate to " + size, t);
        }
    }

    int xSync(MemorySegment pFile, int flags) {
        try {
            file(pFile).sync(flags);
            return SqliteAbi.OK;
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.IOERR_FSYNC, "sync", t);
        }
    }

    int xFileSize(MemorySegment pFile, MemorySegment pSize) {
        try {
            long size = file(pFile).size();
            pSize.reinterpret(8).set(SqliteAbi.LONG, 0, size);
            return SqliteAbi.OK;
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.IOERR_FSTAT, "file size", t);
        }
    }

    int xLock(MemorySegment pFile, int level) {
        try {
            return file(pFile).lock(LockLevel.of(level)) ? SqliteAbi.OK : SqliteAbi.BUSY;
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.IOERR_LOCK, "lock " + level, t);
        }
    }

    int xUnlock(MemorySegment pFile, int level) {
        try {
            file(pFile).unlock(LockLevel.of(level));
            return SqliteAbi.OK;
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.IOERR_UNLOCK, "unlock " + level, t);
        }
    }

    int xCheckReservedLock(MemorySegment pFile, MemorySegment pResOut) {
        try {
            pResOut.reinterpret(4).set(SqliteAbi.INT, 0, file(pFile).reservedLockHeld() ? 1 : 0);
            return SqliteAbi.OK;
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.IOERR_LOCK, "check reserved lock", t);
        }
    }

    int xFileControl(MemorySegment pFile, int op, MemorySegment pArg) {
        if (op == SqliteAbi.FCNTL_COMMIT_PHASETWO) {
            try {
                file(pFile).commitPhaseTwo();
                return SqliteAbi.OK;
            } catch (Throwable t) {
                return errors.fail(SqliteAbi.IOERR, "commit", t);
            }
        }
        if (op != SqliteAbi.FCNTL_PRAGMA) {
            return SqliteAbi.NOTFOUND;
        }
        MemorySegment args;
        try {
            args = pArg.reinterpret(3 * SqliteAbi.POINTER_SIZE);
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.ERROR, "pragma", t);
        }
        try {
            String name = SqliteAbi.string(args.get(SqliteAbi.PTR, 8), 4096);
            String value = SqliteAbi.string(args.get(SqliteAbi.PTR, 16), 1 << 20);
            PragmaResult result = file(pFile).pragma(name, value);
            if (result instanceof PragmaResult.Value(String text)) {
                if (text != null) {
                    MemorySegment s = api.mallocString(text);
                    if (s.equals(MemorySegment.NULL)) {
                        return SqliteAbi.NOMEM;
                    }
                    args.set(SqliteAbi.PTR, 0, s);
                }
                return SqliteAbi.OK;
            }
            return SqliteAbi.NOTFOUND;
        } catch (Throwable t) {
            int code = errors.fail(SqliteAbi.ERROR, "pragma", t);
            try {
                MemorySegment s = api.mallocString(String.valueOf(t.getMessage()));
                if (!s.equals(MemorySegment.NULL)) {
                    args.set(SqliteAbi.PTR, 0, s);
                }
            } catch (Throwable ignored) {
                // the code alone still reaches SQLite
            }
            return code == SqliteAbi.IOERR ? SqliteAbi.ERROR : code;
        }
    }

    int xSectorSize(MemorySegment pFile) {
        return SECTOR_SIZE;
    }

    int xDeviceCharacteristics(MemorySegment pFile) {
        return IOCAP_POWERSAFE_OVERWRITE;
    }

    private MemorySegment build() {
        try {
            Arena arena = Arena.global();
            MemorySegment m = arena.allocate(SqliteAbi.IO_SIZE, 8);
            m.set(SqliteAbi.INT, SqliteAbi.IO_I_VERSION, 1);
            stub(m, SqliteAbi.IO_X_CLOSE, "xClose", SqliteAbi.IO_CLOSE, SqliteAbi.IOERR_CLOSE);
            stub(m, SqliteAbi.IO_X_READ, "xRead", SqliteAbi.IO_READ, SqliteAbi.IOERR_READ);
            stub(m, SqliteAbi.IO_X_WRITE, "xWrite", SqliteAbi.IO_WRITE, SqliteAbi.IOERR_WRITE);
            stub(m, SqliteAbi.IO_X_TRUNCATE, "xTruncate", SqliteAbi.IO_TRUNCATE, SqliteAbi.IOERR_TRUNCATE);
            stub(m, SqliteAbi.IO_X_SYNC, "xSync", SqliteAbi.IO_SYNC, SqliteAbi.IOERR_FSYNC);
            stub(m, SqliteAbi.IO_X_FILE_SIZE, "xFileSize", SqliteAbi.IO_FILE_SIZE, SqliteAbi.IOERR_FSTAT);
            stub(m, SqliteAbi.IO_X_LOCK, "xLock", SqliteAbi.IO_LOCK, SqliteAbi.IOERR_LOCK);
            stub(m, SqliteAbi.IO_X_UNLOCK, "xUnlock", SqliteAbi.IO_LOCK, SqliteAbi.IOERR_UNLOCK);
            stub(m, SqliteAbi.IO_X_CHECK_RESERVED_LOCK, "xCheckReservedLock", SqliteAbi.IO_CHECK_RESERVED_LOCK,
                    SqliteAbi.IOERR_LOCK);
            stub(m, SqliteAbi.IO_X_FILE_CONTROL, "xFileControl", SqliteAbi.IO_FILE_CONTROL, SqliteAbi.ERROR);
            stub(m, SqliteAbi.IO_X_SECTOR_SIZE, "xSectorSize", SqliteAbi.IO_SECTOR_SIZE, SECTOR_SIZE);
            stub(m, SqliteAbi.IO_X_DEVICE_CHARACTERISTICS, "xDeviceCharacteristics", SqliteAbi.IO_SECTOR_SIZE, 0);
            return m;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build sqlite3_io_methods", e);
        }
    }

    private void stub(MemorySegment methods, long offset, String name, FunctionDescriptor fd, int onThrow)
            throws ReflectiveOperationException {
        MethodType type = fd.toMethodType();
        MethodHandle target = MethodHandles.lookup().findVirtual(FileCallbacks.class, name, type).bindTo(this);
        methods.set(SqliteAbi.PTR, offset, Linker.nativeLinker().upcallStub(Upcalls.guard(target, onThrow), fd,
                Arena.global()));
    }
}
