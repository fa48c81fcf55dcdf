package io.github.ltxkit.bench.write;

import io.github.ltxkit.bench.BenchContext;
import io.github.ltxkit.bench.Figures;
import io.github.ltxkit.bench.Goal;
import io.github.ltxkit.bench.Measurement;
import io.github.ltxkit.bench.Scenario;
import io.github.ltxkit.bench.ScenarioResult;
import io.github.ltxkit.bench.ScenarioResult.Fact;
import io.github.ltxkit.bench.support.Distribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
                statement that does nothing, and one batch of 200 commits. Quick mode makes 20 of each.

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
        return Goal.of("ltxkit's median commit ≤ 1.5 × the local file's (judged on the per-run ratio)",
                m -> goalFor(m).judge(m) != Goal.Verdict.MISSED);
    }

    @Override
    public Goal goalFor(Measurement measurement) {
        return measurement.label().equals(RATIO_MEDIAN) ? Goal.medianAtMost(RATIO_LIMIT, "×") : Goal.none();
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        int commits = context.quick() ? 20 : 200;
        int rounds = context.warmups() + context.runs();
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        for (String label : List.of(LOCAL_MEDIAN, LOCAL_P99, LOCAL_MEAN, LTXKIT_MEDIAN, LTXKIT_P99, LTXKIT_MEAN,
                PAUSED_MEDIAN, PAUSED_P99, LITESTREAM_MEDIAN, LITESTREAM_P99, ROUND_TRIP, LITESTREAM_MEAN, RATIO_MEDIAN, RATIO_P99)) {
            figures.put(label, new ArrayList<>());
        }
        List<Double> localAll = new ArrayList<>();
        List<Double> ltxkitAll = new ArrayList<>();
        List<Double> litestreamAll = new ArrayList<>();
        List<Fact> facts = new ArrayList<>();
        try (CommitTargets targets = CommitTargets.open(context.workDir().resolve("commit-latency"),
                rounds * 3 * commits + 50)) {
            facts.addAll(targets.facts());
            Optional<LitestreamCommits> litestream = targets.litestream();
            long[] pagesBefore = pageCounts(targets);
            long syncedBefore = targets.ltxkitSyncedTxid();
            for (int round = 0; round < rounds; round++) {
                boolean measured = round >= context.warmups();
                System.gc();
                List<Double> localMs = targets.local().commit(commits);
                List<Double> ltxkitMs = targets.ltxkit().commit(commits);
                Distribution local = Distribution.of(localMs);
                Distribution ltxkit = Distribution.of(ltxkitMs);
                targets.ltxkitUploads(false);
                Distribution paused = Distribution.of(targets.ltxkit().commit(commits));
                targets.ltxkitUploads(true);
                if (measured) {
                    add(figures, LOCAL_MEDIAN, local.median(), LOCAL_P99, local.percentile(99), LOCAL_MEAN,
                            local.mean());
                    add(figures, LTXKIT_MEDIAN, ltxkit.median(), LTXKIT_P99, ltxkit.percentile(99), LTXKIT_MEAN,
                            ltxkit.mean());
                    figures.get(PAUSED_MEDIAN).add(paused.median());
                    figures.get(PAUSED_P99).add(paused.percentile(99));
                    figures.get(RATIO_MEDIAN).add(ltxkit.median() / local.median());
                    figures.get(RATIO_P99).add(ltxkit.percentile(99) / local.percentile(99));
                }
                if (litestream.isPresent()) {
                    List<Double> tripMs = litestream.get().roundTrips(commits);
                    Distribution trips = Distribution.of(tripMs);
                    Distribution empty = Distribution.of(litestream.get().emptyRoundTrips(commits));
                    double batchMean = litestream.get().batchMean(commits);
                    if (measured) {
                        add(figures, LITESTREAM_MEDIAN, trips.median(), LITESTREAM_P99, trips.percentile(99),
                                ROUND_TRIP, empty.median());
                        figures.get(LITESTREAM_MEAN).add(batchMean);
                        litestreamAll.addAll(tripMs);
                    }
                }
                if (measured) {
                    localAll.addAll(localMs);
                    ltxkitAll.addAll(ltxkitMs);
                }
            }
            long[] pagesAfter = pageCounts(targets);
            long uploads = targets.ltxkitSyncedTxid() - syncedBefore;
            facts.add(new Fact("Database sizes", String.format(Locale.ROOT, "local file %d → %d pages, ltxkit %d → "
                    + "%d pages%s during the commits", pagesBefore[0], pagesAfter[0], pagesBefore[1], pagesAfter[1],
                    pagesBefore[2] < 0 ? "" : ", Litestream " + pagesBefore[2] + " → " + pagesAfter[2] + " pages")));
            facts.add(new Fact("ltxkit uploads", uploads + " level-0 files uploaded during the scenario ("
                    + String.format(Locale.ROOT, "%,d", rounds * commits) + " commits with uploads on and as many "
                    + "with uploads paused, warm-ups included)"));
        }
        facts.add(pooled("Pooled local file", localAll));
        facts.add(pooled("Pooled ltxkit", ltxkitAll));
        if (!litestreamAll.isEmpty()) {
            facts.add(pooled("Pooled Litestream (commit + round trip)", litestreamAll));
        }
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
