package io.github.ltxkit.bench.read;

import io.github.ltxkit.bench.BenchContext;
import io.github.ltxkit.bench.Figures;
import io.github.ltxkit.bench.Goal;
import io.github.ltxkit.bench.Measurement;
import io.github.ltxkit.bench.Scenario;
import io.github.ltxkit.bench.ScenarioResult;
import io.github.ltxkit.bench.ScenarioResult.Fact;
import io.github.ltxkit.bench.codec.SampleDatabases;
import io.github.ltxkit.bench.read.ColdRuns.Before;
import io.github.ltxkit.bench.read.ColdRuns.Timed;
import io.github.ltxkit.bench.read.ReplicaFixtures.SeededReplica;
import io.github.ltxkit.vfs.LitestreamVfs;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Issue 4: the first point query on a cold 100 MB replica (open + one lookup), through ltxkit, through the
 * Litestream 0.5.17 VFS and on a local file, at 0 and 20 ms of added latency per request; then warm point lookups.
 * Goals: ltxkit's cold first query at most half of Litestream's; ltxkit's warm lookups at most 1.3 times a local
 * file's. Used by one thread.
 */
public final class FirstQueryLatency implements Scenario {
    private static final long FULL_SIZE = 100L << 20;
    private static final long QUICK_SIZE = 4L << 20;
    private static final int[] LATENCIES_MS = {0, 20};
    private static final int[] QUICK_LATENCIES_MS = {0};
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);
    /** Warm-up passes before the warm lookups are measured: the JIT needs about 10,000 lookups to settle. */
    private static final int WARM_LOOKUP_WARMUPS = 10;
    /**
     * The fewest warm-up runs before ltxkit's cold first query is measured: the JIT compiles the request path only
     * after some 30 runs (until then a run takes about 2.5 times as long), and more follow until the time settles.
     */
    private static final int COLD_QUERY_WARMUPS = 30;
    /** The most warm-up runs before ltxkit's cold first query is measured, settled or not. */
    private static final int MAX_COLD_QUERY_WARMUPS = 300;
    /** The label of ltxkit's cold first query measured right after a full collection. */
    private static final String AFTER_FULL_COLLECTION = "cold first query, ltxkit, right after System.gc()";

    private final GoalsByLabel goals = new GoalsByLabel();

    private final Supplier<LitestreamSide> litestreamFinder;

    /** Creates the scenario, which finds (or fetches) the Litestream VFS when it runs. */
    public FirstQueryLatency() {
        this(LitestreamSide::detect);
    }

    /** Creates the scenario with the Litestream VFS that {@code litestreamFinder} finds. */
    FirstQueryLatency(Supplier<LitestreamSide> litestreamFinder) {
        this.litestreamFinder = litestreamFinder;
    }

    @Override
    public String name() {
        return "first-query";
    }

    @Override
    public String title() {
        return "First query on a cold replica";
    }

    @Override
    public String description() {
        return """
                How long the first point query takes on a replica nobody has read yet (issue 4), and how fast point \
                lookups are once warm. The replica is the codec scenario's 100 MiB sample database (4 MiB, at 0 ms \
                only, in quick mode), seeded as one level-0 snapshot into the embedded S3 server (S3Proxy behind \
                ltxkit's HTTP relay, on 127.0.0.1). The relay holds *every* request for the added latency (0 or \
                20 ms) before serving it, whoever sends it; requests are counted by the server. The server runs in \
                the benchmark's JVM, so ltxkit shares a JVM (heap, collector, JIT) and the cores with it, while \
                the Litestream VFS runs in its own `sqlite3` process. The query is \
                `select id, customer_id, placed_at, status, total_cents from orders where id = ?` on the \
                `INTEGER PRIMARY KEY` (one B-tree descent), a different random order in each run, and every answer \
                is checked against the local file. Both VFSs run with their defaults (10 MiB page cache, 1 s \
                polling). One run of each figure:

                - *cold first query, ltxkit*: a new `LitestreamVfs` registered (not timed), then, timed: \
                `open(...)` of the replica (listing and page index), `connect()`, prepare, execute, read the row. \
                Cold means a new VFS instance with an empty cache, not a cold JVM (a test suite's JVM has run \
                ltxkit before): warm-up runs come first at each latency until the time settles, at least 30 and \
                then until the median of the last 20 is within 5% of the 20 before (at most 300; the facts say \
                how many ran; 1 in quick mode), because the JIT compiles the request path only after some 30 runs \
                and keeps improving it after. Unlike the other read                 benchmarks, no `System.gc()` comes before a measured run here, for either VFS: right after a full                 collection the JVM runs compiled code slowly for a while (measured on this machine: the first S3                 request after `System.gc()` took about 10 ms, the next one 1–3 ms), which the first query of a                 test or an application does not meet, while Litestream, in its own process, never pays it.
                - *cold first query, ltxkit, right after System.gc()* (no goal; for reference; 0 ms only): the same                 runs, each right after a `System.gc()`, as the other read benchmarks measure.
                - *cold first query, Litestream*: a new `sqlite3` process with the extension loaded and nothing \
                open yet (not timed), then, timed: `.open 'file:bench.db?vfs=litestream'` and the query, from \
                writing them to the shell's standard input to reading the answer on its standard output. The \
                process start, the extension's loading (where Litestream builds its S3 client) and the exit are \
                outside the figure.
                - *cold first query, local file*: sqlite-jdbc opens the file (already in the OS page cache) and \
                runs the query.
                - *warm point lookup*: 1,000 distinct random orders (200 in quick mode) looked up once in each of \
                10 warm-up passes (1 in quick mode; the JIT needs about 10,000 lookups to settle), then once per \
                measured pass in a new shuffled order, each lookup timed on its own with one \
                prepared statement on one connection; a run's figure is the median lookup of its pass. ltxkit runs \
                at 0 ms added latency (the pages are cached by then), once through `ReplicaDatabase.connect()` \
                (the goal's figure: the connection users get, a proxy that explains VFS errors, with Litestream's \
                SQL functions) and once through a plain `DriverManager` connection to the same database.
                - *warm point lookup, Litestream / local file in sqlite3*: the same lookups as one batch of \
                statements fed to one `sqlite3` process (after a warm-up batch), the batch's time divided by the \
                lookups: the shell parses, prepares and prints each statement, so compare these two with each \
                other, not with the JDBC figures.""";
    }

    @Override
    public Goal goal() {
        return new Goal("ltxkit's cold first query ≤ 0.5× Litestream's at each latency; ltxkit's warm point lookups"
                + " ≤ 1.3× a local file's", null);
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
        PointLookups lookups = PointLookups.draw(database, quick ? 200 : 1_000, 4);
        LitestreamSide litestream = litestreamFinder.get();
        List<Measurement> figures = new ArrayList<>();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Database", Figures.bytes(Files.size(database)) + String.format(Locale.ROOT,
                ", %,d orders", lookups.orders())));
        try (ReplicaFixtures fixtures = ReplicaFixtures.start()) {
            SeededReplica replica = fixtures.seed("first-query", database);
            facts.add(new Fact("Replica", replica.files().size() + " LTX file, " + Figures.bytes(replica.ltxBytes())));
            for (int latencyMs : quick ? QUICK_LATENCIES_MS : LATENCIES_MS) {
                fixtures.latency(Duration.ofMillis(latencyMs));
                String at = ", " + latencyMs + " ms";
                ColdRuns.Run ltxkitRun = i -> ltxkitFirstQuery(fixtures, replica, lookups, i);
                ColdRuns.Result ltxkit = quick
                        ? ColdRuns.measure(context.warmups(), context.runs(), null, Before.NOTHING, ltxkitRun)
                        : ColdRuns.measureSteady(Math.max(COLD_QUERY_WARMUPS, context.warmups()),
                                MAX_COLD_QUERY_WARMUPS, context.runs(), Before.NOTHING, ltxkitRun);
                Measurement ltxkitFigure = ltxkit.milliseconds("cold first query, ltxkit" + at);
                figures.add(ltxkitFigure);
                facts.add(new Fact("Requests of ltxkit's first query" + at, ltxkit.describeRequests()));
                facts.add(new Fact("Warm-up runs of ltxkit's first query" + at, String.valueOf(ltxkit.warmups())));
                if (latencyMs == 0 && !quick) {
                    int next = ltxkit.warmups() + context.runs();
                    figures.add(ColdRuns.measure(0, context.runs(), null, Before.FULL_COLLECTION,
                                    i -> ltxkitFirstQuery(fixtures, replica, lookups, next + i))
                            .milliseconds(AFTER_FULL_COLLECTION + at));
                    goals.put(AFTER_FULL_COLLECTION + at, Goal.none());
                }
                if (litestream.available()) {
                    ColdRuns.Result ls = ColdRuns.measure(quick ? 0 : 1, quick ? 1 : context.runs(), null,
                            Before.NOTHING, i -> litestreamFirstQuery(litestream, fixtures, replica, lookups, i));
                    Measurement lsFigure = ls.milliseconds("cold first query, Litestream" + at);
                    figures.add(lsFigure);
                    facts.add(new Fact("Requests of Litestream's first query" + at, ls.describeRequests()));
                    double limit = 0.5 * lsFigure.median();
                    goals.put(ltxkitFigure.label(), Goal.of("≤ 0.5× Litestream's (≤ " + Figures.format(limit)
                            + " ms)", m -> m.median() <= limit));
                } else {
                    goals.put(ltxkitFigure.label(), new Goal("≤ 0.5× Litestream's (not measured)", null));
                }
            }
            fixtures.latency(Duration.ZERO);
            figures.add(ColdRuns.measure(context.warmups(), context.runs(), i -> localFirstQuery(database, lookups, i))
                    .milliseconds("cold first query, local file"));
            warmLookups(context, database, lookups, fixtures, replica, litestream, figures, facts);
        }
        if (litestream.available()) {
            facts.add(new Fact("Litestream", litestream.describe() + (quick ? "; in quick mode only its cold first"
                    + " query, once" : "; its cold first query: 1 warm-up and " + context.runs()
                    + " measured runs")));
        } else {
            facts.add(new Fact("Litestream unavailable", litestream.unavailableReason()));
        }
        return new ScenarioResult(figures, facts);
    }

    private static Timed ltxkitFirstQuery(ReplicaFixtures fixtures, SeededReplica replica, PointLookups lookups,
                                          int run) throws Exception {
        long id = lookups.ids()[run % lookups.ids().length];
        try (LitestreamVfs vfs = LitestreamVfs.register("bench-first-query-" + run + "-" + System.nanoTime(),
                Map.of())) {
            fixtures.resetRequestLog();
            long start = System.nanoTime();
            try (ReplicaDatabase db = vfs.open("bench.db", fixtures.ltxkit(replica).build(), fixtures.credentials());
                 Connection c = db.connect();
                 PreparedStatement ps = c.prepareStatement(PointLookups.SQL)) {
                String row = PointLookups.lookup(ps, id);
                long nanos = System.nanoTime() - start;
                lookups.check(id, row, "ltxkit");
                return new Timed(nanos, fixtures.requests(replica.bucket()));
            }
        }
    }

    private static Timed litestreamFirstQuery(LitestreamSide litestream, ReplicaFixtures fixtures,
                                              SeededReplica replica, PointLookups lookups, int run)
            throws Exception {
        long id = lookups.ids()[run % lookups.ids().length];
        try (SqliteShell shell = litestream.shell(fixtures.litestream(replica))) {
            fixtures.resetRequestLog();
            SqliteShell.Exchange answer = shell.exchange(LitestreamSide.openCommand() + "\n"
                    + PointLookups.shellStatements(new long[] {id}), QUERY_TIMEOUT);
            lookups.check(id, answer.single(), "Litestream");
            return new Timed(answer.nanos(), fixtures.requests(replica.bucket()));
        }
    }

    private static Timed localFirstQuery(Path database, PointLookups lookups, int run) throws Exception {
        long id = lookups.ids()[run % lookups.ids().length];
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(PointLookups.localUrl(database));
             PreparedStatement ps = c.prepareStatement(PointLookups.SQL)) {
            String row = PointLookups.lookup(ps, id);
            long nanos = System.nanoTime() - start;
            lookups.check(id, row, "local file");
            return new Timed(nanos, null);
        }
    }

    private void warmLookups(BenchContext context, Path database, PointLookups lookups, ReplicaFixtures fixtures,
                             SeededReplica replica, LitestreamSide litestream, List<Measurement> figures,
                             List<Fact> facts) throws Exception {
        int warmups = context.quick() ? 1 : Math.max(WARM_LOOKUP_WARMUPS, context.warmups());
        Measurement ltxkit;
        Measurement unwrapped;
        try (LitestreamVfs vfs = LitestreamVfs.register("bench-warm-lookups-" + System.nanoTime(), Map.of());
             ReplicaDatabase db = vfs.open("bench.db", fixtures.ltxkit(replica).build(), fixtures.credentials());
             Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement(PointLookups.SQL)) {
            ltxkit = new Measurement("warm point lookup, ltxkit", "µs", passes(context, warmups, lookups, ps,
                    "ltxkit"));
            try (Connection plain = DriverManager.getConnection(db.jdbcUrl());
                 PreparedStatement plainPs = plain.prepareStatement(PointLookups.SQL)) {
                unwrapped = new Measurement("warm point lookup, ltxkit, plain JDBC connection", "µs",
                        passes(context, warmups, lookups, plainPs, "ltxkit"));
            }
            facts.add(new Fact("ltxkit's requests for the warm lookups, warm-up passes included",
                    String.format(Locale.ROOT, "%,d", db.metrics().totalRequests())));
        }
        Measurement local;
        try (Connection c = DriverManager.getConnection(PointLookups.localUrl(database));
             PreparedStatement ps = c.prepareStatement(PointLookups.SQL)) {
            local = new Measurement("warm point lookup, local file", "µs", passes(context, warmups, lookups, ps,
                    "local file"));
        }
        figures.add(ltxkit);
        figures.add(unwrapped);
        figures.add(local);
        double limit = 1.3 * local.median();
        goals.put(ltxkit.label(), Goal.of("≤ 1.3× the local file's (≤ " + Figures.format(limit) + " µs)",
                m -> m.median() <= limit));
        if (litestream.available() && !context.quick()) {
            try (SqliteShell shell = litestream.shell(fixtures.litestream(replica))) {
                shell.exchange(LitestreamSide.openCommand(), QUERY_TIMEOUT);
                figures.add(new Measurement("warm point lookup, Litestream in sqlite3 (batch)", "µs",
                        batches(context, warmups, lookups, shell, "Litestream", fixtures::resetRequestLog)));
                facts.add(new Fact("Litestream's requests during the measured warm batches",
                        fixtures.requests(replica.bucket()).describe()));
            }
            try (SqliteShell shell = litestream.plainShell()) {
                shell.exchange(".open 'file:" + database.toAbsolutePath() + "?mode=ro'", QUERY_TIMEOUT);
                figures.add(new Measurement("warm point lookup, local file in sqlite3 (batch)", "µs",
                        batches(context, warmups, lookups, shell, "local sqlite3", () -> { })));
            }
        }
    }

    private static List<Double> passes(BenchContext context, int warmups, PointLookups lookups, PreparedStatement ps,
                                       String side) throws Exception {
        for (int i = 0; i < warmups; i++) {
            lookups.medianMicros(ps, lookups.shuffled(100 + i), side);
        }
        List<Double> medians = new ArrayList<>();
        for (int i = 0; i < context.runs(); i++) {
            System.gc();
            medians.add(lookups.medianMicros(ps, lookups.shuffled(200 + i), side));
        }
        return medians;
    }

    private static List<Double> batches(BenchContext context, int warmups, PointLookups lookups, SqliteShell shell,
                                        String side, Runnable afterWarmUp) throws Exception {
        List<Double> means = new ArrayList<>();
        for (int i = 0; i < warmups + context.runs(); i++) {
            if (i == warmups) {
                afterWarmUp.run();
            }
            long[] order = lookups.shuffled(300 + i);
            SqliteShell.Exchange batch = shell.exchange(PointLookups.shellStatements(order), QUERY_TIMEOUT);
            lookups.checkShellOutput(order, batch.lines(), side);
            if (i >= warmups) {
                means.add(batch.nanos() / 1e3 / order.length);
            }
        }
        return means;
    }
}
