package io.github.ltxkit.bench.write;

import io.github.ltxkit.bench.BenchContext;
import io.github.ltxkit.bench.Figures;
import io.github.ltxkit.bench.Goal;
import io.github.ltxkit.bench.Measurement;
import io.github.ltxkit.bench.Scenario;
import io.github.ltxkit.bench.ScenarioResult;
import io.github.ltxkit.bench.ScenarioResult.Fact;
import io.github.ltxkit.bench.support.Distribution;
import io.github.ltxkit.bench.support.RequestLatency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The latency of small commits in write mode: ltxkit on the embedded S3 server against a local SQLite file and
 * against the Litestream 0.5.17 VFS, side by side in one run (issue 5). Used by one thread.
 */
public final class CommitLatency implements Scenario {
    static final String LOCAL_MEDIAN = "local file: median commit";
    static final String LOCAL_P99 = "local file: p99 commit";
    static final String LOCAL_MEAN = "local file: mean commit";
    static final String LTXKIT_MEDIAN = "ltxkit: median commit";
    static final String LTXKIT_P99 = "ltxkit: p99 commit";
    static final String LTXKIT_MEAN = "ltxkit: mean commit";
    static final String PAUSED_MEDIAN = "ltxkit, uploads paused: median commit";
    static final String PAUSED_P99 = "ltxkit, uploads paused: p99 commit";
    static final String LITESTREAM_MEDIAN = "Litestream: median commit + round trip";
    static final String LITESTREAM_P99 = "Litestream: p99 commit + round trip";
    static final String ROUND_TRIP = "sqlite3 round trip alone: median";
    static final String LITESTREAM_MEAN = "Litestream: mean commit, one batch";
    static final String RATIO_MEDIAN = "ltxkit ÷ local file: median";
    static final String RATIO_P99 = "ltxkit ÷ local file: p99";
    /** The figures measured at each added latency, labelled with the latency; the others are measured once. */
    private static final List<String> PER_LATENCY = List.of(LTXKIT_MEDIAN, LTXKIT_P99, LTXKIT_MEAN,
            LITESTREAM_MEDIAN, LITESTREAM_P99, LITESTREAM_MEAN, RATIO_MEDIAN, RATIO_P99);
    /** The figures in report order, each figure of {@link #PER_LATENCY} at 0 ms and beside it at 20 ms. */
    private static final List<String> ORDER = List.of(LOCAL_MEDIAN, LOCAL_P99, LOCAL_MEAN, LTXKIT_MEDIAN, LTXKIT_P99,
            LTXKIT_MEAN, PAUSED_MEDIAN, PAUSED_P99, LITESTREAM_MEDIAN, LITESTREAM_P99, ROUND_TRIP, LITESTREAM_MEAN,
            RATIO_MEDIAN, RATIO_P99);
    private static final double RATIO_LIMIT = 1.5;

    /** Creates the scenario. */
    public CommitLatency() {
    }

    @Override
    public String name() {
        return "commit-latency";
    }

    @Override
    public String title() {
        return "Commit latency in write mode";
    }

