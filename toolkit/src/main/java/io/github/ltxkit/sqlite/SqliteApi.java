package io.github.ltxkit.sqlite;

import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * The few SQLite C functions the bridge calls, taken from the engine's {@code sqlite3_api_routines} table (the
 * one SQLite hands every loadable extension). Immutable and thread-safe: SQLite's functions are.
 */
final class SqliteApi {
    private final MethodHandle malloc;
    private final MethodHandle free;
    private final MethodHandle libversionNumber;
    private final MethodHandle sourceid;
    private final MethodHandle vfsFind;
    private final MethodHandle vfsRegister;
    private final MethodHandle vfsUnregister;

    private SqliteApi(MemorySegment table) {
        Linker linker = Linker.nativeLinker();
        malloc = linker.downcallHandle(slot(table, SqliteAbi.API_MALLOC), SqliteAbi.API_PTR_OF_INT);
        free = linker.downcallHandle(slot(table, SqliteAbi.API_FREE), SqliteAbi.API_VOID_OF_PTR);
        libversionNumber = linker.downcallHandle(slot(table, SqliteAbi.API_LIBVERSION_NUMBER),
                SqliteAbi.API_INT_OF_VOID);
        sourceid = linker.downcallHandle(slot(table, SqliteAbi.API_SOURCEID), SqliteAbi.API_PTR_OF_VOID);
        vfsFind = linker.downcallHandle(slot(table, SqliteAbi.API_VFS_FIND), SqliteAbi.API_PTR_OF_PTR);
        vfsRegister = linker.downcallHandle(slot(table, SqliteAbi.API_VFS_REGISTER), SqliteAbi.API_INT_OF_PTR_INT);
        vfsUnregister = linker.downcallHandle(slot(table, SqliteAbi.API_VFS_UNREGISTER), SqliteAbi.API_INT_OF_PTR);
    }

    /** Binds to an API table after checking that every slot used points into the SQLite library. */
    static SqliteApi bind(MemorySegment table, ProcessMaps library) {
        int[] used = {SqliteAbi.API_MALLOC, SqliteAbi.API_FREE, SqliteAbi.API_LIBVERSION_NUMBER, SqliteAbi.API_SOURCEID,
                SqliteAbi.API_VFS_FIND, SqliteAbi.API_VFS_REGISTER, SqliteAbi.API_VFS_UNREGISTER};
        for (int index : used) {
            MemorySegment fn = slot(table, index);
            if (fn.equals(MemorySegment.NULL) || !library.contains(fn.address(), 1)) {
                throw new IllegalStateException("sqlite3_api_routines slot " + index + " (" + fn
                        + ") does not point into " + library.library());
            }
        }
        return new SqliteApi(table);
    }

    private static MemorySegment slot(MemorySegment table, int index) {
        return table.get(SqliteAbi.PTR, (long) index * SqliteAbi.POINTER_SIZE);
    }

    int libversionNumber() {
        try {
            return (int) libversionNumber.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("sqlite3_libversion_number failed", t);
        }
    }

    String sourceid() {
        try {
            return SqliteAbi.string((MemorySegment) sourceid.invokeExact(), 256);
        } catch (Throwable t) {
            throw new IllegalStateException("sqlite3_sourceid failed", t);
        }
    }

    MemorySegment vfsFind(MemorySegment name) {
        try {
            return (MemorySegment) vfsFind.invokeExact(name);
        } catch (Throwable t) {
            throw new IllegalStateException("sqlite3_vfs_find failed", t);
        }
    }

    int vfsRegister(MemorySegment vfs, boolean makeDefault) {
        try {
            return (int) vfsRegister.invokeExact(vfs, makeDefault ? 1 : 0);
        } catch (Throwable t) {
            throw new IllegalStateException("sqlite3_vfs_register failed", t);
        }
    }

    int vfsUnregister(MemorySegment vfs) {
        try {
            return (int) vfsUnregister.invokeExact(vfs);
        } catch (Throwable t) {
            throw new IllegalStateException("sqlite3_vfs_unregister failed", t);
        }
    }

    /** Copies {@code s} into memory from {@code sqlite3_malloc}, which SQLite may free; NULL if out of memory. */
    MemorySegment mallocString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment p;
        try {
            p = (MemorySegment) malloc.invokeExact(b.length + 1);
        } catch (Throwable t) {
            return MemorySegment.NULL;
        }
        if (p.equals(MemorySegment.NULL)) {
            return p;
        }
        MemorySegment dst = p.reinterpret(b.length + 1);
        MemorySegment.copy(b, 0, dst, ValueLayout.JAVA_BYTE, 0, b.length);
        dst.set(ValueLayout.JAVA_BYTE, b.length, (byte) 0);
        return p;
    }

    void free(MemorySegment p) {
        try {
            free.invokeExact(p);
        } catch (Throwable t) {
            throw new IllegalStateException("sqlite3_free failed", t);
        }
    }
}
