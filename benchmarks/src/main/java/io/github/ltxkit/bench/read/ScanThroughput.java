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
import io.github.ltxkit.bench.read.ReplicaFixtures.SeededReplica;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.vfs.LitestreamVfs;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Issue 10: a full scan of a cold replica ({@code count(*)} over a table plus {@code pragma integrity_check}) through
 * ltxkit and through the Litestream 0.5.17 VFS, against a plain download of the replica's LTX files, for 10 MB and
 * 100 MB databases at 0 and 20 ms of added latency per request. Goal: ltxkit's scan within 3 times the download.
 * Used by one thread.
 */
public final class ScanThroughput implements Scenario {
    private static final long[] FULL_SIZES = {10L << 20, 100L << 20};
    private static final long[] QUICK_SIZES = {4L << 20};
    private static final int[] LATENCIES_MS = {0, 20};
    private static final int[] QUICK_LATENCIES_MS = {0};
    /** The longest one ltxkit scan may run before it is stopped and reported as longer than this. */
    static final Duration LTXKIT_CAP = Duration.ofSeconds(300);
    /** The same for Litestream, whose 100 MiB scan at 20 ms would take about 17 minutes. */
    static final Duration LITESTREAM_CAP = Duration.ofSeconds(120);
    /** The wall time one figure's runs should stay within (one run at least). */
    static final Duration FIGURE_BUDGET = Duration.ofSeconds(60);
    private static final String SCAN_SQL = "select count(*) from orders;\npragma integrity_check;";

    private final GoalsByLabel goals = new GoalsByLabel();

    private final Supplier<LitestreamSide> litestreamFinder;

    /** Creates the scenario, which finds (or fetches) the Litestream VFS when it runs. */
    public ScanThroughput() {
        this(LitestreamSide::detect);
    }

    /** Creates the scenario with the Litestream VFS that {@code litestreamFinder} finds. */
    ScanThroughput(Supplier<LitestreamSide> litestreamFinder) {
        this.litestreamFinder = litestreamFinder;
    }

    @Override
    public String name() {
        return "scan";
    }

    @Override
    public String title() {
        return "Full scan of a cold replica";
    }

    @Override
    public String description() {
        return """
                How long a query that reads the whole database takes on a replica nobody has read yet (issue 10), \
                compared with downloading the replica's bytes. The replicas are the codec scenario's sample \
                databases of 10 and 100 MiB (4 MiB at 0 ms only, one run, in quick mode), each seeded as one \
                level-0 snapshot into the embedded S3 server, whose HTTP relay holds every request for the added \
                latency (0 or 20 ms) before serving it; the server counts the requests and runs in the benchmark's \
                JVM, beside ltxkit (Litestream runs in its own `sqlite3` process). Both VFSs run with their \
                defaults (10 MiB page cache, 1 s polling; ltxkit reads ahead when a connection reads neighbouring \
                pages in order, upwards or downwards, and once a connection scans a file it copies that LTX file \
                whole into a local temporary file in 8 MiB ranges, 4 at a time). The database was written by inserting rows batch by batch \
                into three tables and five indexes, so each B-tree's pages are interleaved with the others', as in \
                a database that was never vacuumed. One run of each figure, all from nothing:

                - *scan, ltxkit*: a new `LitestreamVfs` registered (not timed), then, timed: `open(...)`, \
                `connect()`, `select count(*) from orders` and `pragma integrity_check` (which reads every page), \
                both results checked.
                - *scan, Litestream*: a new `sqlite3` process with the extension loaded (not timed), then, timed: \
                `.open 'file:bench.db?vfs=litestream'` and the same two statements, from writing them to the \
                shell to reading the last answer.
                - *download, whole files*: a new ltxkit S3 client (`Replica.open`, as the VFS opens one; not \
                timed), then, timed: one streaming GET per LTX file, %d files at a time (as ltxkit's hydration \
                fetches), the bytes discarded. This is the goal's reference.
                - *download, 8 MiB ranges*: the same bytes in ranged GETs of 8 MiB, %d at a time.
                - *scan, local file*: the two statements on the local file (in the OS page cache): the CPU cost of \
                the scan itself.

                Scans that fetch a page per request take minutes at 20 ms, so each scan figure gets up to 1 \
                warm-up and 5 measured runs but stops starting runs after %d s (the Runs column says how many \
                ran; Litestream gets no warm-up), and a run still going after %d s (ltxkit) or %d s (Litestream) \
                is stopped (ltxkit's statement cancelled, Litestream's process killed): the facts then say \
                "longer than" the cap with the requests \
                made by then, and no figure is reported or extrapolated.""".formatted(Downloads.PARALLEL,
                Downloads.PARALLEL, FIGURE_BUDGET.toSeconds(), LTXKIT_CAP.toSeconds(), LITESTREAM_CAP.toSeconds());
    }

