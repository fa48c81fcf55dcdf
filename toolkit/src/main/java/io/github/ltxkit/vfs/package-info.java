/**
 * The Litestream-compatible VFS: a SQLite database served from a replica's LTX files, read-only or writable.
 *
 * <p>{@link io.github.ltxkit.vfs.LitestreamVfs} registers the VFS inside sqlite-jdbc's SQLite (as {@code litestream}
 * by default) and opens databases; {@link io.github.ltxkit.vfs.DatabaseConfig} holds a database's settings, with
 * Litestream's parameter names; {@link io.github.ltxkit.vfs.ReplicaDatabase} is the handle a test works with: JDBC
 * connections, sync and polling control, crashes and crash points, waits, storage faults, metrics and a view of the
 * bucket. Plain JDBC URLs ({@code jdbc:sqlite:file:app.db?vfs=litestream&replica_url=...}) work too.
 *
 * <p>Everything else in the package is internal: the engine and its published states, the page cache and fetcher,
 * the follower, the write buffer and uploads, hydration and compaction (see docs/architecture.md).
 */
package io.github.ltxkit.vfs;
