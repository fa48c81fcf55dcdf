package io.github.ltxkit.junit;

import static io.github.ltxkit.junit.Sql.execute;
import static io.github.ltxkit.junit.Sql.queryLong;
import static io.github.ltxkit.junit.Sql.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Every kind of fixture seeds the database it declares. */
class FixtureKindsTest {

    @EngineTestCase
    static class KindsTestCase {
        @Test
        void aSqlScriptOnTheClasspath(@LitestreamDatabase(fixture = "fixtures/orders.sql") Connection c)
                throws Exception {
            assertThat(queryLong(c, "select sum(total_cents) from orders")).isEqualTo(6440);
        }

        @Test
        void aSqlScriptNamedWithClasspathPrefix(@LitestreamDatabase(fixture = "classpath:/fixtures/orders.sql")
                                                Connection c) throws Exception {
            assertThat(queryLong(c, "select count(*) from customers")).isEqualTo(3);
        }

        @Test
        void aSqlScriptInTheFileSystem(@LitestreamDatabase(fixture = "file:src/test/resources/fixtures/orders.sql")
                                       Connection c) throws Exception {
            assertThat(queryString(c, "select name from customers where id = 2")).isEqualTo("Grace");
        }

        @Test
        void aDatabaseFile(@LitestreamDatabase(fixture = "fixtures/catalog.db") Connection c) throws Exception {
            assertThat(queryLong(c, "select count(*) from products")).isEqualTo(4);
            assertThat(queryString(c, "select name from products order by price_cents desc limit 1"))
                    .isEqualTo("monitor");
        }

        @Test
        void aDirectoryOfLtxFiles(@LitestreamDatabase(fixture = "fixtures/litestream-0.5.17-replica")
                                  ReplicaDatabase db) throws Exception {
            assertThat(db.txid()).isEqualTo(5);
            try (Connection c = db.connect()) {
                assertThat(queryLong(c, "select count(*) from orders")).isEqualTo(153);
            }
        }

        @Test
        void aJavaBuilder(@LitestreamDatabase(fixtureBuilder = Inventory.class) Connection c) throws Exception {
            assertThat(queryLong(c, "select sum(quantity) from stock")).isEqualTo(42);
        }

        @Test
        void noFixtureGivesAnEmptyReadOnlyDatabase(@LitestreamDatabase ReplicaDatabase db) throws Exception {
            try (Connection c = db.connect()) {
                assertThat(queryLong(c, "select count(*) from sqlite_schema")).isZero();
            }
            assertThat(db.config().writeEnabled()).isFalse();
        }

        @Test
        void noFixtureGivesANewWritableDatabase(@LitestreamDatabase(writable = Toggle.ON) ReplicaDatabase db)
                throws Exception {
            assertThat(db.txid()).isZero();
            try (Connection c = db.connect()) {
                execute(c, "create table t(x)", "insert into t values (1)");
            }
            assertThat(db.syncNow()).isEqualTo(1);
        }
    }

    /** A fixture written in Java; counts how often it runs. */
    public static final class Inventory implements DatabaseFixture {
        static final AtomicInteger RUNS = new AtomicInteger();

        @Override
        public void build(Connection connection) throws Exception {
            RUNS.incrementAndGet();
            execute(connection, "create table stock(item text primary key, quantity integer not null)",
                    "insert into stock values ('bolts', 40), ('nuts', 2)");
        }
    }

    @Test
    void everyKindOfFixtureSeedsItsDatabase() {
        Engine.execute(KindsTestCase.class).testEvents().assertStatistics(s -> s.started(8).succeeded(8));
    }

    @EngineTestCase
    @LitestreamDatabase(fixtureBuilder = Inventory.class, writable = Toggle.ON)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class BuiltOnceTestCase {
        @Test
        @Order(1)
        void first(Connection c) throws Exception {
            execute(c, "update stock set quantity = 0");
            assertThat(queryLong(c, "select sum(quantity) from stock")).isZero();
        }

        @Test
        @Order(2)
        void second(Connection c) throws Exception {
            assertThat(queryLong(c, "select sum(quantity) from stock")).isEqualTo(42);
            execute(c, "delete from stock");
        }

        @Test
        @Order(3)
        void third(Connection c) throws Exception {
            assertThat(queryLong(c, "select sum(quantity) from stock")).isEqualTo(42);
        }
    }

    @Test
    void aFixtureIsBuiltOncePerRunAndEachTestGetsAFreshCopy() {
        Inventory.RUNS.set(0);

        Engine.execute(BuiltOnceTestCase.class).testEvents().assertStatistics(s -> s.started(3).succeeded(3));

        assertThat(Inventory.RUNS).hasValue(1);
    }

    @EngineTestCase
    static class ConfiguredFixtureTestCase {
        @Test
        void takesTheConfiguredFixture(@LitestreamDatabase Connection c) throws Exception {
            assertThat(queryLong(c, "select count(*) from products")).isEqualTo(4);
        }

        @Test
        void noneOptsOut(@LitestreamDatabase(fixture = LitestreamDatabase.NO_FIXTURE) Connection c)
                throws Exception {
            assertThat(queryLong(c, "select count(*) from sqlite_schema")).isZero();
        }

        @Test
        void anAnnotationFixtureWins(@LitestreamDatabase(fixture = "fixtures/orders.sql") Connection c)
                throws Exception {
            assertThat(queryLong(c, "select count(*) from orders")).isEqualTo(3);
        }
    }

    @Test
    void aConfiguredFixtureSeedsDatabasesThatNameNone() {
        Engine.engine().with(LitestreamDatabase.FIXTURE_PROPERTY, "fixtures/catalog.db")
                .run(ConfiguredFixtureTestCase.class).testEvents().assertStatistics(s -> s.started(3).succeeded(3));
    }
}
