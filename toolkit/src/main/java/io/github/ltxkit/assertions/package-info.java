/**
 * AssertJ assertions for the claims a durability test makes about a {@link io.github.ltxkit.vfs.ReplicaDatabase}:
 * synced through a TXID, the bucket equals the local state, the bucket holds a prefix of the committed history, no
 * synced commit was lost, the integrity check passes.
 *
 * <p>Start from {@link io.github.ltxkit.assertions.LtxkitAssertions#assertThat}; record the commits a test makes
 * in a {@link io.github.ltxkit.assertions.CommitHistory}. AssertJ is an optional dependency of the toolkit: these
 * classes need it on the test class path, which a test using them has anyway.
 */
package io.github.ltxkit.assertions;
