package io.github.ltxkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.junit.LitestreamDatabase.Scope;
import io.github.ltxkit.replica.ReplicaOperation;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/** Misuse fails the test with a message naming the element and the problem. */
class FailuresTest {

    /** Returns the exception of the only failed event (test or container) of {@code results}. */
    static Throwable onlyFailure(EngineExecutionResults results) {
        List<Event> failed = results.allEvents().failed().stream().toList();
        assertThat(failed).as("failed events").hasSize(1);
        return failed.getFirst().getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }

    /**
     * Returns what the extension threw while resolving a parameter: JUnit wraps it in a
     * {@link ParameterResolutionException} that names the parameter again.
     */
    static Throwable resolutionFailure(EngineExecutionResults results) {
        Throwable t = onlyFailure(results);
        assertThat(t).isInstanceOf(ParameterResolutionException.class)
                .hasMessageStartingWith("Failed to resolve parameter [").hasCauseInstanceOf(RuntimeException.class);
        return t.getCause();
    }

    @EngineTestCase
    static class WrongParameterTypeTestCase {
        @Test
        void test(@LitestreamDatabase String name) {
        }
    }

    @Test
    void aParameterOfAnotherTypeFailsNamingTheTypesItCanHave() {
        assertThat(onlyFailure(Engine.execute(WrongParameterTypeTestCase.class)))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessage("@LitestreamDatabase parameter 0 (String) of method "
                        + "FailuresTest$WrongParameterTypeTestCase.test(String) has type java.lang.String; it can receive "
                        + "java.sql.Connection, javax.sql.DataSource, io.github.ltxkit.vfs.ReplicaDatabase, "
                        + "io.github.ltxkit.junit.ReplicaLocation, software.amazon.awssdk.services.s3.S3Client");
    }

    @EngineTestCase
    static class MissingFixtureTestCase {
        @Test
        void test(@LitestreamDatabase(fixture = "fixtures/nope.sql") Connection c) {
        }
    }

