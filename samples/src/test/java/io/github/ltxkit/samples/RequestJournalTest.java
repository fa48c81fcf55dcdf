package io.github.ltxkit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.fault.RecordedRequests;
import io.github.ltxkit.fault.RequestJournal;
import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The requests a database makes to its bucket, from the journal of {@code faults()}: what a query or an upload
 * costs, and whether the writer plays by the rules.
 */
@LitestreamDatabase(fixture = "db/shop.sql", writable = Toggle.ON, syncInterval = "0")
class RequestJournalTest {
    @Test
    void aPointQueryFetchesPagesNotWholeFiles(ReplicaDatabase db) throws Exception {
        RequestJournal journal = db.faults().journal();
        long mark = journal.mark();

        assertThat(new OrderService(db.dataSource()).product("PART-1234")).isPresent();

        RecordedRequests requests = journal.since(mark);
        requests.assertNoWholeObjectReads();
        // one ranged GET per page on the way to the row: the schema, the index's root and leaf, the table's root
        // and leaf
        requests.assertAtMost(ReplicaOperation.READ, 5);
    }

    @Test
    void everyUploadIsAConditionalCreate(ReplicaDatabase db) throws Exception {
        OrderService shop = new OrderService(db.dataSource());
        shop.placeOrder("ada@example.com", Map.of("KB-101", 1));
        db.syncNow();
        shop.placeOrder("grace@example.com", Map.of("MS-202", 1));
        db.syncNow();

        RequestJournal journal = db.faults().journal();
        journal.assertAllWritesConditional();
        assertThat(journal.count(ReplicaOperation.WRITE)).as("one PUT per upload").isEqualTo(2);
    }
}