    @Override
    public String description() {
        return """
                How long one small transaction takes to commit: one `insert` of a row with a 100-byte random \
                payload (`insert into t(payload) values (randomblob(100))`, autocommit) into a table `t(id integer \
                primary key, payload blob)`. Three databases are open for the whole scenario:

                - *local file*: a SQLite file opened with sqlite-jdbc, `journal_mode=DELETE`, `synchronous=FULL`: \
                a commit writes and fsyncs the rollback journal, writes and fsyncs the database file, and deletes \
                the journal.
                - *ltxkit*: ltxkit's VFS in write mode on the embedded S3 server, through sqlite-jdbc, with its \
                defaults: `synchronous=FULL`, the rollback journal in a local file, the commit's pages and commit \
                record written and fsynced to the local write buffer, and uploads every `sync_interval` (1 s) in \
                the background while the commits go on.
                - *Litestream*: the Litestream 0.5.17 VFS in write mode (`LITESTREAM_WRITE_ENABLED=true`, its \
                default 1 s sync interval) on the same S3 server, in one `sqlite3` shell that stays open. Litestream \
                0.5.17 does not fsync its write buffer: `strace` of one commit shows two fsyncs, both of the \
                rollback journal, where the local file and ltxkit make four each; and it truncates the buffer when \
                it opens, so a commit is durable only once it is uploaded.

                One run, in this order: 200 commits into the local file; 200 into ltxkit; 200 into ltxkit with its \
                periodic uploads paused (`pauseSync()`, resumed afterwards), which shows what the background \
                uploads cost the commits; then, for Litestream, 200 commits as round trips, 200 round trips of a \
                statement that does nothing, and one batch of 200 commits. Then the S3 server's HTTP front end \
                starts holding every request for 20 ms before serving it (ltxkit's and Litestream's alike: \
                uploads, listings, reads), and the run makes 200 more commits into ltxkit and, for Litestream, 200 \
                as round trips and one batch of 200; then the added latency is taken off. Figures of this second \
                part end in *20 ms* and stand beside their twins at *0 ms*. The local file has no S3 and is \
                measured once; the paused commits and the empty round trips send no request and are measured at 0 \
                ms only. Every run, warm-ups included, does both parts. Quick mode makes 20 of each, at both \
                latencies.

                - The JDBC commits are timed one by one with `System.nanoTime()` around `executeUpdate` of a \
                statement prepared once.
                - Litestream's round trip is timed from Java: the insert is written to the shell's input and the \
                time runs until the shell has printed a marker after it. *sqlite3 round trip alone* is the same \
                for the statement that does nothing, so a commit's own share is roughly the difference. *Litestream: \
                mean commit, one batch* sends the 200 inserts as one piece of SQL between two readings of SQLite's \
                own clock (`julianday('now')`, 1 ms resolution), so it holds no round trip.

                Each figure is one value per run: the median, p99 or mean of that run's 200 commits (p99 is \
                nearest-rank: the 198th smallest of 200, so two commits of the run were slower; in quick mode the \
                slowest of 20), and the ratios of ltxkit's median and p99 to the local file's in the same run. The \
                goal is judged on the median of the per-run median ratio. Before the first run, every database \
                received as many rows as all runs (warm-ups included) will insert, in one statement, and had them \
                deleted in a second: every measured commit then reuses a free page and none grows the file (a \
                Litestream 0.5.17 writer that stays open loses pages it appends after its first upload).""";
    }

    @Override
    public Goal goal() {
        return Goal.of("ltxkit's median commit ≤ 1.5 × the local file's (judged on the per-run ratio, at 0 ms added "
                        + "latency)",
                m -> goalFor(m).judge(m) != Goal.Verdict.MISSED);
    }

    @Override
    public Goal goalFor(Measurement measurement) {
        return measurement.label().equals(at(RATIO_MEDIAN, 0)) ? Goal.medianAtMost(RATIO_LIMIT, "×") : Goal.none();
    }

