/**
 * Write-side scenarios (issue 5): the latency of small commits through ltxkit, a local file and the Litestream VFS,
 * and how long a commit waits until the upload holding it has succeeded.
 */
package io.github.ltxkit.bench.write;
