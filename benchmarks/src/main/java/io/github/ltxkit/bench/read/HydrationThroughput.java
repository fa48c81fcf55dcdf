package io.github.ltxkit.bench.read;

import io.github.ltxkit.bench.BenchContext;
import io.github.ltxkit.bench.Figures;
import io.github.ltxkit.bench.Goal;
import io.github.ltxkit.bench.Measurement;
import io.github.ltxkit.bench.Scenario;
import io.github.ltxkit.bench.ScenarioResult;
import io.github.ltxkit.bench.ScenarioResult.Fact;
import io.github.ltxkit.bench.codec.SampleDatabases;
import io.github.ltxkit.bench.read.ColdRuns.Timed;
import io.github.ltxkit.bench.read.ReplicaFixtures.RequestCount;
import io.github.ltxkit.bench.read.ReplicaFixtures.SeededReplica;
import io.github.ltxkit.hydrate.HydrationProgress;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.seed.Seeder;
import io.github.ltxkit.vfs.DatabaseConfig;
import io.github.ltxkit.vfs.LitestreamVfs;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Issue 6: how long hydration (a full local copy built in the background) takes on a 100 MB replica through ltxkit
 * and through the Litestream 0.5.17 VFS, against a plain download of the same LTX bytes, at 0 and 20 ms of added
 * latency per request; and, for reference, ltxkit's hydration of the same database from a local directory replica,
 * which shows what the copy costs with no network at all. Goal: ltxkit's hydration throughput at least 0.8 times
 * the download's. Used by one thread.
 */
public final class HydrationThroughput implements Scenario {
    private static final long FULL_SIZE = 100L << 20;
    private static final long QUICK_SIZE = 4L << 20;
    private static final int[] LATENCIES_MS = {0, 20};
    private static final int[] QUICK_LATENCIES_MS = {0};
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final double GOAL_RATIO = 0.8;
    static final String LOCAL_LABEL = "hydration, ltxkit, local directory replica";

    private final GoalsByLabel goals = new GoalsByLabel();

    private final Supplier<LitestreamSide> litestreamFinder;

    /** Creates the scenario, which finds (or fetches) the Litestream VFS when it runs. */
    public HydrationThroughput() {
        this(LitestreamSide::detect);
    }

    /** Creates the scenario with the Litestream VFS that {@code litestreamFinder} finds. */
    HydrationThroughput(Supplier<LitestreamSide> litestreamFinder) {
        this.litestreamFinder = litestreamFinder;
    }

    @Override
    public String name() {
        return "hydration";
    }

    @Override
    public String title() {
        return "Hydration of a replica";
    }

    @Override
    public String description() {
        return """
                How fast a replica is copied into a local file in the background (issue 6), against downloading \
                the same bytes. The replica is the codec scenario's 100 MiB sample database (4 MiB, at 0 ms only, \
                in quick mode), seeded as one level-0 snapshot into the embedded S3 server, whose HTTP relay holds \
                every request for the added latency (0 or 20 ms) before serving it; the server runs in the \
                benchmark's JVM, beside ltxkit (Litestream runs in its own `sqlite3` process). The replica is one \
                LTX file, so the download is one GET, and ltxkit's hydration reads it as ranges of up to 8 MiB, \
                four at a time, each decoded on the thread that fetched it (the quick mode's file, under 8 MiB, \
                is one streaming GET decoded on one thread). Throughputs are **MB/s of LTX \
                bytes**, the replica's file size divided by the time, for every figure. One run of each figure, \
                from nothing:

                - *hydration, ltxkit*: a new `LitestreamVfs` registered (not timed), then, timed: `open(...)` with \
                `hydrationEnabled(true)` (a temporary file) until `hydrationProgress()`, polled every millisecond, \
                says complete. The open's own requests (listing, page index) are inside the time.
                - *hydration, Litestream*: a new `sqlite3` process with the extension loaded and \
                `LITESTREAM_HYDRATION_ENABLED=true` (a temporary file; not timed), then, timed: \
                `.open 'file:bench.db?vfs=litestream'` until `pragma litestream_hydration_progress`, polled every \
                5 ms, says `100.0` and Litestream has logged "hydration complete".
                - *download, whole files*: a new ltxkit S3 client (not timed), then, timed: one streaming GET per \
                LTX file, %d files at a time (the parallelism of ltxkit's hydration), the bytes discarded. This is \
                the goal's reference.
                - *hydration, ltxkit, local directory replica* (no goal; for reference; measured once, not per \
                latency): the same database seeded the same way into a local directory (a `file://` replica URL, \
                on the same disk as the copy), hydrated and timed like *hydration, ltxkit*. There is no network \
                and no server: the copy takes the S3 path's own route (the same ranges, four at a time, each \
                decoded, its pages written and its share of the file checksum computed on the thread that read \
                it), except that each range is a positional read of the replica's file, already in the OS page \
                cache, into memory instead of a GET. It is the CPU work of hydration (decoding, checksums, \
                writing the copy) without the transfer, and a fact sets its time against the time the goal \
                allows at 0 ms.""".formatted(Downloads.PARALLEL);
    }

