package io.github.ltxkit.sqlite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test VFS keeping databases in memory, with SQLite's usual lock rules between connections of one database.
 * Records the calls the bridge makes so tests can assert on them.
 */
final class MemoryVfs implements VfsHandler {
    final Map<String, Database> databases = new ConcurrentHashMap<>();
    final Path auxiliaryDir;
    volatile boolean failReads;
    final AtomicInteger commits = new AtomicInteger();

    MemoryVfs(Path auxiliaryDir) {
        this.auxiliaryDir = auxiliaryDir;
    }

    /** One database: bytes and the lock table, guarded by {@code this}. */
    static final class Database {
        byte[] bytes = new byte[0];
        int shared;
        Object reserved;
        boolean exclusive;
        volatile Map<String, String> lastParameters;
    }

    @Override
    public MainFile openMainFile(String name, Map<String, String> uriParameters, OpenFlags flags) throws IOException {
        if (name.contains("refuse")) {
            throw SqliteVfsException.cantOpen("refusing to open " + name, null);
        }
        Database db = databases.computeIfAbsent(name, n -> new Database());
        db.lastParameters = Map.copyOf(uriParameters);
        return new File(db);
    }

    @Override
    public Path auxiliaryFilePath(String name) {
        return auxiliaryDir.resolve(name.replace('/', '_'));
    }

    final class File implements MainFile {
        private final Database db;
        private LockLevel level = LockLevel.NONE;

        File(Database db) {
            this.db = db;
        }

        @Override
        public int read(ByteBuffer dst, long offset) throws IOException {
            if (failReads) {
                throw new IOException("injected read failure at offset " + offset);
            }
            synchronized (db) {
                int n = (int) Math.max(0, Math.min(dst.remaining(), db.bytes.length - offset));
                dst.put(db.bytes, (int) Math.min(offset, db.bytes.length), n);
                return n;
            }
        }

        @Override
        public void write(ByteBuffer src, long offset) {
            synchronized (db) {
                int end = (int) offset + src.remaining();
                if (end > db.bytes.length) {
                    db.bytes = Arrays.copyOf(db.bytes, end);
                }
                src.get(db.bytes, (int) offset, src.remaining());
            }
        }

        @Override
        public void truncate(long size) {
            synchronized (db) {
                db.bytes = Arrays.copyOf(db.bytes, (int) size);
            }
        }

        @Override
        public void sync(int flags) {
        }

        @Override
        public long size() {
            synchronized (db) {
                return db.bytes.length;
            }
        }

        @Override
        public boolean lock(LockLevel want) {
            synchronized (db) {
                switch (want) {
                    case SHARED -> {
                        if (db.exclusive && db.reserved != this) {
                            return false;
                        }
                        if (level == LockLevel.NONE) {
                            db.shared++;
                        }
                    }
                    case RESERVED -> {
                        if (db.reserved != null && db.reserved != this) {
                            return false;
                        }
                        db.reserved = this;
                    }
                    case PENDING, EXCLUSIVE -> {
                        if (db.shared > 1) {
                            return false;
                        }
                        db.exclusive = true;
                    }
                    default -> {
                    }
                }
                level = want;
                return true;
            }
        }

        @Override
        public void unlock(LockLevel want) {
            synchronized (db) {
                if (level.compareTo(LockLevel.RESERVED) >= 0 && want.compareTo(LockLevel.RESERVED) < 0) {
                    db.reserved = null;
                    db.exclusive = false;
                }
                if (want == LockLevel.NONE && level != LockLevel.NONE) {
                    db.shared--;
                }
                level = want;
            }
        }

        @Override
        public boolean reservedLockHeld() {
            synchronized (db) {
                return db.reserved != null;
            }
        }

        @Override
        public PragmaResult pragma(String name, String value) throws IOException {
            return switch (name) {
                case "memvfs_echo" -> PragmaResult.value(value == null ? "nothing" : "echo:" + value);
                case "memvfs_fail" -> throw SqliteVfsException.error("memvfs_fail says no: " + value, null);
                default -> PragmaResult.NOT_HANDLED;
            };
        }

        @Override
        public void commitPhaseTwo() {
            commits.incrementAndGet();
        }

        @Override
        public boolean readOnly() {
            return false;
        }

        @Override
        public void close() {
            unlock(LockLevel.NONE);
        }
    }
}
