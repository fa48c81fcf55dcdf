package io.github.ltxkit.junit;

import static io.github.ltxkit.junit.Sql.execute;
import static io.github.ltxkit.junit.Sql.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.junit.LitestreamDatabase.Scope;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Each injection target receives the database of its scope. */
class InjectionTest {

    @EngineTestCase
    static class TypesTestCase {
        @Test
        void aConnection(@LitestreamDatabase(fixture = "fixtures/orders.sql") Connection c) throws Exception {
            assertThat(queryLong(c, "select count(*) from orders")).isEqualTo(3);
        }

        @Test
        void aDataSource(@LitestreamDatabase(fixture = "fixtures/orders.sql") DataSource ds) throws Exception {
            try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
                assertThat(a).isNotSameAs(b);
                assertThat(queryLong(a, "select count(*) from customers")).isEqualTo(3);
                assertThat(queryLong(b, "select count(*) from orders")).isEqualTo(3);
            }
        }

        @Test
        void theHandle(@LitestreamDatabase(fixture = "fixtures/orders.sql") ReplicaDatabase db) throws Exception {
            assertThat(db.txid()).isEqualTo(1);
            assertThat(db.jdbcUrl()).startsWith("jdbc:sqlite:file:").endsWith("?vfs=litestream");
            assertThat(db.syncStatus()).isEmpty();
            assertThat(db.faults().rules()).isEmpty();
            try (Connection c = db.connect()) {
                assertThat(queryLong(c, "select count(*) from orders")).isEqualTo(3);
            }
            assertThat(db.metrics().totalRequests()).isPositive();
        }

        @Test
        void theLocationAndAnS3Client(@LitestreamDatabase(name = "orders") S3Client s3,
                                      @LitestreamDatabase(name = "orders", fixture = "fixtures/orders.sql")
                                      ReplicaLocation location,
                                      @LitestreamDatabase(name = "orders") ReplicaDatabase db) {
            assertThat(location.backend()).isEqualTo(LitestreamDatabase.Backend.EMBEDDED);
            assertThat(location.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(location.toString()).doesNotContain(location.credentials().secretAccessKey());
            ReplicaUrl url = ReplicaUrl.parse(location.replicaUrl());
            assertThat(url.bucket()).isEqualTo(location.bucket());
            assertThat(url.path()).isEqualTo(location.prefix());
            assertThat(db.replicaDescription()).contains(location.bucket());
            List<String> keys = s3.listObjectsV2(b -> b.bucket(location.bucket()).prefix(location.prefix() + "/"))
                    .contents().stream().map(S3Object::key).toList();
            assertThat(keys).containsExactly(location.levelPrefix(0) + "0000000000000001-0000000000000001.ltx");
            s3.close(); // shared: closing does nothing
            assertThat(s3.listObjectsV2(b -> b.bucket(location.bucket())).contents()).hasSize(1);
        }

        @Test
        void anUnannotatedParameterReceivesTheOnlyDatabase(
                @LitestreamDatabase(name = "catalog", fixture = "fixtures/catalog.db") ReplicaDatabase db,
                Connection c) throws Exception {
            assertThat(queryLong(c, "select count(*) from products")).isEqualTo(4);
        }
    }

    @Test
    void eachTypeIsInjected() {
        Engine.execute(TypesTestCase.class).testEvents().assertStatistics(s -> s.started(5).succeeded(5));
    }

    /** Where a test case records what it saw. */
    static final Set<String> PREFIXES = ConcurrentHashMap.newKeySet();
    static final List<Connection> CONNECTIONS = new CopyOnWriteArrayList<>();

