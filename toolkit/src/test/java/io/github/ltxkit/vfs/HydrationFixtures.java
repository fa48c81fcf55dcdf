package io.github.ltxkit.vfs;

import io.github.ltxkit.fault.RecordedRequest;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaOperation;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Replicas, opens and journal readings the hydration tests share. Stateless. */
final class HydrationFixtures {
    private HydrationFixtures() {
    }

    /**
     * Publishes {@code files} LTX files: a snapshot creating table {@code t}, then level-0 files; each adds
     * {@code rows} rows of 1,800 random bytes (ids counting from 1), about {@code rows / 2} new pages. Nearly all of
     * every file's pages are still current at the end, so hydration reads each file whole, exactly once.
     */
    static void publishFiles(LocalPrimary primary, int files, int rows) {
        primary.commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(1800) from " + VfsFixture.series(1, rows));
        for (int f = 1; f < files; f++) {
            primary.commit("insert into t select value, randomblob(1800) from "
                    + VfsFixture.series((long) f * rows + 1, (long) (f + 1) * rows));
        }
    }

    /** The keys and sizes of the replica's files, every level. */
    static List<LtxFileInfo> allFiles(VfsFixture.TestReplica replica) throws IOException {
        List<LtxFileInfo> all = new ArrayList<>();
        for (int level = 0; level <= LtxFileKey.MAX_LEVEL; level++) {
            all.addAll(replica.client().list(level, 0));
        }
        return all;
    }

    /**
     * Opens {@code name} on a replica that has no files yet, with hydration paused: hydration starts only after the
     * test published files, polled, set its fault rules and called {@link ReplicaDatabase#resumeHydration()}, so
     * the rules meet every request hydration makes.
     */
    static ReplicaDatabase openEmptyAndPaused(VfsFixture fx, String name, DatabaseConfig.Builder config)
            throws IOException {
        ReplicaDatabase db = fx.open(name, config.snapshotTimeout(Duration.ZERO).hydrationEnabled(true).build());
        db.pauseHydration();
        return db;
    }

    /** The files the database read whole (what hydration does) and finished reading. */
    static List<LtxFileKey> wholeFilesRead(ReplicaDatabase db) {
        return db.faults().journal().requests()
                .filter(r -> r.isWholeObjectRead() && r.succeeded()).stream().map(RecordedRequest::key).toList();
    }

    /** The most {@code reads} that were in flight at one moment, from their start times and durations. */
    static int mostAtOnce(List<RecordedRequest> reads) {
        int most = 0;
        for (RecordedRequest r : reads) {
            Instant t = r.startedAt();
            int atOnce = 0;
            for (RecordedRequest o : reads) {
                Instant end = o.startedAt().plus(o.duration());
                if (!o.startedAt().isAfter(t) && end.isAfter(t)) {
                    atOnce++;
                }
            }
            most = Math.max(most, atOnce);
        }
        return most;
    }

    /** The READs the database made that read a whole file. */
    static List<RecordedRequest> wholeObjectReads(ReplicaDatabase db) {
        return db.faults().journal().requests()
                .filter(r -> r.operation() == ReplicaOperation.READ && r.isWholeObjectRead()).list();
    }
}
