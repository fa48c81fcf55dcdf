package io.github.ltxkit.junit;

import static io.github.ltxkit.junit.Sql.execute;
import static io.github.ltxkit.junit.Sql.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.junit.LitestreamDatabase.Scope;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Under JUnit's parallel execution every test still gets its own database, and shared ones stay consistent. */
class ParallelTest {
    static final Set<String> BUCKETS = ConcurrentHashMap.newKeySet();
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MOST_AT_ONCE = new AtomicInteger();

    static void enter() {
        int now = RUNNING.incrementAndGet();
        MOST_AT_ONCE.accumulateAndGet(now, Math::max);
    }

    @EngineTestCase
    @LitestreamDatabase(fixture = "fixtures/orders.sql", writable = Toggle.ON, syncInterval = "0")
    static class IsolationTestCase {
        @RepeatedTest(12)
        void eachTestWritesItsOwnDatabase(RepetitionInfo repetition, Connection c, ReplicaDatabase db,
                                          ReplicaLocation location) throws Exception {
            enter();
            try {
                assertThat(BUCKETS.add(location.bucket())).as("a bucket of its own").isTrue();
                assertThat(queryLong(c, "select count(*) from orders")).isEqualTo(3);
                execute(c, "delete from orders",
                        "insert into orders(customer_id, total_cents) values (1, " + repetition.getCurrentRepetition()
                                + ")");
                Thread.sleep(20);
                assertThat(queryLong(c, "select sum(total_cents) from orders"))
                        .isEqualTo(repetition.getCurrentRepetition());
                assertThat(db.syncNow()).isEqualTo(2);
            } finally {
                RUNNING.decrementAndGet();
            }
        }
    }

    @EngineTestCase
    @LitestreamDatabase(fixture = "fixtures/litestream-0.5.17-replica", scope = Scope.CLASS)
    static class SharedTestCase {
        @RepeatedTest(8)
        void everyTestReadsTheSharedDatabase(Connection c) throws Exception {
            enter();
            try {
                assertThat(queryLong(c, "select sum(total_cents) from orders")).isEqualTo(1138940);
                Thread.sleep(10);
            } finally {
                RUNNING.decrementAndGet();
            }
        }
    }

    @Test
    void testsInParallelEachGetTheirOwnDatabaseAndShareTheClassOne() {
        BUCKETS.clear();
        MOST_AT_ONCE.set(0);

        EngineExecutionResults results = Engine.engine().parallel().run(IsolationTestCase.class, SharedTestCase.class);

        Engine.assertAllSucceeded(results, 20);
        assertThat(BUCKETS).hasSize(12);
        assertThat(MOST_AT_ONCE.get()).as("tests that ran at the same time").isGreaterThan(1);
    }

    @Test
    void theWholeSuiteOfTestCasesPassesInParallel() {
        BUCKETS.clear();

        EngineExecutionResults results = Engine.engine().parallel().run(IsolationTestCase.class,
                SharedTestCase.class, FixtureKindsTest.KindsTestCase.class, StorageFaultTest.KindsTestCase.class,
                InjectionTest.TypesTestCase.class, InjectionTest.NestedTestCase.class,
                InjectionTest.SeveralDatabasesTestCase.class, ProgrammaticTest.InstanceTestCase.class);

        Engine.assertAllSucceeded(results, 12 + 8 + 8 + 9 + 5 + 1 + 1 + 2);
    }
}
