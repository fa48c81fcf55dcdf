package io.github.ltxkit.bench.write;

import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.s3server.S3Op;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The requests that ltxkit's and Litestream's replicas in the commit latency scenario received during its 20 ms
 * parts, as the S3 server counted them, added up over the parts. Used by one thread.
 */
final class RequestTally {
    // Owned by the scenario's thread: requests counted so far, per replica path and kind.
    private final Map<S3Op, Long> ltxkit = new EnumMap<>(S3Op.class);
    private final Map<S3Op, Long> litestream = new EnumMap<>(S3Op.class);

    /** Adds the requests {@code server} logged since its log was last cleared. */
    void count(EmbeddedS3Server server) {
        for (S3Op op : S3Op.values()) {
            ltxkit.merge(op, server.faults().requestCount(op, prefix(CommitTargets.LTXKIT_PATH)), Long::sum);
            litestream.merge(op, server.faults().requestCount(op, prefix(CommitTargets.LITESTREAM_PATH)), Long::sum);
        }
    }

    /**
     * Describes the counts of {@code rounds} parts of {@code commits} commits into ltxkit and, if
     * {@code withLitestream}, twice as many into Litestream (round trips and a batch).
     */
    String describe(int rounds, int commits, boolean withLitestream) {
        String parts = String.format(Locale.ROOT, "while every request was held 20 ms (%,d parts, warm-ups included: "
                + "%,d commits into ltxkit%s), the server received for ltxkit's replica %s", rounds,
                rounds * commits, withLitestream ? String.format(Locale.ROOT, " and %,d into Litestream",
                        2 * rounds * commits) : "", describe(ltxkit));
        return withLitestream ? parts + " and for Litestream's " + describe(litestream) : parts;
    }

    private static String prefix(String path) {
        return CommitTargets.BUCKET + "/" + path;
    }

    private static String describe(Map<S3Op, Long> counts) {
        StringBuilder sb = new StringBuilder();
        long total = 0;
        for (Map.Entry<S3Op, Long> e : counts.entrySet()) {
            if (e.getValue() > 0) {
                sb.append(sb.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%,d %s", e.getValue(),
                        e.getKey()));
                total += e.getValue();
            }
        }
        return total == 0 ? "no request" : String.format(Locale.ROOT, "%,d requests (%s)", total, sb);
    }
}
