/**
 * The read-side scenarios, ltxkit beside the Litestream 0.5.17 VFS and a local file on the same replicas:
 * {@link io.github.ltxkit.bench.read.FirstQueryLatency the first query on a cold replica} (issue 4),
 * {@link io.github.ltxkit.bench.read.ScanThroughput a full scan} (issue 10) and
 * {@link io.github.ltxkit.bench.read.HydrationThroughput hydration} (issue 6). Replicas live on the embedded S3
 * server, whose HTTP relay adds the same latency to every request whoever makes it, and counts them.
 */
package io.github.ltxkit.bench.read;
