package io.github.ltxkit.junit;

import static io.github.ltxkit.junit.Sql.execute;
import static io.github.ltxkit.junit.Sql.queryLong;
import static io.github.ltxkit.junit.Sql.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.fault.InjectedFault;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.junit.StorageFault.Kind;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Every kind of storage fault reaches the database's requests from the annotation and shows on a workload. */
class StorageFaultTest {
    private static final String ORDERS = "fixtures/orders.sql";
    private static final String QUIET = "poll_interval=1h";

    static long countOrders(ReplicaDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            return queryLong(c, "select count(*) from orders");
        }
    }

    static List<Fault> injected(ReplicaDatabase db) {
        return db.faults().injected().stream().map(InjectedFault::fault).toList();
    }

    @EngineTestCase
    static class KindsTestCase {
        @Test
        @StorageFault(value = Kind.ERROR, on = ReplicaOperation.READ, status = 403)
        void anAccessDeniedErrorFailsTheQuery(@LitestreamDatabase(fixture = ORDERS, parameters = QUIET)
                                              ReplicaDatabase db) {
            assertThatThrownBy(() -> countOrders(db)).isInstanceOf(SQLException.class);
            assertThat(injected(db)).isNotEmpty().containsOnly(new Fault.ErrorResponse(403, "AccessDenied"));
        }

        @Test
        @StorageFault(value = Kind.ERROR, on = ReplicaOperation.READ, times = 2)
        void throttlingIsRetried(@LitestreamDatabase(fixture = ORDERS, parameters = QUIET) ReplicaDatabase db)
                throws Exception {
            assertThat(countOrders(db)).isEqualTo(3);
            assertThat(injected(db)).containsExactly(new Fault.ErrorResponse(503, "SlowDown"),
                    new Fault.ErrorResponse(503, "SlowDown"));
        }

        @Test
        @StorageFault(value = Kind.LATENCY, on = ReplicaOperation.READ, latency = "300ms", times = 1)
        void latencyDelaysTheQuery(@LitestreamDatabase(fixture = ORDERS, parameters = QUIET) ReplicaDatabase db)
                throws Exception {
            long start = System.nanoTime();
            assertThat(countOrders(db)).isEqualTo(3);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(injected(db)).containsExactly(new Fault.Latency(Duration.ofMillis(300), Duration.ZERO));
        }

        @Test
        @StorageFault(value = Kind.BANDWIDTH, on = ReplicaOperation.READ, bytesPerSecond = 16_384)
        void bandwidthSlowsTheTransfer(@LitestreamDatabase(fixture = ORDERS, parameters = QUIET) ReplicaDatabase db)
                throws Exception {
            long before = db.metrics().get(ReplicaOperation.READ).bytes();
            long start = System.nanoTime();
            assertThat(countOrders(db)).isEqualTo(3);
            long elapsedNanos = System.nanoTime() - start;
            long bytes = db.metrics().get(ReplicaOperation.READ).bytes() - before;
            assertThat(bytes).isPositive();
            assertThat(elapsedNanos).isGreaterThanOrEqualTo(bytes * 1_000_000_000L / 16_384 * 8 / 10);
        }

        @Test
        @StorageFault(value = Kind.TRUNCATED_BODY, on = ReplicaOperation.READ, keep = 0.5, times = 1)
        void aTruncatedBodyIsDetectedAndReadAgain(@LitestreamDatabase(fixture = ORDERS, parameters = QUIET)
                                                  ReplicaDatabase db) throws Exception {
            assertThat(countOrders(db)).isEqualTo(3);
            try (Connection c = db.connect()) {
                assertThat(queryString(c, "select group_concat(name) from customers")).isEqualTo("Ada,Grace,Linus");
            }
            assertThat(injected(db)).containsExactly(new Fault.TruncatedBody(0.5));
        }

        @Test
        @StorageFault(value = Kind.RESET, on = ReplicaOperation.READ, times = 1)
        void aResetConnectionIsRetried(@LitestreamDatabase(fixture = ORDERS, parameters = QUIET) ReplicaDatabase db)
                throws Exception {
            assertThat(countOrders(db)).isEqualTo(3);
            assertThat(injected(db)).containsExactly(new Fault.ConnectionReset());
            assertThat(db.faults().journal().requests()).filteredOn(r -> r.failed()).hasSize(1);
        }

        @Test
        @StorageFault(value = Kind.AMBIGUOUS_WRITE, on = ReplicaOperation.WRITE, times = 1)
        void anAmbiguousWriteIsResolvedByReadingTheFileBack(
                @LitestreamDatabase(fixture = ORDERS, writable = Toggle.ON, syncInterval = "0", parameters = QUIET)
                ReplicaDatabase db, @LitestreamDatabase ReplicaLocation location, @LitestreamDatabase S3Client s3)
                throws Exception {
            try (Connection c = db.connect()) {
                execute(c, "insert into orders(customer_id, total_cents) values (3, 100)");
            }
            assertThat(db.syncNow()).isEqualTo(2);
            assertThat(db.syncStatus().orElseThrow().caughtUp()).isTrue();
            assertThat(injected(db)).containsExactly(new Fault.AmbiguousWrite());
            assertThat(s3.listObjectsV2(b -> b.bucket(location.bucket()).prefix(location.levelPrefix(0)))
                    .contents().stream().map(S3Object::key).toList())
                    .contains(location.levelPrefix(0) + "0000000000000002-0000000000000002.ltx");
        }

        @Test
        @StorageFault(value = Kind.STALE_LISTING, on = ReplicaOperation.LIST, times = 1)
        void aStaleListingHidesANewFileFromOnePoll(
                @LitestreamDatabase(fixture = "fixtures/litestream-0.5.17-first4", parameters = QUIET)
                ReplicaDatabase db, @LitestreamDatabase ReplicaLocation location, @LitestreamDatabase S3Client s3)
                throws Exception {
            assertThat(db.txid()).isEqualTo(4);
            byte[] fifth;
            try (InputStream in = getClass().getResourceAsStream(
                    "/fixtures/litestream-0.5.17-replica/ltx/0/0000000000000005-0000000000000005.ltx")) {
                fifth = in.readAllBytes();
            }
            s3.putObject(b -> b.bucket(location.bucket())
                    .key(location.levelPrefix(0) + "0000000000000005-0000000000000005.ltx"), RequestBody.fromBytes(fifth));

            assertThat(db.pollNow()).isFalse();
            assertThat(db.txid()).isEqualTo(4);
            assertThat(db.pollNow()).isTrue();
            assertThat(db.txid()).isEqualTo(5);
            assertThat(countOrders(db)).isEqualTo(153);
            assertThat(injected(db)).containsExactly(new Fault.StaleListing(1));
        }

        @Test
        @StorageFault(value = Kind.PARTITION, database = "reader")
        @StorageFault(value = Kind.PARTITION, on = {ReplicaOperation.LIST, ReplicaOperation.WRITE},
                database = "writer")
        void aPartitionCutsReadsAndUploadsOff(
                @LitestreamDatabase(name = "reader", fixture = ORDERS, parameters = QUIET) ReplicaDatabase reader,
                @LitestreamDatabase(name = "writer", fixture = ORDERS, writable = Toggle.ON, syncInterval = "0",
                        parameters = QUIET) ReplicaDatabase writer) throws Exception {
            int opened = reader.faults().journal().requests().size();
            assertThatThrownBy(() -> countOrders(reader)).isInstanceOf(SQLException.class);
            assertThat(injected(reader)).isNotEmpty().containsOnly(new Fault.Partition());
            var duringTheTest = reader.faults().journal().requests().list();
            assertThat(duringTheTest.subList(opened, duringTheTest.size())).isNotEmpty().allMatch(r -> r.failed());
            try (Connection c = writer.connect()) {
                execute(c, "delete from orders");
            }
            assertThatThrownBy(writer::syncNow).isInstanceOf(IOException.class)
                    .hasMessageContaining("network partition (injected)");
            assertThat(writer.syncStatus().orElseThrow().caughtUp()).isFalse();
        }
    }

    @Test
    void everyKindOfFaultShowsOnAWorkload() {
        EngineExecutionResults results = Engine.execute(KindsTestCase.class);

        Engine.assertAllSucceeded(results, 9);
    }

    static final List<String> RULES_AFTER_TEST = new CopyOnWriteArrayList<>();

    @EngineTestCase
    @StorageFault(value = Kind.LATENCY, latency = "1ms", database = "orders")
    static class ScopesTestCase {
        @LitestreamDatabase(name = "orders", fixture = ORDERS, parameters = QUIET)
        @StorageFault(value = Kind.ERROR, on = ReplicaOperation.READ, status = 500, times = 1)
        ReplicaDatabase orders;

        @LitestreamDatabase(name = "other", fixture = ORDERS, parameters = QUIET)
        ReplicaDatabase other;

        @BeforeEach
        void setUpIsNotFaulted() throws Exception {
            assertThat(orders.faults().rules()).isEmpty();
            assertThat(countOrders(orders)).isEqualTo(3);
        }

        @Test
        @StorageFault(value = Kind.RESET, on = ReplicaOperation.LIST, times = 1)
        void fieldClassAndMethodRulesApplyInThatOrder() {
            assertThat(orders.faults().rules()).extracting(r -> r.fault().getClass().getSimpleName())
                    .containsExactly("ErrorResponse", "Latency", "ConnectionReset");
            assertThat(other.faults().rules()).extracting(r -> r.fault().getClass().getSimpleName())
                    .containsExactly("ConnectionReset");
        }

        @AfterEach
        void rulesAreRemovedBeforeTearDown() {
            RULES_AFTER_TEST.add(orders.faults().rules() + " " + other.faults().rules());
        }
    }

    @Test
    void rulesFromFieldsClassesAndMethodsAreArmedForTheTestBodyOnly() {
        RULES_AFTER_TEST.clear();

        Engine.execute(ScopesTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

        assertThat(RULES_AFTER_TEST).containsExactly("[] []");
    }

    static final List<List<Long>> INJECTED_SEQUENCES = new CopyOnWriteArrayList<>();

    @EngineTestCase
    static class SeededTestCase {
        @Test
        @StorageFault(value = Kind.ERROR, on = ReplicaOperation.READ, status = 500, probability = 0.5, seed = 7)
        void test(@LitestreamDatabase(fixture = "fixtures/litestream-0.5.17-replica",
                parameters = {QUIET, "readahead=false"}) ReplicaDatabase db) throws Exception {
            try (Connection c = db.connect()) {
                // Every page is read (one request each, read-ahead off), so the seeded draws have requests to hit.
                assertThat(Sql.queryString(c, "pragma integrity_check")).isEqualTo("ok");
                assertThat(queryLong(c, "select sum(total_cents) from orders")).isEqualTo(1138940);
            }
            INJECTED_SEQUENCES.add(db.faults().injected().stream().map(InjectedFault::sequence).toList());
        }
    }

    @Test
    void aSeededProbabilityInjectsIntoTheSameRequestsEveryRun() {
        INJECTED_SEQUENCES.clear();

        Engine.execute(SeededTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        Engine.execute(SeededTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

        assertThat(INJECTED_SEQUENCES).hasSize(2);
        assertThat(INJECTED_SEQUENCES.get(0)).isNotEmpty().isEqualTo(INJECTED_SEQUENCES.get(1));
    }
}
