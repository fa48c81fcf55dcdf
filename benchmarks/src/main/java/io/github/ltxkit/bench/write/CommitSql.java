package io.github.ltxkit.bench.write;

import java.util.List;
import java.util.Locale;

/**
 * The SQL of the write scenarios, the same text for every database: one table of ~100-byte rows and the commit
 * they time. Stateless.
 */
final class CommitSql {
    /** The table every write scenario commits into. */
    static final String SCHEMA = "create table t(id integer primary key, payload blob not null)";
    /** One small transaction (in autocommit): a new row of a 100-byte random payload, about 104 bytes on its page. */
    static final String INSERT = "insert into t(payload) values (randomblob(100))";

    private CommitSql() {
    }

    /**
     * Returns two statements that insert {@code rows} rows and delete them again. The database keeps the pages they
     * took, on its free list, so that later inserts reuse pages instead of growing the file: every commit then does
     * the same work, and a Litestream 0.5.17 writer (which loses sight of pages it appends once it has uploaded) can
     * keep committing in one process.
     */
    static List<String> reservePages(int rows) {
        return List.of(String.format(Locale.ROOT, "insert into t(payload) select randomblob(100) from (with "
                + "recursive s(n) as (select 1 union all select n + 1 from s where n < %d) select n from s)", rows),
                "delete from t");
    }
}
