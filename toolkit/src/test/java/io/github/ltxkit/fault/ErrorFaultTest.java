package io.github.ltxkit.fault;

import static io.github.ltxkit.fault.TestFiles.bytes;
import static io.github.ltxkit.fault.TestFiles.content;
import static io.github.ltxkit.fault.TestFiles.l0;
import static io.github.ltxkit.replica.ReplicaOperation.LIST;
import static io.github.ltxkit.replica.ReplicaOperation.READ;
import static io.github.ltxkit.replica.ReplicaOperation.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.github.ltxkit.fault.RecordedRequest.Outcome;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ObjectAlreadyExistsException;
import io.github.ltxkit.replica.ObjectNotFoundException;
import io.github.ltxkit.replica.ReplicaAccessException;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.TransientReplicaException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorFaultTest {
    private final InMemoryReplicaClient storage = new InMemoryReplicaClient();
    private final StorageFaults faults = StorageFaults.seeded(11);
    private final ReplicaClient client = faults.wrap(storage);

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "500, InternalError, TransientReplicaException",
        "503, SlowDown, TransientReplicaException",
        "502, BadGateway, TransientReplicaException",
        "408, RequestTimeout, TransientReplicaException",
        "429, TooManyRequests, TransientReplicaException",
        "404, NoSuchKey, ObjectNotFoundException",
        "412, PreconditionFailed, ObjectAlreadyExistsException",
        "403, AccessDenied, ReplicaAccessException",
        "401, Unauthorized, ReplicaAccessException",
        "400, InvalidRequest, ReplicaException",
        "416, InvalidRange, ReplicaException",
    })
    void anErrorResponseRaisesTheExceptionARealBackendRaisesForItsStatus(int status, String code, String type)
            throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(100, 1));
        Fault.ErrorResponse error = Fault.error(status, code);
        FaultRule rule = faults.on(READ).inject(error);

        ReplicaException e = catchThrowableOfType(ReplicaException.class, () -> client.read(key, 0, 100));

        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e.isTransient()).isEqualTo(type.equals("TransientReplicaException"));
        assertThat(e.operation()).isEqualTo(READ);
        assertThat(e.key()).isEqualTo("0/0000000000000001-0000000000000001.ltx");
        assertThat(e).hasMessage("read 0/0000000000000001-0000000000000001.ltx: " + status + " " + code
                + " (injected)");
        assertThat(faults.injected()).containsExactly(
                new InjectedFault(1, READ, "0/0000000000000001-0000000000000001.ltx", error, Optional.of(rule)));
        RecordedRequest recorded = faults.journal().find(1).orElseThrow();
        assertThat(recorded.outcome()).isEqualTo(new Outcome.Failed(e.getClass(), e.getMessage()));
        assertThat(recorded.faults()).containsExactly(error);
        assertThat(recorded.bytes()).isZero();
    }

    @Test
    void theExceptionTypesAreTheReplicaFailureKinds() throws Exception {
        LtxFileKey key = l0(1);
        faults.on(WRITE).times(1).inject(Fault.preconditionFailed());
        faults.on(WRITE).times(1).inject(Fault.accessDenied());
        faults.on(WRITE).times(1).inject(Fault.notFound());

        assertThatThrownBy(() -> client.createIfAbsent(key, content(1, 1), Instant.EPOCH))
                .isExactlyInstanceOf(ObjectAlreadyExistsException.class);
        assertThatThrownBy(() -> client.createIfAbsent(key, content(1, 1), Instant.EPOCH))
                .isExactlyInstanceOf(ReplicaAccessException.class);
        assertThatThrownBy(() -> client.createIfAbsent(key, content(1, 1), Instant.EPOCH))
                .isExactlyInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void anInjectedWriteErrorDoesNotStoreTheFile() throws Exception {
        LtxFileKey key = l0(1);
        faults.on(WRITE).times(1).inject(Fault.slowDown());

        assertThatThrownBy(() -> client.createIfAbsent(key, content(64, 1), Instant.EPOCH))
                .isInstanceOf(TransientReplicaException.class);
        assertThat(storage.contains(key)).isFalse();

        client.createIfAbsent(key, content(64, 1), Instant.EPOCH);
        assertThat(storage.bytes(key)).contains(bytes(64, 1));
        assertThat(faults.journal().requests().list()).extracting(RecordedRequest::succeeded, RecordedRequest::bytes)
                .containsExactly(tuple(false, 0L),
                        tuple(true, 64L));
    }

    @Test
    void timesFailsTheFirstMatchingRequestsThenLetsTheRestThrough() throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(10, 1));
        faults.on(READ).matching("0/*").times(2).inject(Fault.slowDown());

        List<Boolean> failed = IntStream.range(0, 5).mapToObj(i -> failsToRead(key)).toList();

        assertThat(failed).containsExactly(true, true, false, false, false);
        assertThat(faults.injected()).extracting(InjectedFault::sequence).containsExactly(1L, 2L);
        assertThat(faults.journal().requests().list()).extracting(RecordedRequest::failed)
                .containsExactly(true, true, false, false, false);
    }

    @Test
    void afterLetsTheFirstMatchingRequestsThroughThenTimesFailsTheNext() throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(10, 1));
        faults.on(READ).after(2).times(2).inject(Fault.serverError());

        List<Boolean> failed = IntStream.range(0, 6).mapToObj(i -> failsToRead(key)).toList();

        assertThat(failed).containsExactly(false, false, true, true, false, false);
        assertThat(faults.injected()).extracting(InjectedFault::sequence).containsExactly(3L, 4L);
    }

    @Test
    void alwaysFailsEveryMatchingRequestAndOnlyThose() throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(10, 1));
        faults.on(READ).always().inject(Fault.serverError());

        for (int i = 0; i < 4; i++) {
            assertThat(failsToRead(key)).isTrue();
            assertThat(client.list(0, 1)).hasSize(1);
        }
        assertThat(faults.injected()).extracting(InjectedFault::sequence).containsExactly(1L, 3L, 5L, 7L);
        assertThat(faults.journal().count(READ)).isEqualTo(4);
        assertThat(faults.journal().count(LIST)).isEqualTo(4);
    }

    @Test
    void requestsThatOtherRulesDoNotMatchDoNotCountTowardsTimes() throws Exception {
        LtxFileKey level0 = l0(1);
        LtxFileKey level1 = LtxFileKey.of(1, 1, 1);
        storage.put(level0, bytes(10, 1));
        storage.put(level1, bytes(10, 2));
        faults.on(READ).matching("1/*").times(1).inject(Fault.serverError());

        assertThat(failsToRead(level0)).isFalse();
        assertThat(failsToRead(level0)).isFalse();
        assertThat(failsToRead(level1)).isTrue();
        assertThat(failsToRead(level1)).isFalse();
    }

    @Test
    void aFailingFaultEndsTheRequestSoLaterRulesNeitherInjectNorCount() throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(10, 1));
        FaultRule first = faults.on(READ).times(1).inject(Fault.serverError());
        FaultRule second = faults.on(READ).times(1).inject(Fault.accessDenied());

        assertThatThrownBy(() -> client.read(key, 0, 10)).isInstanceOf(TransientReplicaException.class);
        assertThatThrownBy(() -> client.read(key, 0, 10)).isInstanceOf(ReplicaAccessException.class);
        assertThat(client.read(key, 0, 10)).hasSize(10);

        assertThat(faults.injected()).extracting(i -> i.rule().orElseThrow()).containsExactly(first, second);
    }

    @Test
    void aNotFoundHidesAFileThatExists() throws Exception {
        LtxFileKey key = l0(1);
        storage.put(key, bytes(10, 1));
        faults.on(READ).times(1).inject(Fault.notFound());

        assertThatThrownBy(() -> client.open(key)).isInstanceOf(ObjectNotFoundException.class)
                .hasMessage("read 0/0000000000000001-0000000000000001.ltx: 404 NoSuchKey (injected)");
        try (var in = client.open(key)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes(10, 1));
        }
        faults.journal().assertNoneInFlight();
    }

    private boolean failsToRead(LtxFileKey key) {
        try {
            client.read(key, 0, 10);
            return false;
        } catch (TransientReplicaException e) {
            return true;
        } catch (ReplicaException e) {
            throw new AssertionError("unexpected failure", e);
        }
    }
}
