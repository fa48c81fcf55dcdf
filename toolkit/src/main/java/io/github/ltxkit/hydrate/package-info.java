/**
 * The hydrated copy of a database: a local file the VFS fills in the background and then serves reads from.
 *
 * <p>{@link io.github.ltxkit.hydrate.HydrationProgress} and {@link io.github.ltxkit.hydrate.HydrationListener} are
 * what applications see (through {@link io.github.ltxkit.vfs.ReplicaDatabase#hydrationProgress()}); the file and
 * its crash-safe metadata ({@link io.github.ltxkit.hydrate.HydrationFile},
 * {@link io.github.ltxkit.hydrate.HydrationMetadata}) are the VFS's own.
 */
package io.github.ltxkit.hydrate;