    @EngineTestCase
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class FieldsTestCase {
        @LitestreamDatabase(name = "shared", fixture = "fixtures/orders.sql", writable = Toggle.ON)
        static ReplicaDatabase shared;
        @LitestreamDatabase(name = "shared")
        static Connection sharedConnection;
        @LitestreamDatabase(name = "own", fixture = "fixtures/orders.sql", writable = Toggle.ON)
        Connection own;
        @LitestreamDatabase(name = "own")
        ReplicaLocation ownLocation;

        @Test
        @Order(1)
        void first() throws Exception {
            execute(own, "delete from orders");
            execute(sharedConnection, "insert into customers(name) values ('Barbara')");
            PREFIXES.add(ownLocation.prefix());
            CONNECTIONS.add(own);
        }

        @Test
        @Order(2)
        void second() throws Exception {
            assertThat(queryLong(own, "select count(*) from orders")).isEqualTo(3);
            assertThat(queryLong(sharedConnection, "select count(*) from customers")).isEqualTo(4);
            assertThat(CONNECTIONS.getFirst().isClosed()).isTrue();
            assertThat(sharedConnection.isClosed()).isFalse();
            PREFIXES.add(ownLocation.prefix());
        }
    }

    @Test
    void staticFieldsShareTheClassDatabaseAndInstanceFieldsGetOnePerTest() {
        PREFIXES.clear();
        CONNECTIONS.clear();

        Engine.execute(FieldsTestCase.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));

