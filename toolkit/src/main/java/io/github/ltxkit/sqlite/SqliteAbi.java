package io.github.ltxkit.sqlite;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * SQLite's C ABI as this bridge relies on it (LP64): result codes, flags, and the offsets of the members of
 * {@code sqlite3_vfs}, {@code sqlite3_io_methods} and {@code sqlite3_api_routines}. Every layout assumption is
 * listed here and checked at start-up by {@link EngineLocator}.
 */
final class SqliteAbi {
    private SqliteAbi() {
    }

    static final AddressLayout PTR = ValueLayout.ADDRESS;
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    static final long POINTER_SIZE = PTR.byteSize();

    // Result codes.
    static final int OK = 0;
    static final int ERROR = 1;
    static final int BUSY = 5;
    static final int NOMEM = 7;
    static final int READONLY = 8;
    static final int IOERR = 10;
    static final int NOTFOUND = 12;
    static final int CANTOPEN = 14;
    static final int OK_LOAD_PERMANENTLY = 256;
    static final int IOERR_READ = IOERR | (1 << 8);
    static final int IOERR_SHORT_READ = IOERR | (2 << 8);
    static final int IOERR_WRITE = IOERR | (3 << 8);
    static final int IOERR_FSYNC = IOERR | (4 << 8);
    static final int IOERR_TRUNCATE = IOERR | (6 << 8);
    static final int IOERR_FSTAT = IOERR | (7 << 8);
    static final int IOERR_UNLOCK = IOERR | (8 << 8);
    static final int IOERR_DELETE = IOERR | (10 << 8);
    static final int IOERR_ACCESS = IOERR | (13 << 8);
    static final int IOERR_LOCK = IOERR | (15 << 8);
    static final int IOERR_CLOSE = IOERR | (16 << 8);
    static final int IOERR_DELETE_NOENT = IOERR | (23 << 8);

    // Open flags.
    static final int OPEN_READONLY = 0x00000001;
    static final int OPEN_READWRITE = 0x00000002;
    static final int OPEN_CREATE = 0x00000004;
    static final int OPEN_DELETEONCLOSE = 0x00000008;
    static final int OPEN_EXCLUSIVE = 0x00000010;
    static final int OPEN_MAIN_DB = 0x00000100;
    static final int OPEN_TEMP_DB = 0x00000200;
    static final int OPEN_TRANSIENT_DB = 0x00000400;
    static final int OPEN_MAIN_JOURNAL = 0x00000800;
    static final int OPEN_TEMP_JOURNAL = 0x00001000;
    static final int OPEN_SUBJOURNAL = 0x00002000;
    static final int OPEN_SUPER_JOURNAL = 0x00004000;
    static final int OPEN_WAL = 0x00080000;

    // File controls.
    static final int FCNTL_PRAGMA = 14;
    static final int FCNTL_COMMIT_PHASETWO = 22;

    // sqlite3_vfs (iVersion 3 is 168 bytes).
    static final long VFS_SIZE = 168;
    static final long VFS_I_VERSION = 0;
    static final long VFS_SZ_OS_FILE = 4;
    static final long VFS_MX_PATHNAME = 8;
    static final long VFS_P_NEXT = 16;
    static final long VFS_Z_NAME = 24;
    static final long VFS_P_APP_DATA = 32;
    static final long VFS_X_OPEN = 40;
    static final long VFS_X_DELETE = 48;
    static final long VFS_X_ACCESS = 56;
    static final long VFS_X_FULL_PATHNAME = 64;
    static final long VFS_X_DL_OPEN = 72;
    static final long VFS_X_DL_ERROR = 80;
    static final long VFS_X_DL_SYM = 88;
    static final long VFS_X_DL_CLOSE = 96;
    static final long VFS_X_RANDOMNESS = 104;
    static final long VFS_X_SLEEP = 112;
    static final long VFS_X_CURRENT_TIME = 120;
    static final long VFS_X_GET_LAST_ERROR = 128;
    static final long VFS_X_CURRENT_TIME_INT64 = 136;

    // sqlite3_io_methods (iVersion 1 uses the first 13 members; the struct is 152 bytes at iVersion 3).
    static final long IO_SIZE = 152;
    static final long IO_I_VERSION = 0;
    static final long IO_X_CLOSE = 8;
    static final long IO_X_READ = 16;
    static final long IO_X_WRITE = 24;
    static final long IO_X_TRUNCATE = 32;
    static final long IO_X_SYNC = 40;
    static final long IO_X_FILE_SIZE = 48;
    static final long IO_X_LOCK = 56;
    static final long IO_X_UNLOCK = 64;
    static final long IO_X_CHECK_RESERVED_LOCK = 72;
    static final long IO_X_FILE_CONTROL = 80;
    static final long IO_X_SECTOR_SIZE = 88;
    static final long IO_X_DEVICE_CHARACTERISTICS = 96;