    /** Returns the label of figure {@code base} at {@code latencyMs}, or {@code base} if it is measured once. */
    static String at(String base, int latencyMs) {
        return PER_LATENCY.contains(base) ? base + RequestLatency.suffix(latencyMs) : base;
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        int commits = context.quick() ? 20 : 200;
        int rounds = context.warmups() + context.runs();
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        for (String label : ORDER) {
            for (int latencyMs : RequestLatency.MEASURED_MS) {
                figures.putIfAbsent(at(label, latencyMs), new ArrayList<>());
            }
        }
        Map<Integer, List<Double>> ltxkitAll = new TreeMap<>();
        Map<Integer, List<Double>> litestreamAll = new TreeMap<>();
        List<Double> localAll = new ArrayList<>();
        List<Fact> facts = new ArrayList<>();
        RequestTally requests = new RequestTally();
        try (CommitTargets targets = CommitTargets.open(context.workDir().resolve("commit-latency"),
                rounds * 4 * commits + 50)) {
            facts.addAll(targets.facts());
            Optional<LitestreamCommits> litestream = targets.litestream();
            long[] pagesBefore = pageCounts(targets);
            long syncedBefore = targets.ltxkitSyncedTxid();
            for (int round = 0; round < rounds; round++) {
                boolean measured = round >= context.warmups();
                System.gc();
                List<Double> localMs = targets.local().commit(commits);
                Distribution local = Distribution.of(localMs);
                if (measured) {
                    add(figures, LOCAL_MEDIAN, local.median(), LOCAL_P99, local.percentile(99), LOCAL_MEAN,
                            local.mean());
                    localAll.addAll(localMs);
                }
                for (int latencyMs : RequestLatency.MEASURED_MS) {
                    RequestLatency.set(targets.s3(), Duration.ofMillis(latencyMs));
                    List<Double> ltxkitMs = targets.ltxkit().commit(commits);
                    Distribution ltxkit = Distribution.of(ltxkitMs);
                    if (measured) {
                        add(figures, at(LTXKIT_MEDIAN, latencyMs), ltxkit.median(), at(LTXKIT_P99, latencyMs),
                                ltxkit.percentile(99), at(LTXKIT_MEAN, latencyMs), ltxkit.mean());
                        figures.get(at(RATIO_MEDIAN, latencyMs)).add(ltxkit.median() / local.median());
                        figures.get(at(RATIO_P99, latencyMs)).add(ltxkit.percentile(99) / local.percentile(99));
                        ltxkitAll.computeIfAbsent(latencyMs, k -> new ArrayList<>()).addAll(ltxkitMs);
                    }
                    if (latencyMs == 0) {
                        targets.ltxkitUploads(false);
                        Distribution paused = Distribution.of(targets.ltxkit().commit(commits));
                        targets.ltxkitUploads(true);
                        if (measured) {
                            figures.get(PAUSED_MEDIAN).add(paused.median());
                            figures.get(PAUSED_P99).add(paused.percentile(99));
                        }
                    }
                    if (litestream.isPresent()) {
                        List<Double> tripMs = litestream.get().roundTrips(commits);
                        Distribution trips = Distribution.of(tripMs);
                        Distribution empty = latencyMs == 0
                                ? Distribution.of(litestream.get().emptyRoundTrips(commits)) : null;
                        double batchMean = litestream.get().batchMean(commits);
                        if (measured) {
                            figures.get(at(LITESTREAM_MEDIAN, latencyMs)).add(trips.median());
                            figures.get(at(LITESTREAM_P99, latencyMs)).add(trips.percentile(99));
                            figures.get(at(LITESTREAM_MEAN, latencyMs)).add(batchMean);
                            if (empty != null) {
                                figures.get(ROUND_TRIP).add(empty.median());
                            }
                            litestreamAll.computeIfAbsent(latencyMs, k -> new ArrayList<>()).addAll(tripMs);
                        }
                    }
                    if (latencyMs > 0) {
                        requests.count(targets.s3());
                    }
                }
                RequestLatency.set(targets.s3(), Duration.ZERO);
            }
            long[] pagesAfter = pageCounts(targets);
            long uploads = targets.ltxkitSyncedTxid() - syncedBefore;
            facts.add(new Fact("Database sizes", String.format(Locale.ROOT, "local file %d → %d pages, ltxkit %d → "
                    + "%d pages%s during the commits", pagesBefore[0], pagesAfter[0], pagesBefore[1], pagesAfter[1],
                    pagesBefore[2] < 0 ? "" : ", Litestream " + pagesBefore[2] + " → " + pagesAfter[2] + " pages")));
            facts.add(new Fact("ltxkit uploads", uploads + " level-0 files uploaded during the scenario ("
                    + String.format(Locale.ROOT, "%,d", rounds * commits) + " commits at 0 ms, as many with uploads "
                    + "paused and as many at 20 ms, warm-ups included)"));
            facts.add(new Fact("Requests at 20 ms", requests.describe(rounds, commits, litestream.isPresent())));
        }
        facts.add(pooled("Pooled local file", localAll));
        ltxkitAll.forEach((ms, samples) -> facts.add(pooled("Pooled ltxkit" + RequestLatency.suffix(ms), samples)));
        litestreamAll.forEach((ms, samples) -> facts.add(pooled("Pooled Litestream (commit + round trip)"
                + RequestLatency.suffix(ms), samples)));
        List<Measurement> measurements = new ArrayList<>();
        figures.forEach((label, samples) -> {
            if (!samples.isEmpty()) {
                measurements.add(new Measurement(label, label.contains("÷") ? "×" : "ms", samples));
            }
        });
        return new ScenarioResult(measurements, facts);
    }

    private static long[] pageCounts(CommitTargets targets) throws Exception {
        return new long[] {targets.local().pageCount(), targets.ltxkit().pageCount(),
                targets.litestream().isPresent() ? targets.litestream().get().pageCount() : -1};
    }

    private static void add(Map<String, List<Double>> figures, String a, double va, String b, double vb, String c,
                            double vc) {
        figures.get(a).add(va);
        figures.get(b).add(vb);
        figures.get(c).add(vc);
    }

    private static Fact pooled(String name, List<Double> samples) {
        Distribution d = Distribution.of(samples);
        return new Fact(name, String.format(Locale.ROOT, "%,d commits of all measured runs: p50 %s ms, p90 %s ms, "
                + "p99 %s ms, max %s ms", d.count(), Figures.format(d.median()), Figures.format(d.percentile(90)),
                Figures.format(d.percentile(99)), Figures.format(d.max())));
    }
}
