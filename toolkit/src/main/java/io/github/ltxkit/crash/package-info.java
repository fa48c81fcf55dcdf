/**
 * Real process crashes: {@link io.github.ltxkit.crash.ProcessCrashHarness} runs a
 * {@link io.github.ltxkit.crash.CrashWorkload} in a child JVM writing to a replica and kills it with SIGKILL after
 * a number of commits, after a delay, or at a {@link io.github.ltxkit.vfs.CrashPoint} of an upload; the
 * {@link io.github.ltxkit.crash.CrashRun} says what the child acknowledged before it died. The ground truth that
 * the simulated crashes of {@link io.github.ltxkit.vfs.ReplicaDatabase} are checked against.
 */
package io.github.ltxkit.crash;