    @Override
    public Goal goal() {
        return new Goal("ltxkit's scan ≤ 3× the download of the replica's LTX files, per size and latency", null);
    }

    @Override
    public Goal goalFor(Measurement measurement) {
        return goals.of(measurement);
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        goals.clear();
        boolean quick = context.quick();
        LitestreamSide litestream = quick ? null : litestreamFinder.get();
        int scanWarmups = quick ? 0 : Math.min(1, context.warmups());
        int scanRuns = quick ? 1 : Math.min(5, context.runs());
        List<Measurement> figures = new ArrayList<>();
        List<Fact> facts = new ArrayList<>();
        try (ReplicaFixtures fixtures = ReplicaFixtures.start()) {
            for (long size : quick ? QUICK_SIZES : FULL_SIZES) {
                Path database = SampleDatabases.obtain(context.workDir(), size);
                String mib = (size >> 20) + " MiB";
                long orders = countOrders(database);
                SeededReplica replica = fixtures.seed("scan-" + (size >> 20), database);
                facts.add(new Fact("Replica of " + mib, Figures.bytes(replica.ltxBytes()) + " in "
                        + replica.files().size() + " LTX file; " + String.format(Locale.ROOT, "%,d orders", orders)));
                fixtures.latency(Duration.ZERO);
                figures.add(ColdRuns.measure(scanWarmups, scanRuns, i -> localScan(database, orders))
                        .seconds("scan, local file, " + mib));
                for (int latencyMs : quick ? QUICK_LATENCIES_MS : LATENCIES_MS) {
                    fixtures.latency(Duration.ofMillis(latencyMs));
                    String at = ", " + mib + ", " + latencyMs + " ms";
                    Measurement download = ColdRuns.measure(context.warmups(), context.runs(),
                            i -> download(fixtures, replica, true)).seconds("download, whole files" + at);
                    figures.add(download);
                    figures.add(ColdRuns.measure(context.warmups(), context.runs(),
                            i -> download(fixtures, replica, false)).seconds("download, 8 MiB ranges" + at));
                    double limit = 3 * download.median();
                    String label = "scan, ltxkit" + at;
                    goals.put(label, Goal.of("≤ 3× the whole-file download (≤ " + Figures.format(limit) + " s)",
                            m -> m.median() <= limit));
                    capped(label, "ltxkit's scan" + at, scanWarmups, scanRuns, figures, facts,
                            i -> ltxkitScan(fixtures, replica, orders, i));
                    if (litestream != null && litestream.available()) {
                        capped("scan, Litestream" + at, "Litestream's scan" + at, 0, scanRuns, figures, facts,
                                i -> litestreamScan(litestream, fixtures, replica, orders));
                    }
                }
            }
        }
        if (litestream == null) {
            facts.add(new Fact("Litestream", "skipped in quick mode"));
        } else if (litestream.available()) {
            facts.add(new Fact("Litestream", litestream.describe()));
        } else {
            facts.add(new Fact("Litestream unavailable", litestream.unavailableReason()));
        }
        facts.add(new Fact("Runs", "scans: up to " + scanWarmups + " warm-up + " + scanRuns + " measured within "
                + FIGURE_BUDGET.toSeconds() + " s; downloads: " + context.warmups() + " warm-up + "
                + context.runs() + " measured"));
        return new ScenarioResult(figures, facts);
    }

    private static Timed download(ReplicaFixtures fixtures, SeededReplica replica, boolean wholeFiles)
            throws Exception {
        try (Replica client = fixtures.replica(replica.url())) {
            fixtures.resetRequestLog();
            long start = System.nanoTime();
            if (wholeFiles) {
                Downloads.wholeFiles(client.client(), replica.files());
            } else {
                Downloads.ranges(client.client(), replica.files());
            }
            return new Timed(System.nanoTime() - start, fixtures.requests(replica.bucket()));
        }
    }