    @Override
    public Goal goal() {
        return new Goal("ltxkit's hydration ≥ 0.8× the download's throughput, at each latency", null);
    }

    @Override
    public Goal goalFor(Measurement measurement) {
        return goals.of(measurement);
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        goals.clear();
        boolean quick = context.quick();
        Path database = SampleDatabases.obtain(context.workDir(), quick ? QUICK_SIZE : FULL_SIZE);
        LitestreamSide litestream = litestreamFinder.get();
        List<Measurement> figures = new ArrayList<>();
        List<Fact> facts = new ArrayList<>();
        Measurement downloadAtZero = null;
        long bytes;
        try (ReplicaFixtures fixtures = ReplicaFixtures.start()) {
            SeededReplica replica = fixtures.seed("hydration", database);
            bytes = replica.ltxBytes();
            facts.add(new Fact("Replica", Figures.bytes(bytes) + " in " + replica.files().size() + " LTX file, "
                    + "from a database of " + Figures.bytes(Files.size(database))));
            for (int latencyMs : quick ? QUICK_LATENCIES_MS : LATENCIES_MS) {
                fixtures.latency(Duration.ofMillis(latencyMs));
                String at = ", " + latencyMs + " ms";
                ColdRuns.Result download = ColdRuns.measure(context.warmups(), context.runs(),
                        i -> download(fixtures, replica));
                Measurement downloadFigure = download.megabytesPerSecond("download, whole files" + at, bytes);
                figures.add(downloadFigure);
                if (latencyMs == 0) {
                    downloadAtZero = downloadFigure;
                }
                Map<Integer, HydrationProgress> ends = new LinkedHashMap<>();
                ColdRuns.Result ltxkit = ColdRuns.measure(context.warmups(), context.runs(),
                        i -> ltxkitHydration(fixtures, replica, i, ends));
                Measurement ltxkitFigure = ltxkit.megabytesPerSecond("hydration, ltxkit" + at, bytes);
                figures.add(ltxkitFigure);
                double limit = GOAL_RATIO * downloadFigure.median();
                goals.put(ltxkitFigure.label(), Goal.of("≥ 0.8× the download's (≥ " + Figures.format(limit)
                        + " MB/s)", m -> m.median() >= limit));
                facts.add(new Fact("ltxkit's hydration" + at, "requests " + ltxkit.describeRequests() + "; "
                        + describeLastCopy(ltxkit, ends)));
                facts.add(new Fact("Download" + at, "requests " + download.describeRequests()));
                if (litestream.available()) {
                    ColdRuns.Result ls = ColdRuns.measure(quick ? 0 : 1, quick ? 1 : context.runs(),
                            i -> litestreamHydration(litestream, fixtures, replica));
                    figures.add(ls.megabytesPerSecond("hydration, Litestream" + at, bytes));
                    facts.add(new Fact("Litestream's hydration" + at, "requests " + ls.describeRequests()));
                }
            }
        }
        localReference(context, database, bytes, downloadAtZero, figures, facts);
        if (litestream.available()) {
            facts.add(new Fact("Litestream", litestream.describe() + (quick ? "; in quick mode once"
                    : "; 1 warm-up and " + context.runs() + " measured runs")));
        } else {
            facts.add(new Fact("Litestream unavailable", litestream.unavailableReason()));
        }
        return new ScenarioResult(figures, facts);
    }

    /**
     * Measures {@link #LOCAL_LABEL} on a directory replica seeded in a temporary directory under the work directory,
     * deleted afterwards, and states the time the goal allows at 0 ms beside its median time.
     */
    private void localReference(BenchContext context, Path database, long s3Bytes, Measurement downloadAtZero,
                                List<Measurement> figures, List<Fact> facts) throws Exception {
        Files.createDirectories(context.workDir());
        Path dir = Files.createTempDirectory(context.workDir(), "hydration-replica-");
        try {
            String url = ReplicaUrl.directory(dir).toString();
            long bytes;
            try (Replica replica = Replica.open(ReplicaUrl.parse(url), ReplicaOptions.defaults())) {
                Seeder.seedDatabase(database, replica.client());
                bytes = replica.client().list(0, 0).stream().mapToLong(LtxFileInfo::size).sum();
            }
            Map<Integer, HydrationProgress> ends = new LinkedHashMap<>();
            ColdRuns.Result local = ColdRuns.measure(context.warmups(), context.runs(),
                    i -> localHydration(url, i, ends));
            figures.add(local.megabytesPerSecond(LOCAL_LABEL, bytes));
            goals.put(LOCAL_LABEL, Goal.none());
            facts.add(new Fact("ltxkit's hydration, local directory replica", (bytes == s3Bytes ? ""
                    : "its LTX file holds " + Figures.bytes(bytes) + "; ") + describeLastCopy(local, ends)));
            double median = local.seconds(LOCAL_LABEL).median();
            double allowed = s3Bytes / 1e6 / (GOAL_RATIO * downloadAtZero.median());
            facts.add(new Fact("Time the goal allows at 0 ms", String.format(Locale.ROOT, "%s s for the "
                    + "replica's %s, at 0.8 × the download's %s MB/s = %s MB/s; the hydration from a local "
                    + "directory replica, with no network, took a median of **%s s** (%s× that time)",
                    Figures.format(allowed), Figures.bytes(s3Bytes), Figures.format(downloadAtZero.median()),
                    Figures.format(GOAL_RATIO * downloadAtZero.median()), Figures.format(median),
                    Figures.format(median / allowed))));
        } finally {
            deleteTree(dir);
        }
    }

