package io.github.ltxkit.fault;

import static io.github.ltxkit.fault.TestFiles.bytes;
import static io.github.ltxkit.fault.TestFiles.content;
import static io.github.ltxkit.fault.TestFiles.l0;
import static io.github.ltxkit.replica.ReplicaOperation.LIST;
import static io.github.ltxkit.replica.ReplicaOperation.READ;
import static io.github.ltxkit.replica.ReplicaOperation.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Timing faults. Only lower bounds are asserted: a loaded machine may always be slower. */
class LatencyAndBandwidthTest {
    private static final int MIB = 1 << 20;

    private final InMemoryReplicaClient storage = new InMemoryReplicaClient();
    private final StorageFaults faults = StorageFaults.seeded(3);
    private final ReplicaClient client = faults.wrap(storage);

    @Test
    void latencyDelaysTheRequestByAtLeastItsDelayAndThenCarriesItOut() throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(100, 1));
        faults.on(READ).times(1).inject(Fault.latency(Duration.ofMillis(150)));

        long start = System.nanoTime();
        byte[] read = client.read(key, 0, 100);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(read).isEqualTo(bytes(100, 1));
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        RecordedRequest recorded = faults.journal().find(1).orElseThrow();
        assertThat(recorded.succeeded()).isTrue();
        assertThat(recorded.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(recorded.faults()).containsExactly(Fault.latency(Duration.ofMillis(150)));
        assertThat(faults.injected()).extracting(InjectedFault::fault)
                .containsExactly(Fault.latency(Duration.ofMillis(150)));
    }

    @Test
    void latencyDelaysAFailingRequestTooAndTheDelaysOfSeveralRulesAddUp() throws Exception {
        faults.on(LIST).inject(Fault.latency(Duration.ofMillis(60)));
        faults.on(LIST).inject(Fault.latency(Duration.ofMillis(60)));
        faults.on(LIST).inject(Fault.slowDown());

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.list(0, 1))
                .hasMessage("list 0/: 503 SlowDown (injected)");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(120));
        RecordedRequest recorded = faults.journal().find(1).orElseThrow();
        assertThat(recorded.failed()).isTrue();
        assertThat(recorded.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(120));
        assertThat(recorded.faults()).containsExactly(Fault.latency(Duration.ofMillis(60)),
                Fault.latency(Duration.ofMillis(60)), Fault.slowDown());
    }

    @Test
    void bandwidthSlowsAOneMebibyteReadToRoughlyTheCap() throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(MIB, 1));
        faults.on(READ).inject(Fault.bandwidth(4L * MIB));

        long start = System.nanoTime();
        byte[] read = client.read(key, 0, MIB);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(read).isEqualTo(bytes(MIB, 1));
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        RecordedRequest recorded = faults.journal().find(1).orElseThrow();
        assertThat(recorded.bytes()).isEqualTo(MIB);
        assertThat(recorded.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(recorded.faults()).containsExactly(Fault.bandwidth(4L * MIB));
    }

    @Test
    void bandwidthThrottlesTheStreamOfAWholeObjectOpen() throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(MIB, 2));
        faults.on(READ).inject(Fault.bandwidth(4L * MIB));

        long start = System.nanoTime();
        byte[] read;
        try (InputStream in = client.open(key)) {
            RecordedRequest opened = faults.journal().find(1).orElseThrow();
            assertThat(opened.inFlight()).isTrue();
            assertThat(opened.bytes()).isZero();
            read = in.readAllBytes();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(read).isEqualTo(bytes(MIB, 2));
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        RecordedRequest recorded = faults.journal().find(1).orElseThrow();
        assertThat(recorded.isWholeObjectRead()).isTrue();
        assertThat(recorded.succeeded()).isTrue();
        assertThat(recorded.bytes()).isEqualTo(MIB);
        assertThat(recorded.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void bandwidthThrottlesAWriteByItsContentLength() throws Exception {
        LtxFileKey key = l0(1);
        faults.on(WRITE).inject(Fault.bandwidth(2L * MIB));

        long start = System.nanoTime();
        client.createIfAbsent(key, content(MIB / 2, 3), Instant.EPOCH);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(storage.bytes(key)).contains(bytes(MIB / 2, 3));
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        RecordedRequest recorded = faults.journal().find(1).orElseThrow();
        assertThat(recorded.bytes()).isEqualTo(MIB / 2);
        assertThat(recorded.length()).isEqualTo(MIB / 2);
        assertThat(recorded.faults()).containsExactly(Fault.bandwidth(2L * MIB));
    }
}