    private static Timed ltxkitScan(ReplicaFixtures fixtures, SeededReplica replica, long orders, int run)
            throws Exception {
        try (LitestreamVfs vfs = LitestreamVfs.register("bench-scan-" + run + "-" + System.nanoTime(), Map.of())) {
            fixtures.resetRequestLog();
            long start = System.nanoTime();
            try (ReplicaDatabase db = vfs.open("bench.db", fixtures.ltxkit(replica).build(), fixtures.credentials());
                 Connection c = db.connect();
                 Statement s = c.createStatement()) {
                Thread watchdog = Thread.ofVirtual().start(() -> cancelAfter(s, LTXKIT_CAP));
                try {
                    scan(s, orders, "ltxkit");
                } catch (SQLException e) {
                    if (System.nanoTime() - start >= LTXKIT_CAP.toNanos()) {
                        throw new ColdRuns.RunCappedException(LTXKIT_CAP, fixtures.requests(replica.bucket()));
                    }
                    throw e;
                } finally {
                    watchdog.interrupt();
                }
                long nanos = System.nanoTime() - start;
                return new Timed(nanos, fixtures.requests(replica.bucket()));
            }
        }
    }

    /** Cancels the statement running on {@code s} once {@code cap} has passed, unless interrupted first. */
    private static void cancelAfter(Statement s, Duration cap) {
        try {
            Thread.sleep(cap);
            s.cancel();
        } catch (InterruptedException | SQLException e) {
            // the scan ended first, or the statement is already closed
        }
    }

    private static Timed localScan(Path database, long orders) throws Exception {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(PointLookups.localUrl(database));
             Statement s = c.createStatement()) {
            scan(s, orders, "local file");
            return new Timed(System.nanoTime() - start, null);
        }
    }

    private static void scan(Statement s, long orders, String side) throws SQLException {
        try (ResultSet r = s.executeQuery("select count(*) from orders")) {
            r.next();
            check(Long.toString(r.getLong(1)), Long.toString(orders), side, "count(*)");
        }
        try (ResultSet r = s.executeQuery("pragma integrity_check")) {
            StringBuilder result = new StringBuilder();
            while (r.next()) {
                result.append(result.isEmpty() ? "" : " | ").append(r.getString(1));
            }
            check(result.toString(), "ok", side, "integrity_check");
        }
    }

    /** Measures one scan figure within the budget, or states in the facts that a run hit the cap. */
    private static void capped(String label, String what, int warmups, int runs, List<Measurement> figures,
                               List<Fact> facts, ColdRuns.Run run) throws Exception {
        try {
            ColdRuns.Result result = ColdRuns.measure(warmups, runs, FIGURE_BUDGET, run);
            figures.add(result.seconds(label));
            facts.add(new Fact("Requests of " + what, result.describeRequests()));
        } catch (ColdRuns.RunCappedException e) {
            facts.add(new Fact(what, "**longer than " + e.cap().toSeconds() + " s**: stopped at the cap"
                    + " after " + e.requests().describe() + " requests; no figure, nothing extrapolated"));
        }
    }

    private static Timed litestreamScan(LitestreamSide litestream, ReplicaFixtures fixtures, SeededReplica replica,
                                        long orders) throws Exception {
        try (SqliteShell shell = litestream.shell(fixtures.litestream(replica))) {
            fixtures.resetRequestLog();
            SqliteShell.Exchange answer;
            try {
                answer = shell.exchange(LitestreamSide.openCommand() + "\n" + SCAN_SQL, LITESTREAM_CAP);
            } catch (SqliteShell.ShellTimeoutException e) {
                shell.kill();
                throw new ColdRuns.RunCappedException(LITESTREAM_CAP, fixtures.requests(replica.bucket()));
            }
            check(String.join(" | ", answer.lines()), orders + " | ok", "Litestream",
                    "count(*) and integrity_check");
            return new Timed(answer.nanos(), fixtures.requests(replica.bucket()));
        }
    }

    private static long countOrders(Path database) throws Exception {
        try (Connection c = DriverManager.getConnection(PointLookups.localUrl(database));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("select count(*) from orders")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void check(String actual, String expected, String side, String what) {
        if (!actual.equals(expected)) {
            throw new IllegalStateException(side + ": " + what + " returned \"" + actual + "\", want \"" + expected
                    + "\"");
        }
    }
}
