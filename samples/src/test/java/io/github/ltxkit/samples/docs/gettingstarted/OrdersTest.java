package io.github.ltxkit.samples.docs.gettingstarted;

import io.github.ltxkit.junit.LitestreamDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class OrdersTest {
    @Test
    @LitestreamDatabase(fixture = "db/orders.sql")
    void bigOrdersAreFoundInTheReplica(Connection connection) throws Exception {
        try (ResultSet rs = connection.createStatement()
                .executeQuery("select count(*) from orders where total >= 500")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }
}
