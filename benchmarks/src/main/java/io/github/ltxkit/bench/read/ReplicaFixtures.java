package io.github.ltxkit.bench.read;

import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.s3server.S3Op;
import io.github.ltxkit.s3server.ServerFaults;
import io.github.ltxkit.seed.Seeder;
import io.github.ltxkit.vfs.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replicas for the read-side benchmarks on an embedded S3 server that both ltxkit and the Litestream VFS reach over
 * HTTP on 127.0.0.1: seeding, the URLs and settings each side connects with, an added latency per request, and the
 * server's own count of the requests it received.
 *
 * <p>The latency is applied by the server's HTTP front end to every request before it is served, so both sides see
 * it alike. Requests are counted at the server, whoever makes them.
 *
 * <p>Used by one scenario thread; closing it stops the server and discards every replica.
 */
final class ReplicaFixtures implements AutoCloseable {
    private final EmbeddedS3Server s3;
    // Owned by the scenario thread: the latency every request gets now.
    private Duration latency = Duration.ZERO;

    /**
     * A database seeded as a replica: a level-0 snapshot, as Litestream's first sync writes it.
     *
     * @param bucket   the bucket it is in
     * @param url      its Litestream-style URL ({@code s3://bucket/db?endpoint=...})
     * @param database the local database file it was seeded from
     * @param files    the replica's LTX files
     */
    record SeededReplica(String bucket, String url, Path database, List<LtxFileInfo> files) {
        /** Returns the bytes of all its LTX files. */
        long ltxBytes() {
            return files.stream().mapToLong(LtxFileInfo::size).sum();
        }
    }

    private ReplicaFixtures(EmbeddedS3Server s3) {
        this.s3 = s3;
    }

    /** Starts an embedded S3 server for the fixtures. */
    static ReplicaFixtures start() {
        return new ReplicaFixtures(EmbeddedS3Server.start());
    }

    /** Seeds a snapshot of {@code database} into a new bucket named {@code bucket}, at path {@code db}. */
    SeededReplica seed(String bucket, Path database) throws IOException {
        s3.createBucket(bucket);
        String url = "s3://" + bucket + "/db?endpoint=" + s3.endpoint() + "&force-path-style=true&region="
                + s3.region();
        try (Replica replica = replica(url)) {
            Seeder.seedDatabase(database, replica.client());
            return new SeededReplica(bucket, url, database, replica.client().list(0, 0));
        }
    }

    /** Opens ltxkit's replica client on {@code url}, with the options the VFS uses; close it after use. */
    Replica replica(String url) {
        return Replica.open(ReplicaUrl.parse(url), ReplicaOptions.builder().credentials(credentials()).build());
    }

    /** Returns the server's key pair, for ltxkit. */
    S3Credentials credentials() {
        EmbeddedS3Server.Credentials c = s3.credentials();
        return new S3Credentials(c.accessKeyId(), c.secretAccessKey());
    }

    /** Returns an ltxkit configuration of {@code replica} with ltxkit's defaults. */
    DatabaseConfig.Builder ltxkit(SeededReplica replica) {
        return DatabaseConfig.builder().replicaUrl(replica.url());
    }

    /** Returns the environment of a read-only Litestream VFS on {@code replica}, with Litestream's defaults. */
    Map<String, String> litestream(SeededReplica replica) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LITESTREAM_REPLICA_URL", replica.url());
        env.put("AWS_ACCESS_KEY_ID", s3.credentials().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", s3.credentials().secretAccessKey());
        return env;
    }

    /** Adds {@code perRequest} to every request from now on (zero for none), and forgets the request log. */
    void latency(Duration perRequest) {
        if (perRequest.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + perRequest);
        }
        latency = perRequest;
        resetRequestLog();
    }

    /** Returns the latency every request gets now. */
    Duration latency() {
        return latency;
    }

    /** Forgets the requests the server has seen; call it only while no request is in flight. */
    void resetRequestLog() {
        ServerFaults faults = s3.faults();
        faults.clear();
        if (!latency.isZero()) {
            for (S3Op op : S3Op.values()) {
                faults.delayNext(op, "", Integer.MAX_VALUE, latency);
            }
        }
    }

    /** Returns the requests the server received for {@code bucket} since the request log was last reset. */
    RequestCount requests(String bucket) {
        Map<S3Op, Long> counts = new EnumMap<>(S3Op.class);
        for (S3Op op : S3Op.values()) {
            long n = s3.faults().requestCount(op, bucket + "/");
            if (n > 0) {
                counts.put(op, n);
            }
        }
        return new RequestCount(counts);
    }

    @Override
    public void close() {
        s3.close();
    }

    /**
     * Requests of each kind that the server received.
     *
     * @param byOperation the count of each kind, kinds without requests left out
     */
    record RequestCount(Map<S3Op, Long> byOperation) {
        RequestCount {
            byOperation = Map.copyOf(byOperation);
            long total = byOperation.values().stream().mapToLong(Long::longValue).sum();
            if (total >= ServerFaults.REQUEST_LOG_CAPACITY) {
                throw new IllegalStateException("the server's request log is full (" + total
                        + " requests): reset it more often");
            }
        }

        /** Returns the number of requests of every kind. */
        long total() {
            return byOperation.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Returns the counts as "12 (2 LIST, 10 GET)". */
        String describe() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%,d", total()));
            if (!byOperation.isEmpty()) {
                sb.append(" (");
                String sep = "";
                for (S3Op op : S3Op.values()) {
                    Long n = byOperation.get(op);
                    if (n != null) {
                        sb.append(sep).append(String.format(Locale.ROOT, "%,d %s", n, name(op)));
                        sep = ", ";
                    }
                }
                sb.append(')');
            }
            return sb.toString();
        }

        private static String name(S3Op op) {
            return switch (op) {
                case LIST_OBJECTS -> "LIST";
                case GET_OBJECT -> "GET";
                case HEAD_OBJECT -> "HEAD";
                case PUT_OBJECT -> "PUT";
                case DELETE_OBJECT, DELETE_OBJECTS -> "DELETE";
                case OTHER -> "other";
            };
        }
    }
}