    @Test
    void aMissingFixtureFailsNamingWhereItWasLookedFor() {
        assertThat(resolutionFailure(Engine.execute(MissingFixtureTestCase.class)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("fixture not found: 'fixtures/nope.sql' (looked for classpath resource "
                        + "fixtures/nope.sql and file /")
                .hasMessageEndingWith("fixtures/nope.sql), declared by parameter 0 (Connection) of method "
                        + "FailuresTest$MissingFixtureTestCase.test(Connection)");
    }

    @EngineTestCase
    @LitestreamDatabase(fixture = "fixtures/broken.sql")
    static class BrokenFixtureTestCase {
        @Test
        void first(Connection c) {
        }

        @Test
        void second(Connection c) {
        }
    }

    @Test
    void aBrokenScriptFailsEveryTestThatUsesItNamingTheFileAndLine() {
        EngineExecutionResults results = Engine.execute(BrokenFixtureTestCase.class);

        results.testEvents().assertStatistics(s -> s.started(2).failed(2));
        for (Event e : results.testEvents().failed().stream().toList()) {
            assertThat(e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                    .getThrowable().orElseThrow())
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageStartingWith("broken fixture of the default database declared by class "
                            + "FailuresTest$BrokenFixtureTestCase: classpath:fixtures/broken.sql:4: ")
                    .hasMessageContaining("no such table: nope")
                    .hasMessageEndingWith("(in: insert into nope values (2))");
        }
    }

    @EngineTestCase
    static class UnknownKindTestCase {
        @Test
        void test(@LitestreamDatabase(fixture = "fixtures/notes.txt") Connection c) {
        }
    }

    @Test
    void aFixtureOfNoKnownKindFailsSayingWhichKindsThereAre() {
        assertThat(resolutionFailure(Engine.execute(UnknownKindTestCase.class)))
                .hasMessageStartingWith("fixture 'fixtures/notes.txt' (classpath:fixtures/notes.txt) is of no known "
                        + "kind: want a .sql script, a .db, .sqlite or .sqlite3 database, or a directory of .ltx "
                        + "files");
    }

    /** A fixture builder that fails. */
    public static final class Failing implements DatabaseFixture {
        @Override
        public void build(Connection connection) {
            throw new IllegalStateException("no inventory today");
        }
    }

    @EngineTestCase
    static class FailingBuilderTestCase {
        @Test
        void test(@LitestreamDatabase(fixtureBuilder = Failing.class) Connection c) {
        }
    }

    @Test
    void aFailingFixtureBuilderFailsNamingIt() {
        assertThat(resolutionFailure(Engine.execute(FailingBuilderTestCase.class)))
                .hasMessageContaining("fixture builder io.github.ltxkit.junit.FailuresTest$Failing failed: "
                        + "java.lang.IllegalStateException: no inventory today");
    }

    @EngineTestCase
    static class TwoFixturesTestCase {
        @Test
        void test(@LitestreamDatabase(fixture = "fixtures/orders.sql", fixtureBuilder = Failing.class)
                  Connection c) {
        }
    }

    @Test
    void aFixtureAndAFixtureBuilderConflict() {
        assertThat(resolutionFailure(Engine.execute(TwoFixturesTestCase.class)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@LitestreamDatabase on parameter 0 (Connection) of method "
                        + "FailuresTest$TwoFixturesTestCase.test(Connection): conflicting attributes: fixture "
                        + "\"fixtures/orders.sql\" and fixtureBuilder io.github.ltxkit.junit.FailuresTest$Failing "
                        + "(a database has one fixture)");
    }

    @EngineTestCase
    static class AttributeAndParameterTestCase {
        @Test
        @LitestreamDatabase(syncInterval = "1s", parameters = "sync_interval=2s")
        void test() {
        }
    }

    @Test
    void anAttributeAndAParameterSettingTheSameThingConflict() {
        assertThat(onlyFailure(Engine.execute(AttributeAndParameterTestCase.class)))
                .hasMessage("@LitestreamDatabase on method FailuresTest$AttributeAndParameterTestCase.test(): "
                        + "conflicting attributes: parameters sets sync_interval=2s and syncInterval sets it to 1s");
    }

    @EngineTestCase
    @LitestreamDatabase(name = "orders", fixture = "fixtures/orders.sql")
    static class SameNameTestCase {
        @Test
        void test(@LitestreamDatabase(name = "orders", fixture = "fixtures/catalog.db") Connection c) {
        }
    }

    @Test
    void twoDeclarationsOfANameWithDifferentSettingsConflict() {
        assertThat(resolutionFailure(Engine.execute(SameNameTestCase.class)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("database 'orders' is declared twice with different settings, by class "
                        + "FailuresTest$SameNameTestCase and by parameter 0 (Connection) of method "
                        + "FailuresTest$SameNameTestCase.test(Connection) (fixture 'fixtures/orders.sql' vs "
                        + "'fixtures/catalog.db'); give one of them another name");
    }

    @EngineTestCase
    static class ClassScopeOnMethodTestCase {
        @Test
        @LitestreamDatabase(scope = Scope.CLASS)
        void test() {
        }
    }

    @Test
    void aMethodCannotDeclareAClassWideDatabase() {
        assertThat(onlyFailure(Engine.execute(ClassScopeOnMethodTestCase.class)))
                .hasMessage("@LitestreamDatabase on method FailuresTest$ClassScopeOnMethodTestCase.test(): scope "
                        + "CLASS is not possible: a test method's database cannot be shared by its class; declare "
                        + "it on the class or a static field");
    }

    @EngineTestCase
    static class MethodScopeOnStaticFieldTestCase {
        @LitestreamDatabase(scope = Scope.METHOD)
        static Connection connection;

        @Test
        void test() {
        }
    }

    @Test
    void aStaticFieldCannotHoldADatabasePerTest() {
        assertThat(onlyFailure(Engine.execute(MethodScopeOnStaticFieldTestCase.class)))
                .hasMessage("@LitestreamDatabase on field FailuresTest$MethodScopeOnStaticFieldTestCase.connection: "
                        + "scope METHOD is not possible: a static field holds one value for the whole class; use an "
                        + "instance field for a database per test");
    }

    @EngineTestCase
    static class FinalFieldTestCase {
        @LitestreamDatabase
        final Connection connection = null;

        @Test
        void test() {
        }
    }

    @Test
    void aFinalFieldFails() {
        assertThat(onlyFailure(Engine.execute(FinalFieldTestCase.class)))
                .hasMessage("@LitestreamDatabase field FailuresTest$FinalFieldTestCase.connection must not be final");
    }

    @EngineTestCase
    static class WrongFieldTypeTestCase {
        @LitestreamDatabase
        Object connection;

        @Test
        void test() {
        }
    }

    @Test
    void aFieldOfAnotherTypeFails() {
        assertThat(onlyFailure(Engine.execute(WrongFieldTypeTestCase.class)))
                .hasMessageStartingWith("@LitestreamDatabase field FailuresTest$WrongFieldTypeTestCase.connection has "
                        + "type java.lang.Object; it can receive java.sql.Connection, ");
    }

    @EngineTestCase
    static class MalformedValueTestCase {
        @Test
        void test(@LitestreamDatabase(syncInterval = "soon") Connection c) {
        }
    }

    @Test
    void aMalformedValueNamesTheAttribute() {
        assertThat(resolutionFailure(Engine.execute(MalformedValueTestCase.class)))
                .hasMessage("@LitestreamDatabase on parameter 0 (Connection) of method "
                        + "FailuresTest$MalformedValueTestCase.test(Connection): syncInterval: invalid value for "
                        + "sync_interval: 'soon' (a duration like 1s, 500ms or 1m30s)");
    }

    @EngineTestCase
    static class ReplicaUrlTestCase {
        @Test
        void test(@LitestreamDatabase(parameters = "replica_url=s3://elsewhere/db") Connection c) {
        }
    }

    @Test
    void theReplicaUrlIsTheExtensions() {
        assertThat(resolutionFailure(Engine.execute(ReplicaUrlTestCase.class)))
                .hasMessageEndingWith("parameters: replica_url is set by the extension (each database gets its own "
                        + "replica)");
    }

    @EngineTestCase
    static class AnyTestCase {
        @Test
        void test(@LitestreamDatabase Connection c) {
        }
    }

    @Test
    void aMalformedConfigurationParameterNamesIt() {
        assertThat(onlyFailure(Engine.engine().with(LitestreamDatabase.BACKEND_PROPERTY, "floppy")
                .run(AnyTestCase.class)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("configuration parameter ltxkit.backend: invalid value 'floppy' (want one of EMBEDDED, "
                        + "MINIO, EXTERNAL)");
    }

    @EngineTestCase
    static class AmbiguousTestCase {
        @Test
        @LitestreamDatabase(name = "a")
        @LitestreamDatabase(name = "b")
        void test(Connection c) {
        }
    }

    @Test
    void anUnannotatedParameterWithSeveralNamedDatabasesFails() {
        assertThat(onlyFailure(Engine.execute(AmbiguousTestCase.class)))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessage("parameter 0 (Connection) of method FailuresTest$AmbiguousTestCase.test(Connection): "
                        + "which database? The test has database 'a', database 'b'; annotate the parameter with "
                        + "@LitestreamDatabase(name = \"...\")");
    }

    @EngineTestCase
    static class StrayFaultAttributeTestCase {
        @Test
        @LitestreamDatabase
        @StorageFault(value = StorageFault.Kind.LATENCY, latency = "10ms", status = 500)
        void test() {
        }
    }

    @Test
    void aFaultAttributeOfAnotherKindConflicts() {
        assertThat(onlyFailure(Engine.execute(StrayFaultAttributeTestCase.class)))
                .hasMessage("@StorageFault(LATENCY) on method FailuresTest$StrayFaultAttributeTestCase.test(): "
                        + "conflicting attributes: status does not apply to LATENCY");
    }

    @EngineTestCase
    static class FaultOperationTestCase {
        @Test
        @LitestreamDatabase
        @StorageFault(value = StorageFault.Kind.STALE_LISTING, on = ReplicaOperation.READ)
        void test() {
        }
    }

    @Test
    void aFaultOnAnOperationItCannotAffectFails() {
        assertThat(onlyFailure(Engine.execute(FaultOperationTestCase.class)))
                .hasMessage("@StorageFault(STALE_LISTING) on method FailuresTest$FaultOperationTestCase.test(): "
                        + "StaleListing[hideNewest=1] cannot affect READ requests, only [LIST]");
    }

    @EngineTestCase
    static class FaultOnUnknownDatabaseTestCase {
        @Test
        @LitestreamDatabase(name = "orders")
        @StorageFault(value = StorageFault.Kind.RESET, database = "order")
        void test() {
        }
    }

    @Test
    void aFaultNamingADatabaseTheTestDoesNotHaveFails() {
        assertThat(onlyFailure(Engine.execute(FaultOnUnknownDatabaseTestCase.class)))
                .hasMessage("@StorageFault(ConnectionReset) on method FailuresTest$FaultOnUnknownDatabaseTestCase"
                        + ".test() names database 'order', which the test does not have (it has: database 'orders')");
    }

    @EngineTestCase
    static class FaultWithoutDatabaseFieldTestCase {
        @StorageFault(StorageFault.Kind.PARTITION)
        Connection connection;

        @LitestreamDatabase
        Connection other;

        @Test
        void test() {
        }
    }

    @Test
    void aFaultOnAFieldWithoutADatabaseFails() {
        assertThat(onlyFailure(Engine.execute(FaultWithoutDatabaseFieldTestCase.class)))
                .hasMessage("@StorageFault on field FailuresTest$FaultWithoutDatabaseFieldTestCase.connection needs "
                        + "@LitestreamDatabase on the same element (or put it on the test method or class)");
    }
}
