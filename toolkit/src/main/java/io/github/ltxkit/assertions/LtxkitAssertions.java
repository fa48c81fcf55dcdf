package io.github.ltxkit.assertions;

import io.github.ltxkit.vfs.ReplicaDatabase;

/** Entry point of ltxkit's AssertJ assertions: {@code import static ...LtxkitAssertions.assertThat}. */
public final class LtxkitAssertions {
    private LtxkitAssertions() {
    }

    /** Starts assertions on {@code db} (a live database, one reopened after a crash, or a bucket view). */
    public static ReplicaDatabaseAssert assertThat(ReplicaDatabase db) {
        return new ReplicaDatabaseAssert(db);
    }
}
