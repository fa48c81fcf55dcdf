package io.github.ltxkit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.ltxkit.fault.StorageFaults;
import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.junit.LitestreamDatabase.Scope;
import io.github.ltxkit.junit.internal.ProgrammaticDatabase;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.vfs.DatabaseConfig;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.CleanupMode;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A test database declared in code, for what {@link LitestreamDatabase} cannot express: a fixture written as a
 * lambda, any {@link DatabaseConfig} setting, fault rules armed at open, an external endpoint given in code.
 *
 * <pre>{@code
 * @RegisterExtension
 * static LitestreamExtension orders = LitestreamExtension.builder()
 *         .fixture(c -> c.createStatement().execute("create table orders(id integer primary key)"))
 *         .writable(true)
 *         .build();
 *
 * @Test
 * void insertsAnOrder() throws SQLException {
 *     orders.connection().createStatement().execute("insert into orders default values");
 *     assertThat(orders.database().syncNow()).isEqualTo(2);
 * }
 * }</pre>
 *
 * <p>On a static field the database is opened before all tests of the class (and its nested classes) and closed
 * after them; on an instance field there is a new one for each test. Its settings default to the same
 * configuration parameters as the annotation's, and its cleanup works the same way. Without a {@link
 * Builder#name(String) name} it is the test's default database, which unannotated parameters receive when
 * {@link LitestreamDatabase} is in use; with a name, a parameter annotated {@code @LitestreamDatabase(name = ...)}
 * receives it.
 *
 * <p>Thread-safe. The accessors return the current database: with a database per test and tests running in
 * parallel, use an instance field.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class LitestreamExtension implements BeforeAllCallback, BeforeEachCallback, ExecutionCondition {
    private final ProgrammaticDatabase database;

    private LitestreamExtension(ProgrammaticDatabase database) {
        this.database = database;
    }

    /** Returns a builder with everything taken from configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the handle of the current database: its JDBC URL, TXID, sync status, metrics, storage faults and
     * crash controls.
     *
     * @throws IllegalStateException before the database is opened
     */
    public ReplicaDatabase database() {
        return database.database();
    }

    /** Returns the JDBC URL of the current database. */
    public String jdbcUrl() {
        return database.database().jdbcUrl();
    }

    /**
     * Returns a connection to the current database, opened on first use and closed with the database; every caller
     * gets the same one (use {@link #dataSource()} for a connection per thread).
     */
    public Connection connection() throws SQLException {
        return database.connection();
    }

    /** Returns a data source of the current database; connections it hands out are closed with the database. */
    public DataSource dataSource() {
        return database.dataSource();
    }

    /** Returns where the current database's replica is stored. */
    public ReplicaLocation location() {
        return database.location();
    }

    /** Returns a client of the current database's backend; closing it does nothing. */
    public S3Client s3Client() {
        return database.s3Client();
    }

    /** Opens the class-wide database. Called by JUnit. */
    @API(status = INTERNAL, since = "0.1.0")
    @Override
    public void beforeAll(ExtensionContext context) {
        database.beforeAll(context);
    }

    /** Opens the database of a test, when the extension is registered for each test. Called by JUnit. */
    @API(status = INTERNAL, since = "0.1.0")
    @Override
    public void beforeEach(ExtensionContext context) {
        database.beforeEach(context);
    }

    /** Disables tests whose backend cannot run here (no Docker for MinIO, no external endpoint). Called by JUnit. */
    @API(status = INTERNAL, since = "0.1.0")
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return database.evaluate(context);
    }

    @Override
    public String toString() {
        return database.describe();
    }

    /** Builds a {@link LitestreamExtension}. Not thread-safe; the last call for a setting wins. */
    @API(status = EXPERIMENTAL, since = "0.1.0")
    public static final class Builder {
        private String name = "";
        private String fixtureLocation;
        private DatabaseFixture fixture;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private UnaryOperator<DatabaseConfig.Builder> configurer;
        private Consumer<StorageFaults> faultSetup;
        private Backend backend = Backend.DEFAULT;
        private URI externalEndpoint;
        private String externalRegion;
        private String externalBucket;
        private S3Credentials externalKeys;
        private String externalPrefix;
        private Scope scope = Scope.DEFAULT;
        private CleanupMode cleanup = CleanupMode.DEFAULT;

        private Builder() {
        }

        /** Sets the database's name (default: none, the test's default database). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Sets the fixture to a file or classpath resource, as {@link LitestreamDatabase#fixture()} reads it. */
        public Builder fixture(String location) {
            this.fixtureLocation = Objects.requireNonNull(location, "location");
            this.fixture = null;
            return this;
        }

        /** Sets the fixture to a file: a {@code .sql} script, a database file or a directory of LTX files. */
        public Builder fixture(Path file) {
            return fixture("file:" + file.toAbsolutePath());
        }

        /** Sets the fixture to {@code fixture}, run once per run for this extension (and instance). */
        public Builder fixture(DatabaseFixture fixture) {
            this.fixture = Objects.requireNonNull(fixture, "fixture");
            this.fixtureLocation = null;
            return this;
        }

        /** Sets whether the database accepts writes and uploads them. */
        public Builder writable(boolean writable) {
            return parameter("write_enabled", Boolean.toString(writable));
        }

        /** Sets how often a writable database uploads ({@link Duration#ZERO}: only on close and on demand). */
        public Builder syncInterval(Duration interval) {
            return parameter("sync_interval", interval.toMillis() + "ms");
        }

        /** Sets whether the database hydrates a local copy in the background. */
        public Builder hydration(boolean enabled) {
            return parameter("hydration_enabled", Boolean.toString(enabled));
        }

        /** Sets the page cache size in bytes. */
        public Builder cacheSize(long bytes) {
            return parameter("cache_size", Long.toString(bytes));
        }

        /** Sets a Litestream URI parameter, e.g. {@code parameter("poll_interval", "250ms")}. */
        public Builder parameter(String name, String value) {
            parameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Changes the VFS configuration after the parameters are applied; the replica URL stays the extension's.
         * Two databases whose extensions have different functions are different databases.
         */
        public Builder configure(UnaryOperator<DatabaseConfig.Builder> configurer) {
            this.configurer = Objects.requireNonNull(configurer, "configurer");
            return this;
        }

        /** Arms fault rules on the database's storage when it opens (they stay for its life). */
        public Builder faults(Consumer<StorageFaults> setup) {
            this.faultSetup = Objects.requireNonNull(setup, "setup");
            return this;
        }

        /** Sets where the replica is stored. */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * Stores the replica at an S3 endpoint outside the build, instead of the one configured by the
         * {@code ltxkit.external.*} parameters; each database gets its own prefix under {@code prefix}.
         */
        public Builder external(URI endpoint, String region, String bucket, S3Credentials credentials,
                                String prefix) {
            this.externalEndpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.externalRegion = Objects.requireNonNull(region, "region");
            this.externalBucket = Objects.requireNonNull(bucket, "bucket");
            this.externalKeys = Objects.requireNonNull(credentials, "credentials");
            this.externalPrefix = Objects.requireNonNull(prefix, "prefix");
            this.backend = Backend.EXTERNAL;
            return this;
        }

        /**
         * Sets how long the database lives: {@link Scope#CLASS} or {@link Scope#JVM} on a static field, {@link
         * Scope#METHOD} or {@link Scope#JVM} on an instance field.
         */
        public Builder scope(Scope scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /** Sets whether the replica is deleted after the database's scope. */
        public Builder cleanup(CleanupMode cleanup) {
            this.cleanup = Objects.requireNonNull(cleanup, "cleanup");
            return this;
        }

        /** Returns the extension; register it with {@code @RegisterExtension}. */
        public LitestreamExtension build() {
            return new LitestreamExtension(new ProgrammaticDatabase(new ProgrammaticDatabase.Settings(name,
                    fixtureLocation, fixture, parameters, configurer, faultSetup, backend, externalEndpoint,
                    externalRegion, externalBucket, externalKeys, externalPrefix, scope, cleanup)));
        }
    }
}