        assertThat(PREFIXES).hasSize(2);
    }

    @EngineTestCase
    @LitestreamDatabase(name = "perTest", fixture = "fixtures/orders.sql", writable = Toggle.ON)
    @LitestreamDatabase(name = "perClass", fixture = "fixtures/orders.sql", writable = Toggle.ON, scope = Scope.CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LifecycleTestCase {
        private final Connection fromConstructor;
        private static ReplicaDatabase fromBeforeAll;
        private Connection fromBeforeEach;

        LifecycleTestCase(@LitestreamDatabase(name = "perClass") Connection c) {
            this.fromConstructor = c;
        }

        @BeforeAll
        static void beforeAll(@LitestreamDatabase(name = "perClass") ReplicaDatabase db) {
            fromBeforeAll = db;
        }

        @BeforeEach
        void beforeEach(@LitestreamDatabase(name = "perTest") Connection c) throws Exception {
            fromBeforeEach = c;
            execute(c, "insert into customers(name) values ('from @BeforeEach')");
        }

        @Test
        @Order(1)
        void first(@LitestreamDatabase(name = "perTest") Connection perTest,
                   @LitestreamDatabase(name = "perClass") ReplicaDatabase perClass) throws Exception {
            assertThat(queryLong(perTest, "select count(*) from customers")).isEqualTo(4);
            assertThat(perClass).isSameAs(fromBeforeAll);
            execute(fromConstructor, "insert into orders(customer_id, total_cents) values (3, 1)");
        }

        @Test
        @Order(2)
        void second(@LitestreamDatabase(name = "perTest") Connection perTest,
                    @LitestreamDatabase(name = "perClass") Connection perClass) throws Exception {
            assertThat(queryLong(perTest, "select count(*) from customers")).isEqualTo(4);
            assertThat(queryLong(fromBeforeEach, "select count(*) from customers")).isEqualTo(4);
            assertThat(queryLong(perClass, "select count(*) from orders")).isEqualTo(4);
        }
    }

    @Test
    void constructorAndLifecycleParametersReceiveTheirScopesDatabases() {
        Engine.execute(LifecycleTestCase.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    }

    @EngineTestCase
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClassLifecycleTestCase {
        @LitestreamDatabase(fixture = "fixtures/orders.sql", writable = Toggle.ON)
        Connection perTest;

        @Test
        @Order(1)
        void first() throws Exception {
            execute(perTest, "delete from orders");
        }

        @Test
        @Order(2)
        void second() throws Exception {
            assertThat(queryLong(perTest, "select count(*) from orders")).isEqualTo(3);
        }
    }

    @Test
    void instanceFieldsGetADatabasePerTestUnderPerClassLifecycleToo() {
        Engine.execute(PerClassLifecycleTestCase.class).testEvents()
                .assertStatistics(s -> s.started(2).succeeded(2));
    }

    @EngineTestCase
    @LitestreamDatabase(name = "outer", fixture = "fixtures/orders.sql", scope = Scope.CLASS)
    static class NestedTestCase {
        @LitestreamDatabase(name = "outerField", fixture = "fixtures/catalog.db")
        Connection outerField;

        @Nested
        class Inner {
            @LitestreamDatabase(name = "inner", fixture = "fixtures/catalog.db")
            Connection innerField;

            @Test
            void seesOuterAndInnerDatabases(@LitestreamDatabase(name = "outer") Connection outer) throws Exception {
                assertThat(queryLong(outer, "select count(*) from orders")).isEqualTo(3);
                assertThat(queryLong(outerField, "select count(*) from products")).isEqualTo(4);
                assertThat(queryLong(innerField, "select count(*) from products")).isEqualTo(4);
            }
        }
    }

    @Test
    void nestedClassesSeeTheirEnclosingClassesDatabases() {
        Engine.execute(NestedTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @EngineTestCase
    static class JvmScopeATestCase {
        @Test
        void a(@LitestreamDatabase(name = "everyone", fixture = "fixtures/orders.sql", scope = Scope.JVM)
               ReplicaLocation location) {
            PREFIXES.add(location.prefix());
        }
    }

    @EngineTestCase
    static class JvmScopeBTestCase {
        @LitestreamDatabase(name = "everyone", fixture = "fixtures/orders.sql", scope = Scope.JVM)
        static ReplicaLocation location;

        @Test
        void b() {
            PREFIXES.add(location.prefix());
        }

        @Test
        void c(@LitestreamDatabase(name = "everyone") ReplicaLocation again) {
            PREFIXES.add(again.prefix());
        }
    }

    @Test
    void aJvmScopedDatabaseIsSharedByEveryClassThatDeclaresItAlike() {
        PREFIXES.clear();

        Engine.engine().run(JvmScopeATestCase.class, JvmScopeBTestCase.class).testEvents()
                .assertStatistics(s -> s.started(3).succeeded(3));

        assertThat(PREFIXES).hasSize(1);
    }

    @EngineTestCase
    @LitestreamDatabase(name = "a", fixture = "fixtures/orders.sql")
    @LitestreamDatabase(name = "b", fixture = "fixtures/catalog.db")
    static class SeveralDatabasesTestCase {
        @Test
        void eachNameIsItsOwnDatabase(@LitestreamDatabase(name = "a") Connection a,
                                      @LitestreamDatabase(name = "b") Connection b,
                                      @LitestreamDatabase(name = "c", fixture = "fixtures/catalog.db") ReplicaLocation c,
                                      @LitestreamDatabase(name = "a") ReplicaLocation aLocation,
                                      @LitestreamDatabase(name = "b") ReplicaLocation bLocation) throws Exception {
            assertThat(queryLong(a, "select count(*) from orders")).isEqualTo(3);
            assertThat(queryLong(b, "select count(*) from products")).isEqualTo(4);
            assertThat(Set.of(aLocation.bucket(), bLocation.bucket(), c.bucket())).hasSize(3);
        }
    }

    @Test
    void severalNamedDatabasesPerTest() {
        Engine.execute(SeveralDatabasesTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    /** A composed annotation: a team's own name for its orders database. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target({java.lang.annotation.ElementType.TYPE, java.lang.annotation.ElementType.PARAMETER,
            java.lang.annotation.ElementType.FIELD})
    @LitestreamDatabase(name = "orders", fixture = "fixtures/orders.sql")
    @interface OrdersDatabase {
    }

    /** A base class whose database its subclasses inherit. */
    @LitestreamDatabase(name = "catalog", fixture = "fixtures/catalog.db")
    abstract static class CatalogTestBase {
    }

    @EngineTestCase
    static class ComposedAndInheritedTestCase extends CatalogTestBase {
        @OrdersDatabase
        Connection orders;

        @Test
        void composedAnnotationsAndInheritedDeclarationsWork(@OrdersDatabase ReplicaDatabase ordersHandle,
                                                             @LitestreamDatabase(name = "catalog") Connection catalog)
                throws Exception {
            assertThat(queryLong(orders, "select count(*) from orders")).isEqualTo(3);
            assertThat(ordersHandle.txid()).isEqualTo(1);
            assertThat(queryLong(catalog, "select count(*) from products")).isEqualTo(4);
        }
    }

    @Test
    void composedAnnotationsAndSuperclassDeclarationsDeclareDatabases() {
        Engine.assertAllSucceeded(Engine.execute(ComposedAndInheritedTestCase.class), 1);
    }
}
