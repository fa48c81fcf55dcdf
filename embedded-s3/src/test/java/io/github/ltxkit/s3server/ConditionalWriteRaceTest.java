package io.github.ltxkit.s3server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Conditional PUTs racing on one key: exactly one writer may win each round. */
class ConditionalWriteRaceTest {
    private static final int THREADS = 16;
    private static final int ROUNDS = 20;
    private static final String BUCKET = "race";

    private static EmbeddedS3Server server;
    private static S3Client s3;
    private static ExecutorService pool;

    @BeforeAll
    static void startServer() {
        server = EmbeddedS3Server.start();
        server.createBucket(BUCKET);
        s3 = TestClients.client(server);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    static void stopServer() {
        pool.shutdownNow();
        s3.close();
        server.close();
    }

    @Test
    void exactlyOneOfSixteenIfNoneMatchWritersWinsEachRound() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String key = "inm/round-" + round;
            List<Outcome> outcomes = race(writer -> s3.putObject(b -> b.bucket(BUCKET).key(key).ifNoneMatch("*"),
                    RequestBody.fromString("writer " + writer)));

            assertThat(outcomes).as("round %d", round).filteredOn(o -> o == Outcome.WON).hasSize(1);
            assertThat(outcomes).as("round %d", round).filteredOn(o -> o == Outcome.PRECONDITION_FAILED)
                    .hasSize(THREADS - 1);
        }
    }

    @Test
    void exactlyOneOfSixteenIfMatchWritersHoldingTheSameETagWinsEachRound() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String key = "im/round-" + round;
            String etag = s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("original")).eTag();

            List<Outcome> outcomes = race(writer -> s3.putObject(b -> b.bucket(BUCKET).key(key).ifMatch(etag),
                    RequestBody.fromString("writer " + writer)));

            assertThat(outcomes).as("round %d", round).filteredOn(o -> o == Outcome.WON).hasSize(1);
            assertThat(outcomes).as("round %d", round).filteredOn(o -> o == Outcome.PRECONDITION_FAILED)
                    .hasSize(THREADS - 1);
            String stored = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
            assertThat(stored).startsWith("writer ");
        }
    }

    private enum Outcome { WON, PRECONDITION_FAILED }

    private interface Writer {
        void write(int writer);
    }

    private static List<Outcome> race(Writer writer) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    writer.write(id);
                    return Outcome.WON;
                } catch (S3Exception e) {
                    if (e.statusCode() == 412) {
                        return Outcome.PRECONDITION_FAILED;
                    }
                    throw e;
                }
            }));
        }
        start.countDown();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            outcomes.add(f.get());
        }
        return outcomes;
    }
}