    private static String describeLastCopy(ColdRuns.Result result, Map<Integer, HydrationProgress> ends) {
        HydrationProgress last = ends.values().stream().reduce((a, b) -> b).orElseThrow();
        return String.format(Locale.ROOT, "the background copy itself (`HydrationProgress.elapsed()`) took %s ms of "
                + "the last run's %s ms", Figures.format(last.elapsed().toNanos() / 1e6),
                Figures.format(result.nanos().getLast() / 1e6));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Timed download(ReplicaFixtures fixtures, SeededReplica replica) throws Exception {
        try (Replica client = fixtures.replica(replica.url())) {
            fixtures.resetRequestLog();
            long start = System.nanoTime();
            Downloads.wholeFiles(client.client(), replica.files());
            return new Timed(System.nanoTime() - start, fixtures.requests(replica.bucket()));
        }
    }

    private static Timed ltxkitHydration(ReplicaFixtures fixtures, SeededReplica replica, int run,
                                         Map<Integer, HydrationProgress> ends) throws Exception {
        try (LitestreamVfs vfs = LitestreamVfs.register("bench-hydration-" + run + "-" + System.nanoTime(),
                Map.of())) {
            fixtures.resetRequestLog();
            return hydrate(vfs, fixtures.ltxkit(replica), fixtures.credentials(), run, ends,
                    () -> fixtures.requests(replica.bucket()));
        }
    }

    private static Timed localHydration(String url, int run, Map<Integer, HydrationProgress> ends) throws Exception {
        try (LitestreamVfs vfs = LitestreamVfs.register("bench-hydration-local-" + run + "-" + System.nanoTime(),
                Map.of())) {
            return hydrate(vfs, DatabaseConfig.builder().replicaUrl(url), null, run, ends, () -> null);
        }
    }

    /**
     * Times {@code open(...)} of the replica with hydration on until its progress says complete, checks that every
     * page was written, keeps the last progress in {@code ends} and counts the requests ({@code null}: not counted)
     * before the database is closed.
     */
    private static Timed hydrate(LitestreamVfs vfs, DatabaseConfig.Builder config, S3Credentials credentials,
                                 int run, Map<Integer, HydrationProgress> ends, Supplier<RequestCount> requests)
            throws Exception {
        long start = System.nanoTime();
        try (ReplicaDatabase db = vfs.open("bench.db", config.hydrationEnabled(true).build(), credentials)) {
            long deadline = start + TIMEOUT.toNanos();
            HydrationProgress p = db.hydrationProgress().orElseThrow();
            while (!p.complete()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("ltxkit's hydration did not complete within " + TIMEOUT.toSeconds()
                            + " s: " + p + ", last error " + db.lastError().orElse("none"));
                }
                Thread.sleep(1);
                p = db.hydrationProgress().orElseThrow();
            }
            long nanos = System.nanoTime() - start;
            if (p.pagesWritten() != p.pagesTotal() || p.pagesTotal() == 0) {
                throw new IOException("ltxkit's hydration completed with " + p.pagesWritten() + " of "
                        + p.pagesTotal() + " pages written");
            }
            ends.put(run, p);
            return new Timed(nanos, requests.get());
        }
    }

    private static Timed litestreamHydration(LitestreamSide litestream, ReplicaFixtures fixtures,
                                             SeededReplica replica) throws Exception {
        Map<String, String> env = new HashMap<>(fixtures.litestream(replica));
        env.put("LITESTREAM_HYDRATION_ENABLED", "true");
        env.put("LITESTREAM_LOG_LEVEL", "DEBUG");
        try (SqliteShell shell = litestream.shell(env)) {
            fixtures.resetRequestLog();
            long start = System.nanoTime();
            shell.exchange(LitestreamSide.openCommand(), TIMEOUT);
            long deadline = start + TIMEOUT.toNanos();
            while (true) {
                String progress = shell.exchange("pragma litestream_hydration_progress;", TIMEOUT).single();
                String log = shell.log();
                if (log.contains("hydration failed") || log.contains("hydration catch-up failed")) {
                    throw new IOException("Litestream's hydration failed: " + log.lines()
                            .filter(l -> l.contains("hydration")).reduce((a, b) -> b).orElse(""));
                }
                if (progress.equals("100.0") && log.contains("hydration complete")) {
                    return new Timed(System.nanoTime() - start, fixtures.requests(replica.bucket()));
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("Litestream's hydration did not complete within " + TIMEOUT.toSeconds()
                            + " s: progress " + progress);
                }
                Thread.sleep(5);
            }
        }
    }
}
