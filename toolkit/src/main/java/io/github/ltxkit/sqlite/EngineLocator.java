package io.github.ltxkit.sqlite;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.sqlite.SQLiteConnection;

/**
 * Finds the SQLite engine that sqlite-jdbc loaded and obtains its API table, in pure Java.
 *
 * <p>sqlite-jdbc exports no {@code sqlite3_*} symbols. The engine is reached through a connection's
 * {@code sqlite3*} ({@code NativeDB.pointer}), whose first member is {@code pVfs}, the default VFS. A temporary
 * clone of that VFS is linked into SQLite's VFS list with Java {@code xDlOpen}/{@code xDlSym}; a connection opened
 * with it runs {@code load_extension}, which SQLite resolves through that VFS and then calls with
 * {@code &sqlite3Apis}, the table every extension receives. From then on the bridge uses SQLite's own,
 * mutex-protected {@code sqlite3_vfs_register}, {@code sqlite3_malloc} and friends, and the clone is unregistered.
 *
 * <p>Each assumption is checked before it is relied on: pointers must lie in the library's mappings, the VFS
 * struct must look sane, a connection opened on the clone must report the clone as its {@code pVfs}, and the API
 * table must return the version and source id SQL reports. Any mismatch stops with an
 * {@link IllegalStateException} naming it; nothing is guessed.
 */
final class EngineLocator {
    private static final String CAPTURE_SYMBOL = "ltxkit_capture_api";
    private static final String CAPTURE_LIBRARY = "ltxkit-api";

    /** What the locator found. */
    record Engine(MemorySegment defaultVfs, SqliteApi api, String version, ProcessMaps library) {
    }

    // Written by the capture upcall on the bootstrap connection's thread, read after load_extension returns.
    private final AtomicReference<MemorySegment> capturedApi = new AtomicReference<>();
    // Confined to the thread running locate(): the bootstrap VFS and the capture upcall it installs.
    private MemorySegment bootstrapVfs;
    private MemorySegment captureStub;

    private EngineLocator() {
    }

    static Engine locate() {
        try {
            return new EngineLocator().run();
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot bind to the SQLite engine of sqlite-jdbc: " + e, e);
        }
    }

