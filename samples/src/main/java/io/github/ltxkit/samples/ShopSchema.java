package io.github.ltxkit.samples;

import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * The shop's database schema: the Flyway migrations in {@value #MIGRATIONS} ({@code V1__create_products.sql},
 * {@code V2__create_orders.sql}, ...). Stateless and thread-safe.
 */
public final class ShopSchema {
    /** Where the migrations are. */
    public static final String MIGRATIONS = "classpath:db/migration";

    private ShopSchema() {
    }

    /**
     * Brings the database of {@code dataSource} to the newest schema version.
     *
     * @return how many migrations were applied (0 if it was up to date)
     * @throws org.flywaydb.core.api.FlywayException if a migration fails or the applied ones no longer match
     */
    public static int migrate(DataSource dataSource) {
        return flyway(dataSource).migrate().migrationsExecuted;
    }

    /** Returns the schema version of the database of {@code dataSource}, or empty if no migration ran. */
    public static Optional<String> version(DataSource dataSource) {
        MigrationInfo current = flyway(dataSource).info().current();
        return Optional.ofNullable(current).map(info -> info.getVersion().getVersion());
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load();
    }
}
