package io.github.ltxkit.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.replica.ReplicaMetricsSnapshot.OperationStats;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MeteredReplicaClientTest {
    private static final LtxFileKey KEY = LtxFileKey.of(0, 1, 1);
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    private final InMemoryReplicaClient backend = new InMemoryReplicaClient();
    private final ReplicaMetrics metrics = new ReplicaMetrics();
    private final MeteredReplicaClient client = new MeteredReplicaClient(backend, metrics);

    @Test
    void countsRequestsBytesAndErrorsPerOperation() throws Exception {
        client.createIfAbsent(KEY, UploadContent.of(new byte[100]), T);
        client.read(KEY, 10, 30);
        try (InputStream in = client.open(KEY)) {
            in.readAllBytes();
        }
        client.list(0, 0);
        assertThatThrownBy(() -> client.read(LtxFileKey.of(0, 2, 2), 0, 1))
                .isInstanceOf(ObjectNotFoundException.class);
        client.delete(List.of(KEY));

        ReplicaMetricsSnapshot s = metrics.snapshot();
        assertThat(s.get(ReplicaOperation.WRITE)).isEqualTo(new OperationStats(1, 100, 0));
        assertThat(s.get(ReplicaOperation.READ)).isEqualTo(new OperationStats(3, 130, 1));
        assertThat(s.get(ReplicaOperation.LIST)).isEqualTo(new OperationStats(1, 0, 0));
        assertThat(s.get(ReplicaOperation.DELETE)).isEqualTo(new OperationStats(1, 0, 0));
        assertThat(s.totalRequests()).isEqualTo(6);
        assertThat(s.totalErrors()).isEqualTo(1);
    }

    @Test
    void aFailedWriteStillCountsItsUploadAndAnError() throws Exception {
        backend.put(KEY, new byte[1], T);

        assertThatThrownBy(() -> client.createIfAbsent(KEY, UploadContent.of(new byte[10]), T))
                .isInstanceOf(ObjectAlreadyExistsException.class);
        assertThat(metrics.snapshot().get(ReplicaOperation.WRITE)).isEqualTo(new OperationStats(1, 10, 1));
    }

    @Test
    void aStreamThatFailsWhileBeingReadCountsOneError() throws Exception {
        ReplicaClient failingStreams = new MeteredReplicaClient(new InMemoryReplicaClient() {
            @Override
            public InputStream open(LtxFileKey key) {
                return new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new TransientReplicaException(ReplicaOperation.READ, key.toString(), "reset", null);
                    }
                };
            }
        }, metrics);

        try (InputStream in = failingStreams.open(KEY)) {
            assertThatThrownBy(in::read).isInstanceOf(TransientReplicaException.class);
            assertThatThrownBy(in::read).isInstanceOf(TransientReplicaException.class);
        }
        assertThat(metrics.snapshot().get(ReplicaOperation.READ)).isEqualTo(new OperationStats(1, 0, 1));
    }

    @Test
    void snapshotsAreImmutableAndDiffable() throws Exception {
        client.createIfAbsent(KEY, UploadContent.of(new byte[8]), T);
        ReplicaMetricsSnapshot before = metrics.snapshot();
        client.read(KEY, 0, 8);
        client.read(KEY, 0, 4);
        ReplicaMetricsSnapshot after = metrics.snapshot();

        ReplicaMetricsSnapshot diff = after.minus(before);
        assertThat(diff.get(ReplicaOperation.READ)).isEqualTo(new OperationStats(2, 12, 0));
        assertThat(diff.get(ReplicaOperation.WRITE)).isEqualTo(OperationStats.ZERO);
        assertThat(before.get(ReplicaOperation.READ)).isEqualTo(OperationStats.ZERO);
        assertThatThrownBy(() -> after.operations().put(ReplicaOperation.READ, OperationStats.ZERO))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void countsExactlyUnderConcurrentUse() throws Exception {
        client.createIfAbsent(KEY, UploadContent.of(new byte[3]), T);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        client.read(KEY, 0, 3);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(metrics.snapshot().get(ReplicaOperation.READ)).isEqualTo(new OperationStats(8000, 24000, 0));
    }
}
