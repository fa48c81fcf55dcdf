/**
 * The bridge between Java and the SQLite engine inside sqlite-jdbc: the only package that uses
 * {@code java.lang.foreign}.
 *
 * <p>{@link io.github.ltxkit.sqlite.SqliteEngine} binds to the engine and registers Java VFSes; a VFS is a
 * {@link io.github.ltxkit.sqlite.VfsHandler} that opens {@link io.github.ltxkit.sqlite.MainFile}s. Implementations
 * see {@link java.nio.ByteBuffer}s and strings, never native memory. Every upcall catches {@link Throwable} and
 * returns an SQLite error code, so no VFS failure can crash the JVM. Requires JDK 22 or newer and
 * {@code --enable-native-access=ALL-UNNAMED}.
 */
package io.github.ltxkit.sqlite;
