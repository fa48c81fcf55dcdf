package io.github.ltxkit.bench.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.bench.read.ReplicaFixtures.SeededReplica;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.s3server.S3Op;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaFixturesTest {
    @TempDir
    static Path dir;
    static ReplicaFixtures fixtures;
    static SeededReplica replica;

    @BeforeAll
    static void seed() throws Exception {
        Path db = dir.resolve("small.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("create table t (x)");
            s.execute("insert into t values (1), (2)");
        }
        fixtures = ReplicaFixtures.start();
        replica = fixtures.seed("fixtures-test", db);
    }

    @AfterAll
    static void stop() {
        fixtures.close();
    }

    @Test
    void aSeededReplicaHoldsOneLevelZeroSnapshot() {
        assertThat(replica.files()).singleElement()
                .satisfies(f -> assertThat(f.key().fileName()).isEqualTo("0000000000000001-0000000000000001.ltx"));
        assertThat(replica.ltxBytes()).isEqualTo(replica.files().getFirst().size()).isPositive();
        assertThat(replica.url()).startsWith("s3://fixtures-test/db?endpoint=http://127.0.0.1:")
                .endsWith("&force-path-style=true&region=us-east-1");
    }

    @Test
    void theLatencyHoldsEveryRequestAndTheServerCountsRequestsPerBucket() throws Exception {
        try (Replica client = fixtures.replica(replica.url())) {
            fixtures.latency(Duration.ofMillis(80));
            long start = System.nanoTime();
            client.client().list(0, 0);
            client.client().read(replica.files().getFirst().key(), 0, 100);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(elapsedMs).isGreaterThanOrEqualTo(160);
            assertThat(fixtures.requests("fixtures-test").byOperation())
                    .isEqualTo(Map.of(S3Op.LIST_OBJECTS, 1L, S3Op.GET_OBJECT, 1L));
            assertThat(fixtures.requests("fixtures-test").describe()).isEqualTo("2 (1 LIST, 1 GET)");
            assertThat(fixtures.requests("another-bucket").total()).isZero();

            fixtures.resetRequestLog();
            assertThat(fixtures.requests("fixtures-test").total()).isZero();
            assertThat(fixtures.latency()).isEqualTo(Duration.ofMillis(80));
        } finally {
            fixtures.latency(Duration.ZERO);
        }
    }

    @Test
    void theLitestreamEnvironmentNamesTheReplicaAndTheServersKeys() {
        Map<String, String> env = fixtures.litestream(replica);

        assertThat(env).containsEntry("LITESTREAM_REPLICA_URL", replica.url())
                .containsKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        assertThat(fixtures.ltxkit(replica).build().replicaUrl()).isEqualTo(replica.url());
    }
}
