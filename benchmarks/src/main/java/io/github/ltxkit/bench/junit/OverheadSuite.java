package io.github.ltxkit.bench.junit;

import io.github.ltxkit.junit.DatabaseFixture;
import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.vfs.ReplicaDatabase;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

/**
 * The test suites the overhead scenario runs: {@link WithDatabases}, {@value #TESTS} small tests that each get their
 * own database seeded from a 1 MB fixture, and {@link WithoutDatabases}, the same tests without the extension.
 * Each test publishes the nanoseconds its own body took as the report entry {@value #BODY_NANOS}, so that the
 * launcher's listener can subtract them. The suites only run when the configuration parameter {@value #ENABLED} is
 * {@code true}: found by an IDE or a build, they are disabled.
 */
public final class OverheadSuite {
    /** The number of repetitions each suite declares; a run selects the first n of them. */
    public static final int TESTS = 200;
    /** The report entry holding a test body's nanoseconds. */
    public static final String BODY_NANOS = "bodyNanos";
    /** The report entry holding the test database's size in bytes. */
    public static final String DATABASE_BYTES = "databaseBytes";
    /** The configuration parameter that enables the suites. */
    public static final String ENABLED = "ltxkit.bench.overheadSuite";
    /** The name of the repeated test method in both suites. */
    public static final String METHOD = "smallTest";

    private OverheadSuite() {
    }

    /**
     * Builds the fixture: 250 rows of 3,500 random bytes, one to a 4 KiB page, which do not compress; 252 pages,
     * 1.03 MB (0.98 MiB) in all.
     */
    public static final class OneMegabyte implements DatabaseFixture {
        /** Creates the fixture builder (the extension instantiates it). */
        public OneMegabyte() {
        }

        @Override
        public void build(Connection c) throws Exception {
            try (Statement s = c.createStatement()) {
                s.execute("pragma page_size = 4096");
                s.execute("create table t(id integer primary key, payload blob not null)");
                s.execute("insert into t(payload) select randomblob(3500) from (with recursive s(n) as (select 1 "
                        + "union all select n + 1 from s where n < 250) select n from s)");
            }
        }
    }

    /** Enables the suites only under {@value #ENABLED}. */
    static final class OnlyInBenchmark implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(ENABLED).map(Boolean::parseBoolean).orElse(false)
                    ? ConditionEvaluationResult.enabled("run by the overhead benchmark")
                    : ConditionEvaluationResult.disabled("a suite of the overhead benchmark, not a test");
        }
    }

    /** Small tests, each with its own database seeded from {@link OneMegabyte}, a connection and the handle. */
    @ExtendWith(OnlyInBenchmark.class)
    @LitestreamDatabase(fixtureBuilder = OneMegabyte.class)
    static class WithDatabases {
        @RepeatedTest(TESTS)
        void smallTest(RepetitionInfo repetition, Connection connection, ReplicaDatabase database,
                       TestReporter reporter) throws Exception {
            long start = System.nanoTime();
            int n = repetition.getCurrentRepetition();
            long count;
            try (Statement s = connection.createStatement();
                 ResultSet r = s.executeQuery("select count(*) from t where id = " + n)) {
                r.next();
                count = r.getLong(1);
            }
            if (count != (n <= 250 ? 1 : 0)) {
                throw new AssertionError("row " + n + " counted " + count + " times");
            }
            long bytes = database.pageCount() * 4096;
            long body = System.nanoTime() - start;
            reporter.publishEntry(Map.of(BODY_NANOS, Long.toString(body), DATABASE_BYTES, Long.toString(bytes)));
        }
    }

    /** The same tests without a database: what JUnit itself costs per test. */
    @ExtendWith(OnlyInBenchmark.class)
    static class WithoutDatabases {
        @RepeatedTest(TESTS)
        void smallTest(RepetitionInfo repetition, TestReporter reporter) {
            long start = System.nanoTime();
            if (repetition.getCurrentRepetition() < 1) {
                throw new AssertionError("repetition " + repetition.getCurrentRepetition());
            }
            reporter.publishEntry(BODY_NANOS, Long.toString(System.nanoTime() - start));
        }
    }
}