    // Our sqlite3_file: { const sqlite3_io_methods *pMethods; sqlite3_int64 handle; }.
    static final long FILE_P_METHODS = 0;
    static final long FILE_HANDLE = 8;
    static final int OUR_FILE_SIZE = 16;

    // sqlite3_api_routines slots (index * pointer size), an append-only struct.
    static final int API_FREE = 58;
    static final int API_LIBVERSION = 66;
    static final int API_LIBVERSION_NUMBER = 67;
    static final int API_MALLOC = 68;
    static final int API_VFS_FIND = 141;
    static final int API_VFS_REGISTER = 142;
    static final int API_VFS_UNREGISTER = 143;
    static final int API_SOURCEID = 169;
    static final int API_URI_PARAMETER = 189;
    /** The struct must have at least this many slots (3.31, for the members above). */
    static final int API_MIN_SLOTS = 246;

    static final FunctionDescriptor X_OPEN = FunctionDescriptor.of(INT, PTR, PTR, PTR, INT, PTR);
    static final FunctionDescriptor X_DELETE = FunctionDescriptor.of(INT, PTR, PTR, INT);
    static final FunctionDescriptor X_ACCESS = FunctionDescriptor.of(INT, PTR, PTR, INT, PTR);
    static final FunctionDescriptor X_FULL_PATHNAME = FunctionDescriptor.of(INT, PTR, PTR, INT, PTR);
    static final FunctionDescriptor X_DL_OPEN = FunctionDescriptor.of(PTR, PTR, PTR);
    static final FunctionDescriptor X_DL_ERROR = FunctionDescriptor.ofVoid(PTR, INT, PTR);
    static final FunctionDescriptor X_DL_SYM = FunctionDescriptor.of(PTR, PTR, PTR, PTR);
    static final FunctionDescriptor X_DL_CLOSE = FunctionDescriptor.ofVoid(PTR, PTR);
    static final FunctionDescriptor EXTENSION_INIT = FunctionDescriptor.of(INT, PTR, PTR, PTR);

    static final FunctionDescriptor IO_CLOSE = FunctionDescriptor.of(INT, PTR);
    static final FunctionDescriptor IO_READ = FunctionDescriptor.of(INT, PTR, PTR, INT, LONG);
    static final FunctionDescriptor IO_WRITE = FunctionDescriptor.of(INT, PTR, PTR, INT, LONG);
    static final FunctionDescriptor IO_TRUNCATE = FunctionDescriptor.of(INT, PTR, LONG);
    static final FunctionDescriptor IO_SYNC = FunctionDescriptor.of(INT, PTR, INT);
    static final FunctionDescriptor IO_FILE_SIZE = FunctionDescriptor.of(INT, PTR, PTR);
    static final FunctionDescriptor IO_LOCK = FunctionDescriptor.of(INT, PTR, INT);
    static final FunctionDescriptor IO_CHECK_RESERVED_LOCK = FunctionDescriptor.of(INT, PTR, PTR);
    static final FunctionDescriptor IO_FILE_CONTROL = FunctionDescriptor.of(INT, PTR, INT, PTR);
    static final FunctionDescriptor IO_SECTOR_SIZE = FunctionDescriptor.of(INT, PTR);

    static final FunctionDescriptor API_PTR_OF_PTR = FunctionDescriptor.of(PTR, PTR);
    static final FunctionDescriptor API_VOID_OF_PTR = FunctionDescriptor.ofVoid(PTR);
    static final FunctionDescriptor API_PTR_OF_INT = FunctionDescriptor.of(PTR, INT);
    static final FunctionDescriptor API_INT_OF_VOID = FunctionDescriptor.of(INT);
    static final FunctionDescriptor API_PTR_OF_VOID = FunctionDescriptor.of(PTR);
    static final FunctionDescriptor API_INT_OF_PTR_INT = FunctionDescriptor.of(INT, PTR, INT);
    static final FunctionDescriptor API_INT_OF_PTR = FunctionDescriptor.of(INT, PTR);
    static final FunctionDescriptor API_PTR_OF_PTR_PTR = FunctionDescriptor.of(PTR, PTR, PTR);

    /** Reads a NUL-terminated UTF-8 string of at most {@code max} bytes, or {@code null} for a NULL pointer. */
    static String string(MemorySegment p, int max) {
        if (p == null || p.equals(MemorySegment.NULL)) {
            return null;
        }
        MemorySegment s = p.reinterpret(max);
        long len = 0;
        while (len < max && s.get(ValueLayout.JAVA_BYTE, len) != 0) {
            len++;
        }
        if (len == max) {
            throw new IllegalStateException("string at " + p + " is not terminated within " + max + " bytes");
        }
        byte[] b = new byte[(int) len];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 0, b, 0, b.length);
        return new String(b, StandardCharsets.UTF_8);
    }
}
