package io.github.ltxkit.bench.write;

import io.github.ltxkit.bench.BenchContext;
import io.github.ltxkit.bench.Figures;
import io.github.ltxkit.bench.Goal;
import io.github.ltxkit.bench.Measurement;
import io.github.ltxkit.bench.Scenario;
import io.github.ltxkit.bench.ScenarioResult;
import io.github.ltxkit.bench.ScenarioResult.Fact;
import io.github.ltxkit.bench.support.Distribution;
import io.github.ltxkit.bench.support.EmbeddedBucket;
import io.github.ltxkit.bench.support.Jdbc;
import io.github.ltxkit.bench.support.RequestLatency;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.s3server.S3Op;
import io.github.ltxkit.vfs.DatabaseConfig;
import io.github.ltxkit.vfs.LitestreamVfs;
import io.github.ltxkit.vfs.ReplicaDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The commit-to-durable lag of ltxkit in write mode at the default sync interval: how long after a commit returns
 * the upload holding it has succeeded, for commits at random times (issue 5). Used by one thread (plus the
 * {@link UploadWatcher}'s).
 */
public final class DurableLag implements Scenario {
    static final String P50 = "p50 lag";
    static final String P90 = "p90 lag";
    static final String P99 = "p99 lag";
    static final String MAX = "max lag";
    static final String MIN = "min lag";
    private static final Duration FULL_INTERVAL = Duration.ofSeconds(1);
    private static final Duration QUICK_INTERVAL = Duration.ofMillis(200);
    private static final long MARGIN_MS = 100;
    private static final String VFS_NAME = "bench-durable-lag";
    private static final String BUCKET = "durable-lag";
    private static final String PATH = "lag.db";
    private static final int RUNS_WITH_LATENCY = 3;

    /** The sync interval of the last run, for the goal's limit; owned by the runner's thread. */
    private Duration lastInterval = FULL_INTERVAL;

    /** Creates the scenario. */
    public DurableLag() {
    }

    @Override
    public String name() {
        return "durable-lag";
    }

    @Override
    public String title() {
        return "Commit-to-durable lag in write mode";
    }

    @Override
    public String description() {
        return """
                How long a commit waits until it is durable in the bucket: ltxkit in write mode on the embedded \
                S3 server with the default `sync_interval` of 1 s (200 ms in quick mode), through sqlite-jdbc. \
                One run commits 100 rows (10 in quick mode), one `insert` of a row with a 100-byte random payload \
                each, at random times: the gaps between commits are exponentially distributed (seeded) with a \
                mean of 200 ms (60 ms in quick mode), so the commits fall at uniformly random points of the upload cycle. A commit's lag \
                runs from the moment its `executeUpdate` returned until the moment the writer recorded the \
                upload holding it as successful (`SyncStatus.lastSyncedAt()`, taken right after the conditional \
                PUT was answered and the write buffer recorded it).

                Which upload holds which commit is read from the bucket, not guessed from the clock: a watcher \
                thread reads `syncStatus()` every 0.5 ms and, on each new upload, brings a `bucketView()` (a \
                read-only instance that sees exactly what the bucket holds) up to date and reads the largest row \
                id in it. Commits insert increasing ids, so every commit up to that id is durable from that \
                upload on. The figures are each run's p50, p90, p99 (the 99th of 100 commits) and maximum, and \
                its minimum, which is about the time one upload takes.

                The runs are made twice on the same database, figures labelled by latency: first as they are \
                (*0 ms*: one warm-up run, then the measured runs), then with the S3 server's HTTP front end \
                holding every request for 20 ms before serving it (*20 ms*: three measured runs after those, or \
                fewer if fewer runs are asked for, one in quick mode; no warm-up, the code is warm by then). One \
                upload is a listing (the conflict check) and a conditional PUT, so at 20 ms each upload takes \
                about 40 ms longer and the lags grow by roughly that much and by half of it again on average, as \
                the next upload also starts that much later. The goal is judged at 0 ms added latency; the 20 ms \
                figures are reported beside it.""";
    }

    @Override
    public Goal goal() {
        return Goal.of("p99 lag ≤ sync interval + 100 ms, judged at 0 ms added latency",
                m -> goalFor(m).judge(m) != Goal.Verdict.MISSED);
    }

    @Override
    public Goal goalFor(Measurement measurement) {
        return measurement.label().equals(at(P99, 0)) ? p99Goal(lastInterval) : Goal.none();
    }

    private static Goal p99Goal(Duration interval) {
        long limit = interval.toMillis() + MARGIN_MS;
        return Goal.of("p99 lag ≤ sync interval + 100 ms = " + Figures.format(limit) + " ms",
                m -> m.unit().equals("ms") && m.median() <= limit);
    }

    /** Returns the label of figure {@code base} (one of the constants) at {@code latencyMs}: "p99 lag, 20 ms". */
    static String at(String base, int latencyMs) {
        return base + RequestLatency.suffix(latencyMs);
    }

    /** Returns how many runs are measured at {@code latencyMs}: all at 0 ms, at most three at 20 ms (one quick). */
    static int runsAt(int latencyMs, BenchContext context) {
        return latencyMs == 0 ? context.runs() : context.quick() ? 1 : Math.min(RUNS_WITH_LATENCY, context.runs());
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        Duration interval = context.quick() ? QUICK_INTERVAL : FULL_INTERVAL;
        lastInterval = interval;
        int commits = context.quick() ? 10 : 100;
        double meanGapMs = context.quick() ? 60 : 200;
        SplittableRandom random = new SplittableRandom(5);
        List<Measurement> figures = new ArrayList<>();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Sync interval", interval.toMillis() + " ms; uploads are scheduled with a fixed delay: "
                + "the next starts one interval after the last one ended"));
        try (EmbeddedS3Server s3 = EmbeddedS3Server.start();
             LitestreamVfs vfs = LitestreamVfs.register(VFS_NAME, Map.of())) {
            EmbeddedBucket bucket = EmbeddedBucket.create(s3, BUCKET);
            DatabaseConfig config = DatabaseConfig.builder().replicaUrl(bucket.replicaUrl(PATH))
                    .writeEnabled(true).syncInterval(interval).build();
            try (ReplicaDatabase db = vfs.open("durable-lag.db", config, bucket.credentials());
                 Connection c = db.connect()) {
                Jdbc.execute(c, CommitSql.SCHEMA);
                db.syncNow();
                try (ReplicaDatabase view = db.bucketView();
                     UploadWatcher watcher = new UploadWatcher(db, view);
                     PreparedStatement insert = c.prepareStatement(
                             "insert into t(id, payload) values (?, randomblob(100))")) {
                    LagRuns lagRuns = new LagRuns(db, watcher, insert, random, commits, meanGapMs);
                    for (int latencyMs : RequestLatency.MEASURED_MS) {
                        RequestLatency.set(s3, Duration.ofMillis(latencyMs));
                        int uploadsBefore = watcher.uploads().size();
                        int warmups = latencyMs == 0 ? Math.min(1, context.warmups()) : 0;
                        int runs = runsAt(latencyMs, context);
                        List<List<Double>> perRun = lagRuns.run(warmups, runs);
                        List<UploadWatcher.Upload> uploads = watcher.uploads();
                        List<UploadWatcher.Upload> mine = uploads.subList(uploadsBefore, uploads.size());
                        long puts = s3.faults().requestCount(S3Op.PUT_OBJECT, BUCKET + "/" + PATH);
                        RequestLatency.set(s3, Duration.ZERO);
                        addFigures(figures, latencyMs, perRun);
                        facts.addAll(facts(latencyMs, warmups, runs, commits, perRun, mine, puts));
                    }
                }
            }
        }
        return new ScenarioResult(figures, facts);
    }

    private static void addFigures(List<Measurement> figures, int latencyMs, List<List<Double>> perRun) {
        figures.add(new Measurement(at(P50, latencyMs), "ms",
                perRun.stream().map(l -> Distribution.of(l).median()).toList()));
        figures.add(new Measurement(at(P90, latencyMs), "ms",
                perRun.stream().map(l -> Distribution.of(l).percentile(90)).toList()));
        figures.add(new Measurement(at(P99, latencyMs), "ms",
                perRun.stream().map(l -> Distribution.of(l).percentile(99)).toList()));
        figures.add(new Measurement(at(MAX, latencyMs), "ms",
                perRun.stream().map(l -> Distribution.of(l).max()).toList()));
        figures.add(new Measurement(at(MIN, latencyMs), "ms",
                perRun.stream().map(l -> Distribution.of(l).min()).toList()));
    }

    private static List<Fact> facts(int latencyMs, int warmups, int runs, int commits, List<List<Double>> perRun,
                                    List<UploadWatcher.Upload> uploads, long puts) {
        List<Double> pooled = perRun.stream().flatMap(List::stream).toList();
        Distribution all = Distribution.of(pooled);
        int allCommits = (warmups + runs) * commits;
        long inexact = uploads.stream().filter(u -> !u.exact()).count();
        String at = RequestLatency.suffix(latencyMs);
        return List.of(
                new Fact("Pooled lags" + at, String.format(Locale.ROOT, "%,d commits of %d measured runs: p50 %s "
                        + "ms, p90 %s ms, p99 %s ms, p99.9 %s ms, max %s ms", pooled.size(), runs,
                        Figures.format(all.median()), Figures.format(all.percentile(90)),
                        Figures.format(all.percentile(99)), Figures.format(all.percentile(99.9)),
                        Figures.format(all.max()))),
                new Fact("Uploads" + at, uploads.size() + " uploads seen for " + allCommits + " commits"
                        + (warmups == 0 ? "" : ", warm-up included") + ": "
                        + Figures.format((double) allCommits / Math.max(1, uploads.size())) + " commits each on "
                        + "average; the server received " + puts + " PUTs of level-0 files"
                        + (inexact == 0 ? "" : "; " + inexact + " of them were followed so quickly by the next that "
                        + "the bucket view saw both: their commits were counted as made durable by the later "
                        + "upload, which can only lengthen the lags")));
    }

    /**
     * Returns the lag of each commit, in milliseconds: commit {@code firstId + i} returned at {@code committedAt[i]}
     * and is durable from the first exact upload whose largest id is at least its id (0 if that upload succeeded
     * before {@code executeUpdate} returned).
     */
    static List<Double> lags(long firstId, List<Instant> committedAt, List<UploadWatcher.Upload> uploads) {
        List<Double> lags = new ArrayList<>(committedAt.size());
        for (int i = 0; i < committedAt.size(); i++) {
            long id = firstId + i;
            Instant at = committedAt.get(i);
            UploadWatcher.Upload holding = uploads.stream().filter(u -> u.exact() && u.maxId() >= id).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no upload seen holds row " + id));
            // An upload may succeed between the commit's publication and executeUpdate's return: no wait then.
            lags.add(Math.max(0, Duration.between(at, holding.succeeded()).toNanos() / 1e6));
        }
        return lags;
    }
}