    private Engine run() throws Throwable {
        String version;
        String sourceId;
        MemorySegment defaultVfs;
        ProcessMaps library;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            version = query(c, "select sqlite_version()");
            sourceId = query(c, "select sqlite_source_id()");
            library = ProcessMaps.of("sqlitejdbc");
            defaultVfs = firstMember(c);
        }
        checkVfs(defaultVfs, library, "the default VFS");
        bootstrapVfs = cloneWithLoaderHooks(defaultVfs);
        splice(defaultVfs, bootstrapVfs);
        Path probe = Files.createTempFile("ltxkit-bootstrap-", ".db");
        try {
            String name = SqliteAbi.string(bootstrapVfs.get(SqliteAbi.PTR, SqliteAbi.VFS_Z_NAME), 128);
            Properties props = new Properties();
            props.setProperty("enable_load_extension", "true");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + probe + "?vfs=" + name, props)) {
                MemorySegment used = firstMember(c);
                if (used.address() != bootstrapVfs.address()) {
                    throw new IllegalStateException("layout mismatch: a connection opened with ?vfs=" + name
                            + " reports pVfs " + used + ", not the bootstrap VFS " + bootstrapVfs
                            + " (struct sqlite3 no longer starts with pVfs)");
                }
                try (Statement s = c.createStatement()) {
                    s.execute("select load_extension('" + CAPTURE_LIBRARY + "', '" + CAPTURE_SYMBOL + "')");
                }
            }
        } finally {
            Files.deleteIfExists(probe);
        }
        MemorySegment table = capturedApi.get();
        if (table == null || !library.contains(table.address(), 8L * SqliteAbi.API_MIN_SLOTS)) {
            throw new IllegalStateException("load_extension did not hand over an API table inside " + library.library()
                    + ": " + table);
        }
        SqliteApi api = SqliteApi.bind(table.reinterpret(8L * SqliteAbi.API_MIN_SLOTS), library);
        int number = api.libversionNumber();
        if (number != versionNumber(version)) {
            throw new IllegalStateException("API table mismatch: sqlite3_libversion_number() = " + number
                    + " but SQL reports version " + version);
        }
        if (!sourceId.equals(api.sourceid())) {
            throw new IllegalStateException("API table mismatch: sqlite3_sourceid() differs from SQL's source id");
        }
        if (api.vfsFind(MemorySegment.NULL).address() != defaultVfs.address()) {
            throw new IllegalStateException("API table mismatch: sqlite3_vfs_find(NULL) is not the default VFS");
        }
        int rc = api.vfsUnregister(bootstrapVfs);
        if (rc != SqliteAbi.OK) {
            throw new IllegalStateException("cannot unregister the bootstrap VFS: SQLite result " + rc);
        }
        return new Engine(defaultVfs, api, version, library);
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    /** Returns {@code *(sqlite3_vfs**) db} for a connection: its VFS, the first member of {@code struct sqlite3}. */
    static MemorySegment firstMember(Connection c) throws Exception {
        Object db = c.unwrap(SQLiteConnection.class).getDatabase();
        Field pointer = findField(db.getClass(), "pointer");
        long address;
        try {
            pointer.setAccessible(true);
            address = pointer.getLong(db);
        } catch (RuntimeException | IllegalAccessException e) {
            throw new IllegalStateException("cannot read org.sqlite.core.NativeDB.pointer (on the module path, add "
                    + "--add-opens org.xerial.sqlitejdbc/org.sqlite.core=ALL-UNNAMED or your module): " + e, e);
        }
        if (address == 0 || (address & 7) != 0) {
            throw new IllegalStateException("NativeDB.pointer does not look like a sqlite3*: 0x"
                    + Long.toHexString(address));
        }
        MemorySegment vfs = MemorySegment.ofAddress(address).reinterpret(SqliteAbi.POINTER_SIZE)
                .get(SqliteAbi.PTR, 0);
        if (vfs.equals(MemorySegment.NULL) || (vfs.address() & 7) != 0) {
            throw new IllegalStateException("the connection's first member is not a VFS pointer: " + vfs);
        }
        return vfs.reinterpret(SqliteAbi.VFS_SIZE);
    }

    private static Field findField(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // keep looking in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name + " (sqlite-jdbc internals changed)");
    }

    /** Checks that a VFS struct lies in the library and has plausible members. */
    static void checkVfs(MemorySegment vfs, ProcessMaps library, String what) {
        if (!library.contains(vfs.address(), SqliteAbi.VFS_SIZE)) {
            throw new IllegalStateException(what + " at " + vfs + " is not inside " + library.library());
        }
        int version = vfs.get(SqliteAbi.INT, SqliteAbi.VFS_I_VERSION);
        int szOsFile = vfs.get(SqliteAbi.INT, SqliteAbi.VFS_SZ_OS_FILE);
        int mxPathname = vfs.get(SqliteAbi.INT, SqliteAbi.VFS_MX_PATHNAME);
        MemorySegment zName = vfs.get(SqliteAbi.PTR, SqliteAbi.VFS_Z_NAME);
        if (version < 1 || version > 3 || szOsFile <= 0 || szOsFile > 4096 || mxPathname < 64
                || mxPathname > 65536 || !library.contains(zName.address(), 1)) {
            throw new IllegalStateException(what + " does not look like a sqlite3_vfs: iVersion=" + version
                    + " szOsFile=" + szOsFile + " mxPathname=" + mxPathname + " zName=" + zName);
        }
        for (long member = SqliteAbi.VFS_X_OPEN; member <= SqliteAbi.VFS_X_GET_LAST_ERROR; member += 8) {
            MemorySegment fn = vfs.get(SqliteAbi.PTR, member);
            if (!fn.equals(MemorySegment.NULL) && !library.contains(fn.address(), 1)) {
                throw new IllegalStateException(what + " member at offset " + member + " points outside "
                        + library.library());
            }
        }
    }

    private MemorySegment cloneWithLoaderHooks(MemorySegment defaultVfs) throws Exception {
        Arena arena = Arena.global();
        MemorySegment clone = arena.allocate(SqliteAbi.VFS_SIZE, 8);
        MemorySegment.copy(defaultVfs, 0, clone, 0, SqliteAbi.VFS_SIZE);
        String name = "ltxkit-bootstrap-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        clone.set(SqliteAbi.PTR, SqliteAbi.VFS_Z_NAME, arena.allocateFrom(name));
        Linker linker = Linker.nativeLinker();
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        clone.set(SqliteAbi.PTR, SqliteAbi.VFS_X_DL_OPEN, linker.upcallStub(Upcalls.guard(lookup.findVirtual(EngineLocator.class,
                "dlOpen", MethodType.methodType(MemorySegment.class, MemorySegment.class, MemorySegment.class))
                .bindTo(this), MemorySegment.NULL), SqliteAbi.X_DL_OPEN, arena));
        clone.set(SqliteAbi.PTR, SqliteAbi.VFS_X_DL_SYM, linker.upcallStub(Upcalls.guard(lookup.findVirtual(EngineLocator.class,
                "dlSym", MethodType.methodType(MemorySegment.class, MemorySegment.class, MemorySegment.class,
                        MemorySegment.class)).bindTo(this), MemorySegment.NULL), SqliteAbi.X_DL_SYM, arena));
        clone.set(SqliteAbi.PTR, SqliteAbi.VFS_X_DL_CLOSE, linker.upcallStub(lookup.findStatic(EngineLocator.class,
                "dlClose", MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class)),
                SqliteAbi.X_DL_CLOSE, arena));
        clone.set(SqliteAbi.PTR, SqliteAbi.VFS_X_DL_ERROR, linker.upcallStub(lookup.findStatic(EngineLocator.class,
                "dlError", MethodType.methodType(void.class, MemorySegment.class, int.class, MemorySegment.class)),
                SqliteAbi.X_DL_ERROR, arena));
        captureStub = linker.upcallStub(Upcalls.guard(lookup.findVirtual(EngineLocator.class, "capture",
                MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, MemorySegment.class))
                .bindTo(this), SqliteAbi.ERROR), SqliteAbi.EXTENSION_INIT, arena);
        return clone;
    }

    /** Links {@code vfs} into SQLite's list right after the default VFS, the only step done without its mutex. */
    private static void splice(MemorySegment defaultVfs, MemorySegment vfs) {
        vfs.set(SqliteAbi.PTR, SqliteAbi.VFS_P_NEXT, defaultVfs.get(SqliteAbi.PTR, SqliteAbi.VFS_P_NEXT));
        VarHandle.fullFence();
        defaultVfs.set(SqliteAbi.PTR, SqliteAbi.VFS_P_NEXT, vfs);
        VarHandle.fullFence();
    }

    MemorySegment dlOpen(MemorySegment vfs, MemorySegment zFilename) {
        return CAPTURE_LIBRARY.equals(SqliteAbi.string(zFilename, 4096)) ? bootstrapVfs : MemorySegment.NULL;
    }

    MemorySegment dlSym(MemorySegment vfs, MemorySegment handle, MemorySegment zSymbol) {
        return handle.address() == bootstrapVfs.address() && CAPTURE_SYMBOL.equals(SqliteAbi.string(zSymbol, 256))
                ? captureStub : MemorySegment.NULL;
    }

    static void dlClose(MemorySegment vfs, MemorySegment handle) {
        // nothing was opened
    }

    static void dlError(MemorySegment vfs, int nByte, MemorySegment zErrMsg) {
        try {
            if (nByte > 0 && !zErrMsg.equals(MemorySegment.NULL)) {
                zErrMsg.reinterpret(nByte).set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0);
            }
        } catch (Throwable ignored) {
            // an upcall must never throw
        }
    }

    int capture(MemorySegment db, MemorySegment pzErrMsg, MemorySegment pApi) {
        capturedApi.set(pApi);
        return SqliteAbi.OK_LOAD_PERMANENTLY;
    }

    static int versionNumber(String version) {
        String[] p = version.split("\\.");
        return Integer.parseInt(p[0]) * 1_000_000 + Integer.parseInt(p[1]) * 1000
                + (p.length > 2 ? Integer.parseInt(p[2]) : 0);
    }
}
