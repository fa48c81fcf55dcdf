package io.github.ltxkit.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.replica.ReplicaMetricsSnapshot.OperationStats;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaTest {
    private static final LtxFileKey KEY = LtxFileKey.of(0, 1, 1);
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 1);

    @Test
    void transientBackendFailuresAreRetriedAboveTheMetricsSoEveryAttemptIsCounted() throws Exception {
        InMemoryReplicaClient backend = new InMemoryReplicaClient().put(KEY, new byte[4], T);
        backend.failNext(ReplicaOperation.READ, 2,
                () -> new TransientReplicaException(ReplicaOperation.READ, null, "HTTP 500", null));

        try (Replica replica = Replica.wrap(backend, ReplicaOptions.builder().retryPolicy(FAST).build())) {
            assertThat(replica.client().read(KEY, 0, 4)).hasSize(4);
            assertThat(replica.metrics().snapshot().get(ReplicaOperation.READ))
                    .isEqualTo(new OperationStats(3, 4, 2));
        }
    }

    @Test
    void theDecoratorSitsBetweenTheMetricsAndTheRetries() throws Exception {
        InMemoryReplicaClient backend = new InMemoryReplicaClient().put(KEY, new byte[4], T);
        List<ReplicaClient> decorated = new ArrayList<>();
        int[] failuresLeft = {1};
        ReplicaOptions options = ReplicaOptions.builder().retryPolicy(FAST).decorator(below -> {
            decorated.add(below);
            return new ForwardingClient(below) {
                @Override
                public byte[] read(LtxFileKey key, long offset, int length) throws ReplicaException {
                    if (failuresLeft[0]-- > 0) {
                        throw new TransientReplicaException(ReplicaOperation.READ, null, "injected", null);
                    }
                    return super.read(key, offset, length);
                }
            };
        }).build();

        try (Replica replica = Replica.wrap(backend, options)) {
            assertThat(replica.client().read(KEY, 0, 4)).hasSize(4);
            assertThat(decorated).singleElement().isInstanceOf(MeteredReplicaClient.class);
            assertThat(replica.client()).isInstanceOf(RetryingReplicaClient.class);
            // the injected failure never reached the backend, so only the successful attempt is metered
            assertThat(replica.metrics().snapshot().get(ReplicaOperation.READ))
                    .isEqualTo(new OperationStats(1, 4, 0));
        }
    }

    @Test
    void aWrappedBackendHasNoUrlAndDescribesItself() {
        try (Replica replica = Replica.wrap(new InMemoryReplicaClient(), ReplicaOptions.defaults())) {
            assertThat(replica.url()).isNull();
            assertThat(replica.describe()).isEqualTo("memory://test");
        }
    }

    @Test
    void closingTheReplicaClosesTheBackend() {
        InMemoryReplicaClient backend = new InMemoryReplicaClient();
        Replica.wrap(backend, ReplicaOptions.defaults()).close();

        assertThat(backend.isClosed()).isTrue();
    }

    @Test
    void aFileUrlOpensADirectoryReplica(@TempDir Path dir) throws Exception {
        ReplicaUrl url = ReplicaUrl.directory(dir);
        try (Replica replica = Replica.open(url, ReplicaOptions.defaults())) {
            replica.client().createIfAbsent(KEY, UploadContent.of(new byte[] {1, 2}), T);

            assertThat(replica.url()).isEqualTo(url);
            assertThat(replica.describe()).isEqualTo(url.toString());
            assertThat(dir.resolve("ltx/0/0000000000000001-0000000000000001.ltx")).hasBinaryContent(new byte[] {1, 2});
        }
    }

    @Test
    void openingAnS3ReplicaSendsNothingUntilTheFirstRequest() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ReplicaUrl url = ReplicaUrl.parse("s3://bucket/db?endpoint=127.0.0.1:" + closedPort);
        ReplicaOptions options = ReplicaOptions.builder().retryPolicy(FAST)
                .credentials(new S3Credentials("AKIDEXAMPLE", "secret-example")).build();

        try (Replica replica = Replica.open(url, options)) {
            assertThatThrownBy(() -> replica.client().list(0, 0))
                    .isInstanceOf(ReplicaAccessException.class)
                    .hasMessageContaining("cannot connect to http://127.0.0.1:" + closedPort);
        }
    }

    @Test
    void optionsRejectNonsenseAndHideTheSecret() {
        assertThatThrownBy(() -> ReplicaOptions.builder().maxConnections(0).build())
                .hasMessage("maxConnections must be at least 1: 0");
        assertThatThrownBy(() -> ReplicaOptions.builder().requestTimeout(Duration.ZERO).build())
                .hasMessage("requestTimeout must be positive: PT0S");
        ReplicaOptions options = ReplicaOptions.builder().credentials(new S3Credentials("AKID", "s3cr3t")).build();
        assertThat(options.toString()).contains("AKID").doesNotContain("s3cr3t");
        assertThat(options.credentials().toString()).doesNotContain("s3cr3t");
        assertThat(options.toBuilder().build()).isEqualTo(options);
    }

    /** Passes every call through; tests override what they need. */
    private static class ForwardingClient implements ReplicaClient {
        private final ReplicaClient delegate;

        ForwardingClient(ReplicaClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public String describe() {
            return delegate.describe();
        }

        @Override
        public List<LtxFileInfo> list(int level, long minTxid) throws ReplicaException {
            return delegate.list(level, minTxid);
        }

        @Override
        public byte[] read(LtxFileKey key, long offset, int length) throws ReplicaException {
            return delegate.read(key, offset, length);
        }

        @Override
        public java.io.InputStream open(LtxFileKey key) throws ReplicaException {
            return delegate.open(key);
        }

        @Override
        public void createIfAbsent(LtxFileKey key, UploadContent content, Instant createdAt)
                throws ReplicaException {
            delegate.createIfAbsent(key, content, createdAt);
        }

        @Override
        public void delete(java.util.Collection<LtxFileKey> keys) throws ReplicaException {
            delegate.delete(keys);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
