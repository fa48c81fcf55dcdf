package io.github.ltxkit.samples;

import static io.github.ltxkit.assertions.LtxkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.sql.Connection;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Flyway migrating a database that lives in a bucket, through the data source the extension hands out. */
class MigrationsTest {
    /** The columns and indexes of the shop's tables, without Flyway's own table. */
    static final String SCHEMA = """
            select m.name, c.name, c.type, c."notnull", c.pk
            from sqlite_schema m join pragma_table_info(m.name) c
            where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like 'flyway_%'
            union all
            select m.name, i.name, 'index', i."unique", i.origin
            from sqlite_schema m join pragma_index_list(m.name) i
            where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like 'flyway_%'
            order by 1, 2""";

    @Test
    void migratesAnEmptyReplicaToTheNewestVersion(
            @LitestreamDatabase(writable = Toggle.ON, syncInterval = "0") ReplicaDatabase db) throws Exception {
        assertThat(ShopSchema.migrate(db.dataSource())).isEqualTo(2);
        db.syncNow();

        assertThat(ShopSchema.version(db.dataSource())).contains("2");
        assertThat(db).hasNothingUnsynced().remoteEqualsLocal();
    }

    @Test
    void migratingAnUpToDateDatabaseAppliesNothing(
            @LitestreamDatabase(writable = Toggle.ON, syncInterval = "0") DataSource dataSource) {
        ShopSchema.migrate(dataSource);

        assertThat(ShopSchema.migrate(dataSource)).isZero();
    }

    @Test
    void theFixtureHasTheSchemaOfTheMigrations(
            @LitestreamDatabase(name = "fixture", fixture = "db/shop.sql") Connection fixture,
            @LitestreamDatabase(name = "migrated", writable = Toggle.ON) DataSource migrated) throws Exception {
        ShopSchema.migrate(migrated);

        List<String> expected;
        try (Connection c = migrated.getConnection()) {
            expected = Sql.rows(c, SCHEMA);
        }
        assertThat(Sql.rows(fixture, SCHEMA)).isNotEmpty().containsExactlyElementsOf(expected);
    }
}
