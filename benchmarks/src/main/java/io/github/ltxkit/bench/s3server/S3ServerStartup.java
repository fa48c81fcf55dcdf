package io.github.ltxkit.bench.s3server;

import io.github.ltxkit.bench.BenchContext;
import io.github.ltxkit.bench.Figures;
import io.github.ltxkit.bench.Goal;
import io.github.ltxkit.bench.Measurement;
import io.github.ltxkit.bench.Scenario;
import io.github.ltxkit.bench.ScenarioResult;
import io.github.ltxkit.bench.ScenarioResult.Fact;
import io.github.ltxkit.bench.support.ChildJvm;
import io.github.ltxkit.bench.support.Distribution;
import io.github.ltxkit.s3server.EmbeddedS3Server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How long the embedded S3 server takes to start in a fresh JVM and in a warm one, and how long a new bucket takes
 * on a running server (issue 3). Used by one thread.
 */
public final class S3ServerStartup implements Scenario {
    static final String COLD_START = "start() in a fresh JVM";
    static final String COLD_ANSWER = "start() + first answer, fresh JVM";
    static final String COLD_ANSWER_C1 = "start() + first answer, fresh JVM, C1 only";
    static final String LAUNCH = "JVM launch until the first answer";
    static final String WARM_START = "start() in a warm JVM";
    static final String NEW_BUCKET = "new bucket (createBucket)";
    static final String DELETE_BUCKET = "delete empty bucket (deleteBucket)";
    private static final double COLD_LIMIT_MS = 1_000;
    private static final double BUCKET_LIMIT_MS = 20;
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);
    /** The JVM option that keeps the JIT to its first tier (C1), as some IDEs and builds do for short runs. */
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    /** Creates the scenario. */
    public S3ServerStartup() {
    }

    @Override
    public String name() {
        return "s3-server";
    }

    @Override
    public String title() {
        return "Embedded S3 server start-up and new buckets";
    }

    @Override
    public String description() {
        return """
                Start-up of the embedded S3 server (`io.github.ltxkit.s3server.EmbeddedS3Server`: S3Proxy with an \
                in-memory store behind ltxkit's fault-injecting HTTP front end, on 127.0.0.1) and the set-up of a \
                new bucket, which the JUnit extension does for every test database. One run of each figure:

                - *start() in a fresh JVM*: a new JVM (this JDK, this class path, default options) is launched \
                whose `main` first calls `EmbeddedS3Server.start()`; it reports the time `start()` took, which \
                therefore includes loading and initializing every class the server needs (S3Proxy, Jetty, the AWS \
                SDK model classes). Every run is a new JVM; one more, launched first and discarded, brings the class \
                path's jars into the OS page cache (none in quick mode).
                - *start() + first answer, fresh JVM*: in the same JVM, from before `start()` until the status line \
                of the server's answer to a first request (an unsigned `GET /` sent over a plain socket, so no HTTP \
                client library is loaded) has arrived: the server is then serving. **The cold-start goal is judged \
                on this figure.**
                - *start() + first answer, fresh JVM, C1 only*: the same with `-XX:TieredStopAtLevel=1`, which \
                keeps the JIT compiler to its first tier: in a fresh JVM the optimizing compiler (C2) competes \
                with start-up for the CPU. One fresh JVM per run (one in all in quick mode).
                - *JVM launch until the first answer*: the same, seen from the parent: from launching the `java` \
                process until the child's report of that answer arrives (JVM boot, class path scanning and output \
                included).
                - *start() in a warm JVM*: `start()` of a new server in the benchmark's JVM, where servers have \
                started before (after the warm-ups); each server is closed untimed after its start.
                - *new bucket (createBucket)*: `createBucket` of a new bucket on a running server, milliseconds \
                each, 100 buckets a run (20 in quick mode), all different; this is all the extension does to set up \
                a test's bucket.
                - *delete empty bucket (deleteBucket)*: the extension's clean-up of a bucket, milliseconds each, \
                for the same buckets, after all of them were created.""";
    }

    @Override
    public Goal goal() {
        return Goal.of("cold start ≤ 1 s (start() + first answer in a fresh JVM); new bucket ≤ 20 ms",
                m -> goalFor(m).judge(m) != Goal.Verdict.MISSED);
    }

    @Override
    public Goal goalFor(Measurement measurement) {
        return switch (measurement.label()) {
            case COLD_ANSWER -> Goal.medianAtMost(COLD_LIMIT_MS, "ms");
            case NEW_BUCKET -> Goal.medianAtMost(BUCKET_LIMIT_MS, "ms");
            default -> Goal.none();
        };
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        // One discarded fresh JVM brings the class path's jars into the OS page cache; none in quick mode.
        int childWarmups = context.quick() ? 0 : Math.min(1, context.warmups());
        for (int i = 0; i < childWarmups; i++) {
            coldStart(List.of());
        }
        List<Double> start = new ArrayList<>();
        List<Double> answered = new ArrayList<>();
        List<Double> launch = new ArrayList<>();
        List<Double> firstBucket = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        Set<Long> statuses = new TreeSet<>();
        List<Double> answeredC1 = new ArrayList<>();
        for (int i = 0; i < (context.quick() ? 1 : context.runs()); i++) {
            answeredC1.add(coldStart(List.of(C1_ONLY)).value("answered") / 1e6);
        }
        for (int i = 0; i < context.runs(); i++) {
            ChildJvm.Outcome cold = coldStart(List.of());
            start.add(cold.value("start") / 1e6);
            answered.add(cold.value("answered") / 1e6);
            launch.add(cold.arrival("answered") / 1e6);
            firstBucket.add(cold.value("bucket") / 1e6);
            statuses.add(cold.value("status"));
            if (cold.value("cpu") >= 0) {
                cpu.add(cold.value("cpu") / 1e6);
            }
        }

        List<Double> warmStart = new ArrayList<>();
        for (int i = 0; i < context.warmups() + context.runs(); i++) {
            System.gc();
            long begin = System.nanoTime();
            EmbeddedS3Server server = EmbeddedS3Server.start();
            long took = System.nanoTime() - begin;
            server.close();
            if (i >= context.warmups()) {
                warmStart.add(took / 1e6);
            }
        }

        int buckets = context.quick() ? 20 : 100;
        List<Long> createNanos = new ArrayList<>();
        List<Long> deleteNanos = new ArrayList<>();
        try (EmbeddedS3Server server = EmbeddedS3Server.start()) {
            for (int run = 0; run < context.warmups() + context.runs(); run++) {
                List<String> names = new ArrayList<>();
                for (int b = 0; b < buckets; b++) {
                    names.add(String.format(Locale.ROOT, "bench-%03d-%04d", run, b));
                }
                System.gc();
                long begin = System.nanoTime();
                for (String name : names) {
                    server.createBucket(name);
                }
                long created = System.nanoTime();
                for (String name : names) {
                    server.deleteBucket(name);
                }
                long deleted = System.nanoTime();
                if (run >= context.warmups()) {
                    createNanos.add(created - begin);
                    deleteNanos.add(deleted - created);
                }
            }
        }

        List<Measurement> figures = List.of(
                new Measurement(COLD_START, "ms", start),
                new Measurement(COLD_ANSWER, "ms", answered),
                new Measurement(COLD_ANSWER_C1, "ms", answeredC1),
                new Measurement(LAUNCH, "ms", launch),
                new Measurement(WARM_START, "ms", warmStart),
                Measurement.millisecondsEach(NEW_BUCKET, buckets, createNanos),
                Measurement.millisecondsEach(DELETE_BUCKET, buckets, deleteNanos));
        Distribution first = Distribution.of(firstBucket);
        List<Fact> facts = new ArrayList<>(List.of(
                new Fact("Fresh JVMs", context.runs() + " measured (after " + childWarmups + " discarded), each "
                        + "`java -cp <benchmark class path> " + ColdStart.class.getName() + "` on "
                        + Runtime.version()),
                new Fact("First answer", "HTTP status " + statuses + " (an unsigned request is refused: the server "
                        + "parsed and authenticated it)"),
                new Fact("First createBucket in a fresh JVM", "median " + Figures.format(first.median()) + " ms ("
                        + Figures.format(first.min()) + "–" + Figures.format(first.max()) + " ms)"),
                new Fact("Buckets", buckets + " created, then deleted, a run, on one server")));
        if (!cpu.isEmpty()) {
            Distribution c = Distribution.of(cpu);
            facts.add(1, new Fact("CPU time of the fresh JVM until the first answer", "median "
                    + Figures.format(c.median()) + " ms (" + Figures.format(c.min()) + "–" + Figures.format(c.max())
                    + " ms), all its threads included (JVM boot, class loading, the JIT compiler's threads); with "
                    + "other work on the machine, wall-clock time can exceed it"));
        }
        return new ScenarioResult(figures, facts);
    }

    private static ChildJvm.Outcome coldStart(List<String> jvmOptions) throws Exception {
        return ChildJvm.run(ColdStart.class, jvmOptions, List.of(), CHILD_TIMEOUT);
    }
}
