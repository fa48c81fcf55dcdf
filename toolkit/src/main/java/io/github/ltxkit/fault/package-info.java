/**
 * Storage fault injection for durability tests: break a replica on purpose, deterministically for a seed, and
 * check afterwards exactly what was injected and what the client did.
 *
 * <p>{@link io.github.ltxkit.fault.StorageFaults} is the controller: it wraps any
 * {@link io.github.ltxkit.replica.ReplicaClient}, holds {@link io.github.ltxkit.fault.FaultRule}s (which requests,
 * when, and which {@link io.github.ltxkit.fault.Fault}), cuts storage off with a partition, and records every
 * request in a {@link io.github.ltxkit.fault.RequestJournal} and every injection as an
 * {@link io.github.ltxkit.fault.InjectedFault}.
 */
package io.github.ltxkit.fault;
