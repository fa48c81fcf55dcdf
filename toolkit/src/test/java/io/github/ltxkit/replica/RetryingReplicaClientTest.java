package io.github.ltxkit.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetryingReplicaClientTest {
    private static final LtxFileKey KEY = LtxFileKey.of(0, 5, 5);
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    private final InMemoryReplicaClient backend = new InMemoryReplicaClient();
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<String> infoLogs = new ArrayList<>();
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel() == java.util.logging.Level.INFO) {
                infoLogs.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Sleeper sleeper = sleeps::add;

    @BeforeEach
    void captureLogs() {
        Logger.getLogger(RetryingReplicaClient.class.getName()).addHandler(logCapture);
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger(RetryingReplicaClient.class.getName()).removeHandler(logCapture);
    }

    private RetryingReplicaClient client(int maxAttempts) {
        return new RetryingReplicaClient(backend, RetryPolicy.DEFAULT.withMaxAttempts(maxAttempts),
                d -> sleeper.sleep(d), new Random(1));
    }

    private static TransientReplicaException transientFailure() {
        return new TransientReplicaException(ReplicaOperation.READ, KEY.toString(), "HTTP 503 SlowDown", null);
    }

    @Test
    void retriesTransientFailuresUntilTheCallSucceeds() throws Exception {
        backend.put(KEY, bytes("hello"), T);
        backend.failNext(ReplicaOperation.READ, 2, RetryingReplicaClientTest::transientFailure);

        assertThat(client(6).read(KEY, 0, 5)).isEqualTo(bytes("hello"));
        assertThat(backend.calls(ReplicaOperation.READ)).isEqualTo(3);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isLessThanOrEqualTo(Duration.ofMillis(25));
        assertThat(sleeps.get(1)).isLessThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void neverRetriesAFailureThatIsNotTransient() {
        backend.failNext(ReplicaOperation.LIST, 1,
                () -> new ReplicaAccessException(ReplicaOperation.LIST, null, "access denied", null));

        assertThatThrownBy(() -> client(6).list(0, 0)).isInstanceOf(ReplicaAccessException.class);
        assertThatThrownBy(() -> client(6).read(KEY, 0, 1)).isInstanceOf(ObjectNotFoundException.class);
        assertThat(backend.calls(ReplicaOperation.LIST)).isEqualTo(1);
        assertThat(backend.calls(ReplicaOperation.READ)).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void givesUpAfterTheLastAttemptSayingHowManyWereMade() {
        backend.failNext(ReplicaOperation.READ, 100, RetryingReplicaClientTest::transientFailure);

        assertThatThrownBy(() -> client(4).read(KEY, 0, 1))
                .isInstanceOf(TransientReplicaException.class)
                .hasMessage("read L0/0000000000000005-0000000000000005.ltx: gave up after 4 attempts: HTTP 503 SlowDown")
                .hasCauseInstanceOf(TransientReplicaException.class);
        assertThat(backend.calls(ReplicaOperation.READ)).isEqualTo(4);
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void anAmbiguousWriteThatStoredTheSameBytesIsASuccess() throws Exception {
        backend.failNextWriteAfterApplying(1, () -> new TransientReplicaException(ReplicaOperation.WRITE,
                KEY.toString(), "connection reset", null));

        client(6).createIfAbsent(KEY, UploadContent.of(bytes("payload")), T);

        assertThat(backend.calls(ReplicaOperation.WRITE)).isEqualTo(2);
        assertThat(backend.stored(KEY).bytes()).isEqualTo(bytes("payload"));
        assertThat(infoLogs).anySatisfy(m -> assertThat(m)
                .startsWith("ambiguous write resolved: an earlier attempt stored it"));
    }

    @Test
    void anAmbiguousWriteLosesWhenAnotherWriterStoredDifferentBytes() {
        backend.failNext(ReplicaOperation.WRITE, 1, () -> new TransientReplicaException(ReplicaOperation.WRITE,
                KEY.toString(), "HTTP 500 InternalError", null));
        sleeper = d -> backend.put(KEY, bytes("theirs!"), T); // another writer wins while we wait

        assertThatThrownBy(() -> client(6).createIfAbsent(KEY, UploadContent.of(bytes("payload")), T))
                .isInstanceOf(ObjectAlreadyExistsException.class);
        assertThat(backend.stored(KEY).bytes()).isEqualTo(bytes("theirs!"));
    }

    @Test
    void anAmbiguousWriteLosesWhenTheStoredObjectOnlyStartsWithTheSameBytes() {
        backend.failNext(ReplicaOperation.WRITE, 1, () -> new TransientReplicaException(ReplicaOperation.WRITE,
                KEY.toString(), "HTTP 500 InternalError", null));
        sleeper = d -> backend.put(KEY, bytes("payload+more"), T);

        assertThatThrownBy(() -> client(6).createIfAbsent(KEY, UploadContent.of(bytes("payload")), T))
                .isInstanceOf(ObjectAlreadyExistsException.class);
    }

    @Test
    void aConflictOnTheFirstAttemptIsThrownWithoutReadingBack() {
        backend.put(KEY, bytes("payload"), T);

        assertThatThrownBy(() -> client(6).createIfAbsent(KEY, UploadContent.of(bytes("payload")), T))
                .isInstanceOf(ObjectAlreadyExistsException.class);
        assertThat(backend.calls(ReplicaOperation.READ)).isZero();
    }

    @Test
    void anInterruptWhileWaitingStopsRetryingAndKeepsTheInterruptFlag() {
        backend.failNext(ReplicaOperation.LIST, 5, RetryingReplicaClientTest::transientFailure);
        sleeper = d -> {
            throw new InterruptedException("stop");
        };
        try {
            assertThatThrownBy(() -> client(6).list(0, 0))
                    .isInstanceOf(TransientReplicaException.class)
                    .hasMessageContaining("gave up after 1 attempt: ");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(backend.calls(ReplicaOperation.LIST)).isEqualTo(1);
    }

    @Test
    void openRetriesOpeningTheStream() throws Exception {
        backend.put(KEY, bytes("stream"), T);
        backend.failNext(ReplicaOperation.READ, 1, RetryingReplicaClientTest::transientFailure);

        try (InputStream in = client(6).open(KEY)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes("stream"));
        }
    }

    @Test
    void deleteAndListAreRetriedToo() throws Exception {
        backend.put(KEY, bytes("x"), T);
        backend.failNext(ReplicaOperation.DELETE, 1, RetryingReplicaClientTest::transientFailure);
        backend.failNext(ReplicaOperation.LIST, 1, RetryingReplicaClientTest::transientFailure);

        client(6).delete(List.of(KEY));
        assertThat(client(6).list(0, 0)).isEmpty();
        assertThat(backend.calls(ReplicaOperation.DELETE)).isEqualTo(2);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
