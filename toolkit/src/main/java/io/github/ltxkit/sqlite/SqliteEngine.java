package io.github.ltxkit.sqlite;

import java.lang.foreign.MemorySegment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The SQLite engine inside sqlite-jdbc, reached through the Foreign Function &amp; Memory API, where Java VFSes
 * are registered.
 *
 * <p>There is one engine per process (sqlite-jdbc loads one native library per class loader), so this class has
 * one instance per class loader, bound on first use by {@link #get()}; binding checks every layout it relies on and
 * fails with a message naming the mismatch. Registration uses SQLite's own {@code sqlite3_vfs_register} and proves
 * itself by opening a connection on the new VFS. Thread-safe.
 */
public final class SqliteEngine {
    private static final System.Logger LOG = System.getLogger(SqliteEngine.class.getName());

    private final EngineLocator.Engine engine;
    private final FileCallbacks files;
    /** The last VFS error of each thread that called into a VFS. */
    private final ThreadLocal<String> lastError = new ThreadLocal<>();
    /** Registered VFSes by name; registration and removal are serialized by {@code this}. */
    private final Map<String, VfsCallbacks> registered = new ConcurrentHashMap<>();

    private static final class Holder {
        static final Object ENGINE = bind();

        private static Object bind() {
            try {
                return new SqliteEngine(EngineLocator.locate());
            } catch (Throwable t) {
                return t;
            }
        }
    }

    private SqliteEngine(EngineLocator.Engine engine) {
        this.engine = engine;
        this.files = new FileCallbacks(this::fail, engine.api());
    }

    /**
     * Returns the engine, binding to it on first use.
     *
     * @throws IllegalStateException if the engine cannot be bound safely; the message says which check failed
     */
    public static SqliteEngine get() {
        Object bound = Holder.ENGINE;
        if (bound instanceof SqliteEngine e) {
            return e;
        }
        Throwable t = (Throwable) bound;
        throw new IllegalStateException("ltxkit cannot register a VFS in this JVM: " + t.getMessage()
                + " (run with --enable-native-access=ALL-UNNAMED on JDK 22 or newer)", t);
    }

    /** Returns the version of the SQLite library inside sqlite-jdbc, e.g. {@code 3.54.1}. */
    public String sqliteVersion() {
        return engine.version();
    }

    /**
     * Registers a VFS named {@code name} (not as the default VFS) and proves it works by opening a connection on it.
     *
     * @throws IllegalStateException if a VFS of that name exists or the self-test fails
     */
    public synchronized void register(String name, VfsHandler handler) {
        if (name == null || name.isEmpty() || name.length() > 100 || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("invalid VFS name: '" + name + "' (letters, digits, '_', '.', '-')");
        }
        if (registered.containsKey(name)) {
            throw new IllegalStateException("a VFS named '" + name + "' is already registered by ltxkit");
        }
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            if (!engine.api().vfsFind(arena.allocateFrom(name)).equals(MemorySegment.NULL)) {
                throw new IllegalStateException("SQLite already has a VFS named '" + name + "'");
            }
        }
        VfsCallbacks vfs = new VfsCallbacks(name, handler, files, this::fail, engine.defaultVfs());
        int rc = engine.api().vfsRegister(vfs.struct(), false);
        if (rc != SqliteAbi.OK) {
            throw new IllegalStateException("sqlite3_vfs_register('" + name + "') returned " + rc);
        }
        registered.put(name, vfs);
        try {
            selfTest(vfs);
        } catch (RuntimeException e) {
            unregister(name);
            throw e;
        }
    }

    /** Removes a VFS registered by {@link #register}; connections still open on it keep working. */
    public synchronized void unregister(String name) {
        VfsCallbacks vfs = registered.remove(name);
        if (vfs != null) {
            engine.api().vfsUnregister(vfs.struct());
        }
    }

    /** Returns whether ltxkit registered a VFS of this name. */
    public boolean isRegistered(String name) {
        return registered.containsKey(name);
    }

    /** Returns the message of the last VFS error on the calling thread, or {@code null}. */
    public String lastError() {
        return lastError.get();
    }

    /** Forgets the calling thread's last VFS error. */
    public void clearLastError() {
        lastError.remove();
    }

    private void selfTest(VfsCallbacks vfs) {
        String file = VfsCallbacks.SELF_TEST_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong());
        int before = vfs.selfTestLocks();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?vfs=" + vfs.name());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("pragma schema_version")) {
            r.next();
            long used = EngineLocator.firstMember(c).address();
            if (used != vfs.struct().address()) {
                throw new IllegalStateException("self-test of VFS '" + vfs.name() + "': the connection uses VFS at 0x"
                        + Long.toHexString(used) + ", not the registered one");
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("self-test of VFS '" + vfs.name() + "' failed: " + e.getMessage(), e);
        }
        if (vfs.selfTestLocks() == before) {
            throw new IllegalStateException("self-test of VFS '" + vfs.name() + "': SQLite never called it");
        }
    }

    /** Records a failed upcall; returns the code to give SQLite. Never throws. */
    private int fail(int code, String what, Throwable t) {
        try {
            int result = t instanceof SqliteVfsException e ? e.resultCode() : code;
            String message = t.getMessage() == null ? t.toString() : t.getMessage();
            lastError.set(message);
            if (result != SqliteAbi.BUSY && result != SqliteAbi.READONLY) {
                LOG.log(System.Logger.Level.WARNING, "VFS " + what + " failed: " + message, t);
            }
            return result;
        } catch (Throwable ignored) {
            return code;
        }
    }
}
