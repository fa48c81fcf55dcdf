package io.github.ltxkit.fault;

import static io.github.ltxkit.fault.TestFiles.bytes;
import static io.github.ltxkit.fault.TestFiles.content;
import static io.github.ltxkit.fault.TestFiles.l0;
import static io.github.ltxkit.replica.ReplicaOperation.DELETE;
import static io.github.ltxkit.replica.ReplicaOperation.LIST;
import static io.github.ltxkit.replica.ReplicaOperation.READ;
import static io.github.ltxkit.replica.ReplicaOperation.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.fault.RecordedRequest.Outcome;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ObjectNotFoundException;
import io.github.ltxkit.replica.ReplicaClient;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestJournalTest {
    private static final String TX1 = "0/0000000000000001-0000000000000001.ltx";

    private final InMemoryReplicaClient storage = new InMemoryReplicaClient();
    private final StorageFaults faults = StorageFaults.seeded(13);
    private final ReplicaClient client = faults.wrap(storage);
    private final RequestJournal journal = faults.journal();

    @Test
    void everyRequestIsRecordedWithWhatItAskedForAndHowItEnded() throws Exception {
        Instant before = Instant.now();
        client.createIfAbsent(l0(1), content(300, 1), Instant.EPOCH);
        client.list(0, 1);
        client.read(l0(1), 10, 100);
        try (InputStream in = client.open(l0(1))) {
            in.readAllBytes();
        }
        assertThatThrownBy(() -> client.read(l0(9), 0, 1)).isInstanceOf(ObjectNotFoundException.class);
        client.delete(List.of(l0(1), l0(2)));

        List<RecordedRequest> r = journal.requests().list();
        assertThat(r).extracting(RecordedRequest::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(r).extracting(RecordedRequest::operation).containsExactly(WRITE, LIST, READ, READ, READ, DELETE);
        assertThat(r).extracting(RecordedRequest::target).containsExactly(TX1, "0/", TX1, TX1,
                "0/0000000000000009-0000000000000009.ltx", TX1 + ", 0/0000000000000002-0000000000000002.ltx");
        assertThat(r).extracting(RecordedRequest::offset).containsExactly(0L, 1L, 10L, 0L, 0L, 0L);
        assertThat(r).extracting(RecordedRequest::length).containsExactly(300L, 0L, 100L, -1L, 1L, 0L);
        assertThat(r).extracting(RecordedRequest::bytes).containsExactly(300L, 0L, 100L, 300L, 0L, 0L);
        assertThat(r).extracting(RecordedRequest::conditional)
                .containsExactly(true, false, false, false, false, false);
        assertThat(r).extracting(RecordedRequest::level).containsExactly(0, 0, 0, 0, 0, 0);
        assertThat(r.get(4).outcome()).isEqualTo(new Outcome.Failed(ObjectNotFoundException.class,
                "read L0/0000000000000009-0000000000000009.ltx: 404 NoSuchKey"));
        assertThat(r).filteredOn(x -> x.sequence() != 5).allSatisfy(x -> assertThat(x.succeeded()).isTrue());
        assertThat(r).allSatisfy(x -> {
            assertThat(x.faults()).isEmpty();
            assertThat(x.startedAt()).isAfterOrEqualTo(before.minusMillis(1));
            assertThat(x.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
        });
        assertThat(r.get(5).keys()).containsExactly(l0(1), l0(2));
        assertThat(r.get(2).key()).isEqualTo(l0(1));
        assertThatThrownBy(() -> r.get(1).key()).isInstanceOf(IllegalStateException.class)
                .hasMessage("request #2 (LIST) concerns no file");
        assertThat(r.get(2)).hasToString("#3 READ " + TX1 + " [10+100] ok " + r.get(2).duration().toMillis()
                + " ms 100 B");
    }

    @Test
    void anOpenedStreamIsInFlightUntilClosedAndCountsTheBytesReadSoFar() throws Exception {
        storage.put(l0(1), bytes(1000, 1));
        InputStream in = client.open(l0(1));
        in.readNBytes(400);

        RecordedRequest open = journal.find(1).orElseThrow();
        assertThat(open.inFlight()).isTrue();
        assertThat(open.bytes()).isEqualTo(400);
        assertThatThrownBy(journal::assertNoneInFlight)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("expected no requests in flight, but 1 of 1 requests were:\n  #1 READ " + TX1
                        + " [whole object] in flight ");

        in.close();
        assertThat(journal.find(1).orElseThrow().succeeded()).isTrue();
        assertThat(journal.find(1).orElseThrow().bytes()).isEqualTo(400);
        journal.assertNoneInFlight();
    }

    @Test
    void assertNoWholeObjectReadsListsTheOffendingOpens() throws Exception {
        storage.put(l0(1), bytes(100, 1));
        client.read(l0(1), 0, 50);
        client.open(l0(1)).close();
        client.read(l0(1), 50, 50);
        client.open(l0(1)).close();

        assertThatThrownBy(journal::assertNoWholeObjectReads)
                .isInstanceOf(AssertionError.class)
                .hasMessageMatching("expected no whole-object reads, but 2 of 4 requests were:\n"
                        + "  #2 READ 0/0000000000000001-0000000000000001\\.ltx \\[whole object] ok \\d+ ms 0 B\n"
                        + "  #4 READ 0/0000000000000001-0000000000000001\\.ltx \\[whole object] ok \\d+ ms 0 B");
        journal.since(5).assertNoWholeObjectReads();
    }

    @Test
    void assertAtMostFailsWithTheRequestsOfThatOperation() throws Exception {
        client.list(0, 1);
        client.list(1, 1);
        client.list(2, 1);
        journal.assertAtMost(LIST, 3);
        journal.assertAtMost(READ, 0);

        assertThatThrownBy(() -> journal.assertAtMost(LIST, 2))
                .isInstanceOf(AssertionError.class)
                .hasMessageMatching("expected at most 2 LIST requests, but 3 of 3 requests were:\n"
                        + "  #1 LIST 0/ minTxid=1 ok \\d+ ms 0 B\n  #2 LIST 1/ minTxid=1 ok \\d+ ms 0 B\n"
                        + "  #3 LIST 2/ minTxid=1 ok \\d+ ms 0 B");
    }

    @Test
    void assertAllWritesConditionalPassesForCreatesAndFailsOnAnUnconditionalWrite() throws Exception {
        client.createIfAbsent(l0(1), content(10, 1), Instant.EPOCH);
        journal.assertAllWritesConditional();

        JournalEntry put = journal.begin(new Request(WRITE, 0, List.of(l0(2)), 0, 10, false));
        journal.succeeded(put);

        assertThatThrownBy(journal::assertAllWritesConditional)
                .isInstanceOf(AssertionError.class)
                .hasMessageMatching("expected no unconditional writes, but 1 of 2 requests were:\n"
                        + "  #2 WRITE 0/0000000000000002-0000000000000002\\.ltx unconditional ok \\d+ ms 0 B");
    }

    @Test
    void aReadWithANegativeRangeIsRejectedAndNotMistakenForAWholeObjectRead() {
        assertThatThrownBy(() -> client.read(l0(1), 0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset and length must not be negative: " + TX1 + " offset=0 length=-1");
        assertThat(journal.requests().isEmpty()).isTrue();
        journal.assertNoWholeObjectReads();
    }

    @Test
    void aMarkSelectsTheRequestsMadeAfterIt() throws Exception {
        client.list(0, 1);
        long mark = journal.mark();
        client.list(1, 1);
        client.delete(List.of());

        assertThat(mark).isEqualTo(2);
        assertThat(journal.since(mark).list()).extracting(RecordedRequest::sequence).containsExactly(2L, 3L);
        assertThat(journal.since(mark).count(DELETE)).isEqualTo(1);
        assertThat(journal.since(journal.mark()).isEmpty()).isTrue();
        assertThat(journal.since(mark).list().get(1)).satisfies(d -> {
            assertThat(d.level()).isEqualTo(-1);
            assertThat(d.target()).isEqualTo("(no files)");
        });
    }

    @Test
    void aFullJournalDropsTheOldestRequestsAndSaysSo() throws Exception {
        StorageFaults small = new StorageFaults(1, 3);
        ReplicaClient smallClient = small.wrap(storage);
        small.on(LIST).inject(Fault.serverError());
        for (int level = 0; level < 5; level++) {
            int l = level;
            assertThatThrownBy(() -> smallClient.list(l, 1)).isInstanceOf(Exception.class);
        }

        RequestJournal j = small.journal();
        assertThat(j.capacity()).isEqualTo(3);
        assertThat(j.requests().list()).extracting(RecordedRequest::sequence).containsExactly(3L, 4L, 5L);
        assertThat(j.dropped()).isEqualTo(2);
        assertThat(j.since(2).dropped()).isEqualTo(1);
        assertThat(j.since(4).dropped()).isZero();
        assertThat(small.injected()).extracting(InjectedFault::sequence).containsExactly(3L, 4L, 5L);
        assertThatThrownBy(() -> j.assertAtMost(LIST, 0))
                .hasMessageEndingWith("(the journal keeps the last 3 requests and dropped 2 of the range asked for,"
                        + " so there may be more)");
    }

    @Test
    void clearForgetsTheRequestsButNumberingContinues() throws Exception {
        client.list(0, 1);
        client.list(0, 1);
        journal.clear();
        client.list(0, 1);

        assertThat(journal.requests().list()).extracting(RecordedRequest::sequence).containsExactly(3L);
        assertThat(journal.dropped()).isZero();
        assertThat(journal.find(1)).isEmpty();
    }

    @Test
    void eachInjectedFaultPointsAtTheRecordedRequestItWasInjectedInto() throws Exception {
        storage.put(l0(1), bytes(10, 1));
        faults.on(READ).after(1).times(1).inject(Fault.slowDown());
        faults.on(LIST).inject(Fault.staleListing(1));
        client.read(l0(1), 0, 10);
        assertThatThrownBy(() -> client.read(l0(1), 0, 10)).isInstanceOf(Exception.class);
        client.list(0, 1);

        assertThat(faults.injected()).hasSize(2).allSatisfy(injected -> {
            RecordedRequest request = journal.find(injected.sequence()).orElseThrow();
            assertThat(request.faults()).containsExactly(injected.fault());
            assertThat(request.operation()).isEqualTo(injected.operation());
            assertThat(request.target()).isEqualTo(injected.target());
        });
        assertThat(faults.injected().getFirst()).hasToString("#2 READ " + TX1
                + ": ErrorResponse[status=503, code=SlowDown] by rule [READ] * after 1, 1 time:"
                + " ErrorResponse[status=503, code=SlowDown]");
    }
}
