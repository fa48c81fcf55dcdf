package io.github.ltxkit.bench.write;

import io.github.ltxkit.vfs.ReplicaDatabase;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The durable lag scenario's runs on one writable database: each run commits rows with increasing ids at random
 * times (exponential gaps), waits until the watcher has seen the upload of the last one, and computes every
 * commit's lag. Runs go on from the ids and the random sequence the previous ones left. Used by one thread.
 */
final class LagRuns {
    private final ReplicaDatabase database;
    private final UploadWatcher watcher;
    private final PreparedStatement insert;
    private final SplittableRandom random;
    private final int commits;
    private final double meanGapMs;
    // Owned by the scenario's thread: the id the next commit inserts.
    private long nextId = 1;

    /**
     * Prepares runs of {@code commits} commits through {@code insert} ({@code insert into t(id, payload) values (?,
     * ...)}) into {@code database}, {@code meanGapMs} apart on average.
     */
    LagRuns(ReplicaDatabase database, UploadWatcher watcher, PreparedStatement insert, SplittableRandom random,
            int commits, double meanGapMs) {
        this.database = database;
        this.watcher = watcher;
        this.insert = insert;
        this.random = random;
        this.commits = commits;
        this.meanGapMs = meanGapMs;
    }

    /** Does {@code warmups} runs, then {@code runs} more, and returns the lags of each of the latter. */
    List<List<Double>> run(int warmups, int runs) throws SQLException, InterruptedException {
        List<List<Double>> perRun = new ArrayList<>();
        for (int round = 0; round < warmups + runs; round++) {
            List<Instant> committedAt = new ArrayList<>();
            long firstId = nextId;
            for (int i = 0; i < commits; i++) {
                sleepMillis(-meanGapMs * Math.log(1 - random.nextDouble()));
                insert.setLong(1, nextId++);
                insert.executeUpdate();
                committedAt.add(Instant.now());
            }
            watcher.awaitSeen(database.awaitSynced().lastSyncedTxid());
            if (round >= warmups) {
                perRun.add(DurableLag.lags(firstId, committedAt, watcher.uploads()));
            }
        }
        return perRun;
    }

    private static void sleepMillis(double ms) throws InterruptedException {
        long nanos = (long) (ms * 1e6);
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
}
