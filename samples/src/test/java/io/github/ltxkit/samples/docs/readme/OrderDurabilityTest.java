package io.github.ltxkit.samples.docs.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class OrderDurabilityTest {
    @Test
    @LitestreamDatabase(fixture = "db/orders.sql", writable = Toggle.ON)
    void anUploadedOrderSurvivesTheLossOfTheMachine(ReplicaDatabase db) throws Exception {
        try (Connection c = db.connect()) {       // pages come from the bucket, writes go to a local buffer
            c.createStatement().execute("insert into orders(customer, total) values ('joan', 50)");
        }
        db.awaitSynced();                         // uploaded as an LTX file, within the 1 s sync interval
        db.crash(true);                           // a killed process on a lost machine: no local state left
        try (Connection c = db.reopen().connect();
             ResultSet rs = c.createStatement().executeQuery("select count(*) from orders")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(4);
        }
    }
}
