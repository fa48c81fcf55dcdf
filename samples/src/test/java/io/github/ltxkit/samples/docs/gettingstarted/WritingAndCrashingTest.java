package io.github.ltxkit.samples.docs.gettingstarted;

import io.github.ltxkit.assertions.CommitHistory;
import io.github.ltxkit.assertions.LtxkitAssertions;
import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/** The "Writing, waiting and crashing" example of docs/getting-started.md, as it is printed there. */
class WritingAndCrashingTest {
    @Test
    @LitestreamDatabase(fixture = "db/orders.sql", writable = Toggle.ON, syncInterval = "0")
    void anUnsyncedOrderIsLostWithTheMachine(ReplicaDatabase db) throws Exception {
        CommitHistory history = CommitHistory.startingAt(db);
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into orders(customer, total) values ('joan', 50)");
        }
        history.record(db);
        db.syncNow();
        history.markSynced(db);
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into orders(customer, total) values ('ken', 70)");
        }
        history.record(db);

        db.crash(true);                                     // the machine is gone, with its local buffer
        ReplicaDatabase restarted = db.reopen();
        LtxkitAssertions.assertThat(restarted)
                .hasLostNoSyncedData(history)               // joan's order survived
                .passesIntegrityCheck();
    }
}
