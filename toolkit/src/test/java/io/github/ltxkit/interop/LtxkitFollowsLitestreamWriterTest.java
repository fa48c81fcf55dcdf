package io.github.ltxkit.interop;

import static io.github.ltxkit.interop.InteropReplicas.LITESTREAM_TIMEOUT;
import static io.github.ltxkit.interop.InteropReplicas.credentials;
import static io.github.ltxkit.interop.InteropReplicas.litestreamReader;
import static io.github.ltxkit.interop.InteropReplicas.litestreamWriter;
import static io.github.ltxkit.interop.InteropReplicas.ltxkit;
import static io.github.ltxkit.interop.InteropReplicas.newReplicaUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 4: an ltxkit read-only database follows a replica that the real Litestream VFS (0.5.17, write mode) keeps
 * committing to on the embedded S3 server, while reader threads run transactions the whole time.
 *
 * <p>Litestream grows the database in one {@code sqlite3} process per batch (a long-running Litestream writer breaks
 * after its first upload when the database grows), each uploading one level-0 file when it closes. Skipped, with the
 * reason, where the Litestream VFS cannot run.
 */
class LtxkitFollowsLitestreamWriterTest {
    private static final int BATCHES = 9;
    private static final int READERS = 2;

    private static LitestreamVfs litestream;

    private io.github.ltxkit.vfs.LitestreamVfs vfs;

    @BeforeAll
    static void detectLitestream() {
        Availability availability = LitestreamVfs.detect();
        Assumptions.assumeTrue(availability.isAvailable(), availability.reason());
        litestream = availability.vfs();
    }

    @BeforeEach
    void registerLtxkit() {
        vfs = io.github.ltxkit.vfs.LitestreamVfs.register("ltxkit-follows-" + System.nanoTime(), Map.of());
    }

    @AfterEach
    void closeLtxkit() {
        vfs.close();
    }

    /** What one reader thread saw, in order; owned by that thread until it has been joined. */
    private static final class Reader {
        final List<Integer> batchesSeen = new ArrayList<>();
        // Written by the reader thread, read by the test thread while it waits.
        volatile int lastBatch;
    }

    @Test
    void everyReadTransactionSeesOneStateLitestreamCommittedAndTheLastStateExactly() throws Exception {
        String url = newReplicaUrl("followed/app.db");
        List<List<List<String>>> states = SampleData.referenceStates(BATCHES);
        Map<String, Integer> batchByDigest = new HashMap<>();
        for (int i = 0; i < states.size(); i++) {
            batchByDigest.put(Rows.digest(states.get(i)), i + 1);
        }
        assertThat(batchByDigest).as("every batch changes the rows").hasSize(BATCHES);
        LitestreamConfig writer = litestreamWriter(url);
        litestream.run(writer, SampleData.script(1), LITESTREAM_TIMEOUT).requireSuccess();

        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong transactions = new AtomicLong();
        List<Reader> readers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try (ReplicaDatabase db = vfs.open("followed.db", ltxkit(url).build(), credentials())) {
            for (int r = 0; r < READERS; r++) {
                Reader reader = new Reader();
                readers.add(reader);
                threads.add(Thread.ofPlatform().name("ltxkit-reader-" + r).start(() -> {
                    try (Connection c = db.connect()) {
                        while (!stop.get()) {
                            List<List<String>> rows = Rows.read(c);
                            transactions.incrementAndGet();
                            Integer batch = batchByDigest.get(Rows.digest(rows));
                            if (batch == null) {
                                problems.add("a transaction saw rows of no committed state (" + rows.size() + " rows)");
                                return;
                            }
                            if (batch < reader.lastBatch) {
                                problems.add("a transaction went back from batch " + reader.lastBatch + " to " + batch);
                            }
                            if (reader.batchesSeen.isEmpty() || !reader.batchesSeen.getLast().equals(batch)) {
                                reader.batchesSeen.add(batch);
                            }
                            reader.lastBatch = batch;
                        }
                    } catch (Exception e) {
                        problems.add("a reader failed: " + e);
                    }
                }));
            }
            for (int n = 1; n <= BATCHES; n++) {
                if (n > 1) {
                    long before = transactions.get();
                    litestream.run(writer, SampleData.script(n), LITESTREAM_TIMEOUT).requireSuccess();
                    assertThat(transactions.get()).as("read transactions while Litestream wrote batch %d", n)
                            .isGreaterThan(before);
                }
                int batch = n;
                await().atMost(Duration.ofSeconds(30)).until(() -> !problems.isEmpty()
                        || readers.stream().allMatch(r -> r.lastBatch == batch));
                assertThat(problems).isEmpty();
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
                assertThat(t.isAlive()).as("%s still running", t.getName()).isFalse();
            }

            assertThat(problems).isEmpty();
            for (Reader reader : readers) {
                assertThat(reader.batchesSeen).as("the batches one reader saw, in order")
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, BATCHES).boxed().toList());
            }
            assertThat(db.txid()).isEqualTo(BATCHES);
            try (Connection c = db.connect()) {
                assertThat(Rows.read(c)).isEqualTo(states.getLast());
            }
            assertThat(db.checksum()).as("checksum of the state ltxkit serves")
                    .isEqualTo(InteropReplicas.postApplyChecksum(url));
        } finally {
            stop.set(true);
        }
        assertThat(InteropReplicas.keys(url, 0)).containsExactlyElementsOf(LongStream.rangeClosed(1, BATCHES)
                .mapToObj(txid -> LtxFileKey.of(0, txid, txid)).toList());
        Rows.LitestreamRead litestreamRead = Rows.readWithLitestream(litestream, litestreamReader(url),
                LITESTREAM_TIMEOUT);
        assertThat(litestreamRead.integrity()).isEqualTo("ok");
        assertThat(litestreamRead.rows()).as("Litestream's own reading of the replica").isEqualTo(states.getLast());
    }
}
