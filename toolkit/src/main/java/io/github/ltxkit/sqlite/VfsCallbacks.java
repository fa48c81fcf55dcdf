package io.github.ltxkit.sqlite;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One registered VFS: its {@code sqlite3_vfs} struct and the VFS-level upcalls. Main database files go to the
 * {@link VfsHandler}; journals and temporary files go to SQLite's native default VFS (at a path the handler
 * chooses), so their I/O stays native. WAL files are refused: the VFS presents databases in rollback-journal mode.
 *
 * <p>Thread-safe: SQLite calls these from any connection's thread; the only state is a concurrent cache of native
 * path strings, which live in the global arena because SQLite's native file keeps pointing at them.
 */
final class VfsCallbacks {
    static final String SELF_TEST_PREFIX = "ltxkit-vfs-self-test-";

    private final String name;
    private final VfsHandler handler;
    private final FileCallbacks files;
    private final FileCallbacks.ErrorSink errors;
    private final MemorySegment nativeVfs;
    private final MethodHandle nativeOpen;
    private final MethodHandle nativeDelete;
    private final MethodHandle nativeAccess;
    private final int szOsFile;
    private final int maxPathname;
    private final MemorySegment struct;
    /** Lock calls seen by self-test files of this registration. */
    private final java.util.concurrent.atomic.AtomicInteger selfTestLocks = new java.util.concurrent.atomic.AtomicInteger();
    /** Native copies of auxiliary paths, by path; never freed (bounded by the number of databases). */
    private final Map<String, MemorySegment> nativePaths = new ConcurrentHashMap<>();

    VfsCallbacks(String name, VfsHandler handler, FileCallbacks files, FileCallbacks.ErrorSink errors,
                 MemorySegment nativeVfs) {
        this.name = name;
        this.handler = handler;
        this.files = files;
        this.errors = errors;
        this.nativeVfs = nativeVfs;
        Linker linker = Linker.nativeLinker();
        this.nativeOpen = linker.downcallHandle(nativeVfs.get(SqliteAbi.PTR, SqliteAbi.VFS_X_OPEN), SqliteAbi.X_OPEN);
        this.nativeDelete = linker.downcallHandle(nativeVfs.get(SqliteAbi.PTR, SqliteAbi.VFS_X_DELETE),
                SqliteAbi.X_DELETE);
        this.nativeAccess = linker.downcallHandle(nativeVfs.get(SqliteAbi.PTR, SqliteAbi.VFS_X_ACCESS),
                SqliteAbi.X_ACCESS);
        this.szOsFile = Math.max(SqliteAbi.OUR_FILE_SIZE, nativeVfs.get(SqliteAbi.INT, SqliteAbi.VFS_SZ_OS_FILE));
        this.maxPathname = nativeVfs.get(SqliteAbi.INT, SqliteAbi.VFS_MX_PATHNAME);
        this.struct = build();
    }

    String name() {
        return name;
    }

    MemorySegment struct() {
        return struct;
    }

    int selfTestLocks() {
        return selfTestLocks.get();
    }

