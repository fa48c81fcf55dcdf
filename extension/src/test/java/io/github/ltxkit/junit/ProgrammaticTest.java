package io.github.ltxkit.junit;

import static io.github.ltxkit.junit.Sql.execute;
import static io.github.ltxkit.junit.Sql.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.junit.LitestreamDatabase.Scope;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LitestreamExtension}: a database declared in code, per class or per test. */
class ProgrammaticTest {
    static final Set<String> BUCKETS = ConcurrentHashMap.newKeySet();

    @EngineTestCase
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class StaticTestCase {
        @RegisterExtension
        static LitestreamExtension orders = LitestreamExtension.builder()
                .fixture(c -> execute(c, "create table orders(id integer primary key, note text)"))
                .writable(true)
                .syncInterval(Duration.ZERO)
                .configure(b -> b.pollInterval(Duration.ofHours(1)))
                .faults(f -> f.on(ReplicaOperation.WRITE).times(1).inject(Fault.slowDown()))
                .build();

        @Test
        @Order(1)
        void writes() throws Exception {
            execute(orders.connection(), "insert into orders(note) values ('first')");
            assertThat(orders.database().syncNow()).isEqualTo(2);
            assertThat(orders.database().faults().injected()).hasSize(1);
            assertThat(orders.database().config().pollInterval()).isEqualTo(Duration.ofHours(1));
            BUCKETS.add(orders.location().bucket());
        }

        @Test
        @Order(2)
        void seesTheFirstTestsWriteInTheSharedDatabase() throws Exception {
            try (Connection c = orders.dataSource().getConnection()) {
                assertThat(queryLong(c, "select count(*) from orders")).isEqualTo(1);
            }
            assertThat(orders.jdbcUrl()).isEqualTo(orders.database().jdbcUrl());
            assertThat(orders.s3Client().listObjectsV2(b -> b.bucket(orders.location().bucket())).contents())
                    .hasSize(2);
            BUCKETS.add(orders.location().bucket());
        }
    }

    @Test
    void aStaticExtensionServesTheWholeClass() {
        BUCKETS.clear();

        Engine.assertAllSucceeded(Engine.execute(StaticTestCase.class), 2);

        assertThat(BUCKETS).hasSize(1);
    }

    @EngineTestCase
    static class InstanceTestCase {
        @RegisterExtension
        LitestreamExtension catalog = LitestreamExtension.builder().name("catalog").fixture("fixtures/catalog.db")
                .writable(true).build();

        @Test
        void first(@LitestreamDatabase(name = "catalog") ReplicaDatabase db) throws Exception {
            assertThat(db).isSameAs(catalog.database());
            execute(catalog.connection(), "delete from products");
            BUCKETS.add(catalog.location().bucket());
        }

        @Test
        void second() throws Exception {
            assertThat(queryLong(catalog.connection(), "select count(*) from products")).isEqualTo(4);
            BUCKETS.add(catalog.location().bucket());
        }
    }

    @Test
    void anInstanceExtensionOpensADatabasePerTestAndAnnotatedParametersReceiveItByName() {
        BUCKETS.clear();

        Engine.assertAllSucceeded(Engine.execute(InstanceTestCase.class), 2);

        assertThat(BUCKETS).hasSize(2);
    }

    @EngineTestCase
    static class DefaultNameTestCase {
        @RegisterExtension
        static LitestreamExtension db = LitestreamExtension.builder().fixture("fixtures/orders.sql").build();

        @LitestreamDatabase(name = "other", fixture = "fixtures/catalog.db")
        Connection other;

        @Test
        void anUnannotatedParameterReceivesTheUnnamedDatabase(Connection c) throws Exception {
            assertThat(queryLong(c, "select count(*) from orders")).isEqualTo(3);
            assertThat(queryLong(other, "select count(*) from products")).isEqualTo(4);
        }
    }

    @Test
    void anUnnamedExtensionIsTheTestsDefaultDatabase() {
        Engine.assertAllSucceeded(Engine.execute(DefaultNameTestCase.class), 1);
    }

    @EngineTestCase
    static class WrongScopeTestCase {
        @RegisterExtension
        static LitestreamExtension db = LitestreamExtension.builder().scope(Scope.METHOD).build();

        @Test
        void test() {
        }
    }

    @Test
    void aStaticExtensionCannotHaveADatabasePerTest() {
        assertThat(FailuresTest.onlyFailure(Engine.execute(WrongScopeTestCase.class)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("LitestreamExtension '': scope METHOD is not possible: a static @RegisterExtension field "
                        + "serves the whole class; use an instance field for a database per test");
    }

    @Test
    void theAccessorsFailClearlyBeforeTheDatabaseIsOpened() {
        LitestreamExtension unused = LitestreamExtension.builder().name("early").build();

        org.assertj.core.api.Assertions.assertThatThrownBy(unused::database)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("LitestreamExtension 'early' has no database yet: it opens one before each test, or "
                        + "before all tests when registered on a static field");
    }
}
