package io.github.ltxkit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.sql.Connection;
import org.apiguardian.api.API;

/**
 * A fixture written in Java: it builds the starting content of a database through a JDBC connection to a new, empty
 * local SQLite file, which is then snapshotted and copied for each database that uses the fixture.
 *
 * <p>It runs once per JVM: per class when named by {@link LitestreamDatabase#fixtureBuilder()} (which needs a
 * constructor without parameters), per instance when given to
 * {@link LitestreamExtension.Builder#fixture(DatabaseFixture)}.
 * The connection is in auto-commit mode and is closed afterwards. An exception fails every test that uses the
 * fixture, naming it.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
@FunctionalInterface
public interface DatabaseFixture {
    /** Creates the database's tables and rows through {@code connection}. */
    void build(Connection connection) throws Exception;
}
