/**
 * Helpers shared by the write-side and test-infrastructure scenarios: sample distributions, child JVMs, replicas on
 * the embedded S3 server and small JDBC calls.
 */
package io.github.ltxkit.bench.support;