    int xOpen(MemorySegment vfs, MemorySegment zName, MemorySegment pFile, int flags, MemorySegment pOutFlags) {
        MemorySegment file;
        try {
            file = pFile.reinterpret(szOsFile);
            file.set(SqliteAbi.PTR, SqliteAbi.FILE_P_METHODS, MemorySegment.NULL);
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.CANTOPEN, "open", t);
        }
        try {
            boolean main = (flags & SqliteAbi.OPEN_MAIN_DB) != 0 && !zName.equals(MemorySegment.NULL);
            if (main) {
                String fileName = SqliteAbi.string(zName, maxPathname + 1);
                MainFile f = fileName.startsWith(SELF_TEST_PREFIX) ? new SelfTestFile(selfTestLocks)
                        : handler.openMainFile(fileName, uriParameters(zName, fileName), OpenFlags.of(flags));
                int outFlags = f.readOnly()
                        ? (flags & ~(SqliteAbi.OPEN_READWRITE | SqliteAbi.OPEN_CREATE)) | SqliteAbi.OPEN_READONLY
                        : flags;
                files.attach(file, f);
                if (!pOutFlags.equals(MemorySegment.NULL)) {
                    pOutFlags.reinterpret(4).set(SqliteAbi.INT, 0, outFlags);
                }
                return SqliteAbi.OK;
            }
            if ((flags & SqliteAbi.OPEN_WAL) != 0) {
                return errors.fail(SqliteAbi.CANTOPEN, "open", new IOException("WAL files are not supported by the '"
                        + name + "' VFS: databases are presented in rollback-journal mode"));
            }
            MemorySegment path = zName.equals(MemorySegment.NULL) ? MemorySegment.NULL
                    : auxiliaryPath(SqliteAbi.string(zName, maxPathname + 1), flags);
            return (int) nativeOpen.invokeExact(nativeVfs, path, pFile, flags, pOutFlags);
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.CANTOPEN, "open", t);
        }
    }

    int xDelete(MemorySegment vfs, MemorySegment zName, int syncDir) {
        try {
            MemorySegment path = auxiliaryPath(SqliteAbi.string(zName, maxPathname + 1), 0);
            return (int) nativeDelete.invokeExact(nativeVfs, path, syncDir);
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.IOERR_DELETE, "delete", t);
        }
    }

    int xAccess(MemorySegment vfs, MemorySegment zName, int flags, MemorySegment pResOut) {
        try {
            String fileName = SqliteAbi.string(zName, maxPathname + 1);
            if (fileName.endsWith("-wal") || fileName.endsWith("-shm")) {
                pResOut.reinterpret(4).set(SqliteAbi.INT, 0, 0);
                return SqliteAbi.OK;
            }
            return (int) nativeAccess.invokeExact(nativeVfs, auxiliaryPath(fileName, 0), flags, pResOut);
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.IOERR_ACCESS, "access", t);
        }
    }

    int xFullPathname(MemorySegment vfs, MemorySegment zName, int nOut, MemorySegment zOut) {
        try {
            byte[] b = SqliteAbi.string(zName, maxPathname + 1).getBytes(StandardCharsets.UTF_8);
            if (b.length + 1 > nOut) {
                return errors.fail(SqliteAbi.CANTOPEN, "full pathname",
                        new IOException("file name longer than " + (nOut - 1) + " bytes"));
            }
            MemorySegment out = zOut.reinterpret(nOut);
            MemorySegment.copy(b, 0, out, ValueLayout.JAVA_BYTE, 0, b.length);
            out.set(ValueLayout.JAVA_BYTE, b.length, (byte) 0);
            return SqliteAbi.OK;
        } catch (Throwable t) {
            return errors.fail(SqliteAbi.CANTOPEN, "full pathname", t);
        }
    }

    /**
     * Returns the native path of an auxiliary file. For a main journal, SQLite's unix VFS stats the database file
     * named by the journal's name minus {@code -journal} to copy its permissions, so an empty placeholder is kept
     * there.
     */
    private MemorySegment auxiliaryPath(String fileName, int flags) throws IOException {
        Path path = handler.auxiliaryFilePath(fileName);
        String text = path.toString();
        if ((flags & SqliteAbi.OPEN_MAIN_JOURNAL) != 0 && text.endsWith("-journal")) {
            Path placeholder = Path.of(text.substring(0, text.length() - "-journal".length()));
            Files.createDirectories(placeholder.getParent());
            if (!Files.exists(placeholder)) {
                try {
                    Files.createFile(placeholder);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another connection created it first
                }
            }
        }
        return nativePaths.computeIfAbsent(text, p -> Arena.global().allocateFrom(p));
    }

    /** Reads the URI parameters that follow a main database file name ({@code key\0value\0...\0}). */
    static Map<String, String> uriParameters(MemorySegment zName, String fileName) {
        Map<String, String> params = new LinkedHashMap<>();
        int limit = 1 << 16;
        MemorySegment s = zName.reinterpret(fileName.getBytes(StandardCharsets.UTF_8).length + 1L + limit);
        long pos = fileName.getBytes(StandardCharsets.UTF_8).length + 1L;
        while (true) {
            String key = SqliteAbi.string(s.asSlice(pos), (int) Math.min(limit, s.byteSize() - pos));
            if (key.isEmpty()) {
                return params;
            }
            pos += key.getBytes(StandardCharsets.UTF_8).length + 1L;
            String value = SqliteAbi.string(s.asSlice(pos), (int) Math.min(limit, s.byteSize() - pos));
            pos += value.getBytes(StandardCharsets.UTF_8).length + 1L;
            params.put(key, value);
        }
    }

    private MemorySegment build() {
        try {
            Arena arena = Arena.global();
            MemorySegment v = arena.allocate(SqliteAbi.VFS_SIZE, 8);
            MemorySegment.copy(nativeVfs, 0, v, 0, SqliteAbi.VFS_SIZE);
            v.set(SqliteAbi.INT, SqliteAbi.VFS_I_VERSION, 2);
            v.set(SqliteAbi.INT, SqliteAbi.VFS_SZ_OS_FILE, szOsFile);
            v.set(SqliteAbi.PTR, SqliteAbi.VFS_P_NEXT, MemorySegment.NULL);
            v.set(SqliteAbi.PTR, SqliteAbi.VFS_Z_NAME, arena.allocateFrom(name));
            v.set(SqliteAbi.PTR, SqliteAbi.VFS_P_APP_DATA, MemorySegment.NULL);
            for (long off = SqliteAbi.VFS_X_CURRENT_TIME_INT64 + 8; off < SqliteAbi.VFS_SIZE; off += 8) {
                v.set(SqliteAbi.PTR, off, MemorySegment.NULL);
            }
            stub(v, SqliteAbi.VFS_X_OPEN, "xOpen", SqliteAbi.X_OPEN, SqliteAbi.CANTOPEN);
            stub(v, SqliteAbi.VFS_X_DELETE, "xDelete", SqliteAbi.X_DELETE, SqliteAbi.IOERR_DELETE);
            stub(v, SqliteAbi.VFS_X_ACCESS, "xAccess", SqliteAbi.X_ACCESS, SqliteAbi.IOERR_ACCESS);
            stub(v, SqliteAbi.VFS_X_FULL_PATHNAME, "xFullPathname", SqliteAbi.X_FULL_PATHNAME, SqliteAbi.CANTOPEN);
            return v;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build the sqlite3_vfs of '" + name + "'", e);
        }
    }

    private void stub(MemorySegment vfs, long offset, String method, FunctionDescriptor fd, int onThrow)
            throws ReflectiveOperationException {
        MethodHandle target = MethodHandles.lookup().findVirtual(VfsCallbacks.class, method, fd.toMethodType())
                .bindTo(this);
        vfs.set(SqliteAbi.PTR, offset, Linker.nativeLinker().upcallStub(Upcalls.guard(target, onThrow), fd,
                Arena.global()));
    }
}
