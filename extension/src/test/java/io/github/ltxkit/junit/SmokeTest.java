package io.github.ltxkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @EngineTestCase
    @LitestreamDatabase(fixture = "fixtures/orders.sql")
    static class CountsOrdersTestCase {
        @Test
        void countsOrders(Connection connection) throws Exception {
            try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("select count(*) from orders")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(3);
            }
        }
    }

    @Test
    void aDatabaseSeededFromASqlFixtureIsInjected() {
        var results = Engine.execute(CountsOrdersTestCase.class);
        results.testEvents().failed().stream().forEach(e -> e.getPayload().ifPresent(p -> System.out.println(p)));
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }
}
