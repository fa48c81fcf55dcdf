package io.github.ltxkit.fault;

import static io.github.ltxkit.fault.TestFiles.bytes;
import static io.github.ltxkit.fault.TestFiles.content;
import static io.github.ltxkit.fault.TestFiles.l0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.replica.TransientReplicaException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ConcurrentRequestsTest {
    private static final int THREADS = 8;
    private static final int REQUESTS_PER_THREAD = 500;

    @Test
    void eightThreadsUnderAProbabilityRuleLeaveAJournalWhoseCountsAddUp() throws Exception {
        InMemoryReplicaClient storage = new InMemoryReplicaClient();
        storage.put(l0(1), bytes(256, 1));
        StorageFaults faults = StorageFaults.seeded(21);
        ReplicaClient client = faults.wrap(storage);
        faults.onAny().probability(0.2).inject(Fault.serverError());
        faults.on(ReplicaOperation.LIST).probability(0.5).inject(Fault.staleListing(1));

        CountDownLatch start = new CountDownLatch(1);
        List<Future<int[]>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    return work(client, thread);
                }));
            }
            start.countDown();
            int failures = 0;
            int bytes = 0;
            for (Future<int[]> f : results) {
                int[] r = f.get(60, TimeUnit.SECONDS);
                failures += r[0];
                bytes += r[1];
            }

            RecordedRequests all = faults.journal().requests();
            int total = THREADS * REQUESTS_PER_THREAD;
            assertThat(all.size()).isEqualTo(total);
            assertThat(all.list()).extracting(RecordedRequest::sequence)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            all.assertNoneInFlight();
            assertThat(all.count(RecordedRequest::failed)).isEqualTo(failures);
            RecordedRequests writes = all.filter(r -> r.operation() == ReplicaOperation.WRITE);
            assertThat(writes.list()).allSatisfy(w -> assertThat(storage.contains(w.key())).isEqualTo(w.succeeded()));
            assertThat(all.stream().mapToLong(RecordedRequest::bytes).sum())
                    .isEqualTo(bytes + 64 * writes.count(RecordedRequest::succeeded));
            List<InjectedFault> injected = faults.injected();
            List<InjectedFault> errors = injected.stream().filter(i -> i.fault() instanceof Fault.ErrorResponse)
                    .toList();
            assertThat(errors).hasSize(failures);
            assertThat(errors).extracting(InjectedFault::sequence).containsExactlyElementsOf(
                    all.stream().filter(RecordedRequest::failed).map(RecordedRequest::sequence).toList());
            assertThat(all.stream().mapToLong(r -> r.faults().size()).sum()).isEqualTo(injected.size());
            assertThat(failures).isBetween(total / 10, total * 3 / 10);
        }
    }

    /** Makes this thread's requests; returns {failures seen, bytes read}. */
    private static int[] work(ReplicaClient client, int thread) throws Exception {
        int failures = 0;
        int bytes = 0;
        for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
            try {
                switch (i % 4) {
                    case 0 -> bytes += client.read(l0(1), 0, 128).length;
                    case 1 -> client.list(0, 1);
                    case 2 -> {
                        try (InputStream in = client.open(l0(1))) {
                            bytes += in.readAllBytes().length;
                        }
                    }
                    default -> client.createIfAbsent(writeKey(thread, i), content(64, i), Instant.EPOCH);
                }
            } catch (TransientReplicaException e) {
                failures++;
            }
        }
        return new int[] {failures, bytes};
    }

    private static LtxFileKey writeKey(int thread, int i) {
        return l0(1000L * (thread + 1) + i);
    }
}
