package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.EncodedLtx;
import io.github.ltxkit.ltx.LtxCompactor;
import io.github.ltxkit.ltx.LtxDecoder;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ObjectAlreadyExistsException;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.RestorePlan;
import io.github.ltxkit.replica.RestorePlanner;
import io.github.ltxkit.replica.UploadContent;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Compaction, snapshots and retention of a writable database's replica, laid out as Litestream lays them out: level
 * L merges the files of level L-1 beyond its own newest TXID, every interval of that level; level 9 takes a
 * snapshot (the whole restore plan compacted) every snapshot interval; level-0 files go once they are compacted
 * into level 1 and older than {@code l0_retention}; snapshots older than {@code snapshot_retention} go (never the
 * newest), and with them the files of levels 1 and up that end before the oldest snapshot left. The newest file of
 * every level is always kept.
 *
 * <p>Runs on the VFS scheduler, one job at a time per database (guarded by {@code this}). Files are created with
 * conditional PUTs, so a file another process wrote first is simply kept.
 */
final class Compaction {
    private final DatabaseEngine engine;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    Compaction(DatabaseEngine engine) {
        this.engine = engine;
    }

    void schedule() {
        List<Duration> levels = engine.config.compactionLevels();
        for (int i = 0; i < levels.size(); i++) {
            int level = i + 1;
            long ms = levels.get(i).toMillis();
            tasks.add(engine.executors.scheduler().scheduleWithFixedDelay(() -> quietly("compaction into level "
                    + level, () -> compactInto(level)), ms, ms, TimeUnit.MILLISECONDS));
        }
        long snapshot = engine.config.snapshotInterval().toMillis();
        if (snapshot > 0) {
            tasks.add(engine.executors.scheduler().scheduleWithFixedDelay(() -> quietly("snapshot",
                    this::snapshot), snapshot, snapshot, TimeUnit.MILLISECONDS));
        }
        if (!levels.isEmpty() || snapshot > 0) {
            long every = Math.max(100, Math.min(engine.config.l0Retention().toMillis() / 4, 60_000));
            tasks.add(engine.executors.scheduler().scheduleWithFixedDelay(() -> quietly("retention",
                    this::retain), every, every, TimeUnit.MILLISECONDS));
        }
    }

    void stop() {
        tasks.forEach(t -> t.cancel(false));
    }

    private interface Job {
        void run() throws IOException;
    }

    private void quietly(String what, Job job) {
        if (!engine.alive()) {
            return;
        }
        synchronized (this) {
            try {
                job.run();
            } catch (IOException | RuntimeException e) {
                if (engine.alive()) {
                    engine.reportError(what + " of " + engine.client.describe() + " failed", e);
                }
            }
        }
    }

    /** Merges the files of level {@code level - 1} that level {@code level} does not cover yet. */
    synchronized LtxFileKey compactInto(int level) throws IOException {
        ReplicaClient client = engine.client;
        List<LtxFileInfo> existing = client.list(level, 0);
        long covered = existing.isEmpty() ? 0 : existing.getLast().maxTxid();
        List<LtxFileInfo> inputs = client.list(level - 1, covered + 1);
        if (inputs.isEmpty()) {
            return null;
        }
        return upload(level, inputs);
    }

    /** Writes a level-9 snapshot of the newest state in the replica. */
    synchronized LtxFileKey snapshot() throws IOException {
        RestorePlan plan = RestorePlanner.plan(engine.client, RestorePlanner.Target.latest());
        if (plan.isEmpty() || plan.files().getFirst().minTxid() != 1) {
            return null;
        }
        List<LtxFileInfo> snapshots = engine.client.list(LtxFileKey.SNAPSHOT_LEVEL, 0);
        if (!snapshots.isEmpty() && snapshots.getLast().maxTxid() == plan.maxTxid()) {
            return null;
        }
        return upload(LtxFileKey.SNAPSHOT_LEVEL, plan.files());
    }

    private LtxFileKey upload(int level, List<LtxFileInfo> inputs) throws IOException {
        Path tmp = Files.createTempFile(engine.auxiliaryDir, "compact-", ".ltx");
        List<LtxDecoder> decoders = new ArrayList<>();
        try {
            for (LtxFileInfo f : inputs) {
                decoders.add(LtxDecoder.open(new BufferedInputStream(engine.client.open(f.key()), 1 << 16),
                        f.key().toString()));
            }
            EncodedLtx encoded;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                encoded = LtxCompactor.compact(decoders, out);
            }
            LtxFileKey key = new LtxFileKey(level, encoded.header().txRange());
            try {
                engine.client.createIfAbsent(key, UploadContent.of(tmp), Instant.ofEpochMilli(
                        encoded.header().timestamp()));
            } catch (ObjectAlreadyExistsException alreadyThere) {
                // another writer (or an earlier attempt) compacted the same range
            }
            return key;
        } finally {
            for (LtxDecoder d : decoders) {
                d.close();
            }
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes what retention allows; returns how many files went. */
    synchronized int retain() throws IOException {
        ReplicaClient client = engine.client;
        Instant now = Instant.now();
        List<LtxFileKey> doomed = new ArrayList<>();
        List<LtxFileInfo> l1 = client.list(1, 0);
        if (!l1.isEmpty()) {
            long compacted = l1.getLast().maxTxid();
            Instant cutoff = now.minus(engine.config.l0Retention());
            List<LtxFileInfo> l0 = client.list(0, 0);
            for (int i = 0; i < l0.size() - 1; i++) {
                LtxFileInfo f = l0.get(i);
                if (f.maxTxid() <= compacted && f.createdAt().isBefore(cutoff)) {
                    doomed.add(f.key());
                }
            }
        }
        List<LtxFileInfo> snapshots = client.list(LtxFileKey.SNAPSHOT_LEVEL, 0);
        if (snapshots.size() > 1) {
            Instant cutoff = now.minus(engine.config.snapshotRetention());
            List<LtxFileInfo> kept = new ArrayList<>();
            for (int i = 0; i < snapshots.size(); i++) {
                LtxFileInfo s = snapshots.get(i);
                if (i < snapshots.size() - 1 && s.createdAt().isBefore(cutoff)) {
                    doomed.add(s.key());
                } else {
                    kept.add(s);
                }
            }
            long oldestKept = kept.getFirst().maxTxid();
            for (int level = 1; level < LtxFileKey.SNAPSHOT_LEVEL; level++) {
                List<LtxFileInfo> files = client.list(level, 0);
                for (int i = 0; i < files.size() - 1; i++) {
                    if (files.get(i).maxTxid() < oldestKept) {
                        doomed.add(files.get(i).key());
                    }
                }
            }
        }
        if (!doomed.isEmpty()) {
            client.delete(doomed);
        }
        return doomed.size();
    }
}
