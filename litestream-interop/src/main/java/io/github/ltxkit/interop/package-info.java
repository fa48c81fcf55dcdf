/**
 * A harness that runs the real Litestream VFS for interoperability tests and benchmarks: it fetches the pinned
 * {@code litestream-vfs-linux-amd64} extension from npm, verifies its digests, caches it, and runs SQL through it
 * in the {@code sqlite3} shell, one statement batch at a time ({@link io.github.ltxkit.interop.LitestreamVfs#run})
 * or in a long-running session ({@link io.github.ltxkit.interop.LitestreamSession}).
 *
 * <p>Start with {@link io.github.ltxkit.interop.LitestreamVfs#detect()}, which says whether the harness can run
 * here and, if not, why; tests skip with that reason:
 *
 * <pre>{@code
 * Availability availability = LitestreamVfs.detect();
 * Assumptions.assumeTrue(availability.isAvailable(), availability.reason());
 * LitestreamVfs vfs = availability.vfs();
 * }</pre>
 */
package io.github.ltxkit.interop;
