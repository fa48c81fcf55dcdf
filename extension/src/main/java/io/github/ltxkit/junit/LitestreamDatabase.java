package io.github.ltxkit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.github.ltxkit.junit.internal.DeclarativeExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;

/**
 * A SQLite database, served by ltxkit's Litestream VFS from an S3 replica seeded with a fixture, for a test.
 *
 * <pre>{@code
 * @LitestreamDatabase(fixture = "db/orders.sql")
 * class OrdersTest {
 *     @Test
 *     void countsOrders(Connection connection) throws SQLException { ... }
 * }
 * }</pre>
 *
 * <h2>Where it goes</h2>
 * On a test class (every test gets the database), on a test method (that test gets it), on a field or on a
 * parameter of a test, lifecycle method or constructor. A field or parameter of one of these types receives it:
 * {@link java.sql.Connection} (a new connection, closed after its scope), {@link javax.sql.DataSource} (its
 * connections are closed after the scope too), {@link io.github.ltxkit.vfs.ReplicaDatabase} (the handle: JDBC URL,
 * TXID, sync status, metrics, {@linkplain io.github.ltxkit.vfs.ReplicaDatabase#faults() storage faults}, crashes),
 * {@link ReplicaLocation} (the bucket, prefix, endpoint and credentials), and
 * {@code software.amazon.awssdk.services.s3.S3Client} (a client of the backend; closing it does nothing). A
 * parameter of another type, or a {@code final} field, fails the test.
 *
 * <h2>Names</h2>
 * Within a test a {@link #name()} means one database. An annotation that sets nothing but a name refers to the
 * database of that name declared elsewhere (on the class, the method, a field or another parameter), or declares a
 * database with default settings if there is none; two declarations of a name that differ in any other attribute
 * fail the test. An unannotated parameter of one of the types above receives the test's only database, or the one
 * without a name.
 *
 * <h2>Scope</h2>
 * Without a {@link #scope()}, a database declared on the class or on an instance field is new for each test (see
 * {@value #SCOPE_PROPERTY}), one declared on a method or on a parameter of a test or {@code @BeforeEach} method too,
 * and one declared on a static field or on a parameter of a {@code @BeforeAll} method or constructor is shared by
 * the class. Each database has its own key prefix (and, on the embedded backend, its own bucket) and its own
 * database instance in the VFS, so nothing leaks between databases.
 *
 * <h2>Settings</h2>
 * An attribute left at its default takes the configuration parameter named in its documentation (from
 * {@code junit-platform.properties}, a system property or the launcher), and else the built-in default; the
 * annotation always wins over configuration.
 *
 * <h2>Cleanup</h2>
 * After its scope the database is closed (a writable one uploads what is pending) and its replica deleted, except
 * after a failure with {@link CleanupMode#ON_SUCCESS} (the default): the replica then stays in the bucket, and the
 * in-memory embedded backend also copies it to {@value #FAILED_REPLICA_DIRECTORY_PROPERTY} in Litestream's file
 * layout. Where it is kept is logged and published as a report entry.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Repeatable(LitestreamDatabase.List.class)
@ExtendWith(DeclarativeExtension.class)
public @interface LitestreamDatabase {
    /**
     * The configuration parameter of the default backend: {@code EMBEDDED} (default), {@code MINIO}, {@code EXTERNAL}.
     */
    String BACKEND_PROPERTY = "ltxkit.backend";
    /**
     * The configuration parameter of the scope of databases on classes and instance fields: {@code METHOD} (default),
     * {@code CLASS} or {@code JVM}.
     */
    String SCOPE_PROPERTY = "ltxkit.scope";
    /** The configuration parameter of the fixture of databases that name none (default: none, an empty database). */
    String FIXTURE_PROPERTY = "ltxkit.fixture";
    /** The configuration parameter of whether databases are writable: {@code false} (default) or {@code true}. */
    String WRITABLE_PROPERTY = "ltxkit.writable";
    /** The configuration parameter of the upload interval of writable databases, a duration (default {@code 1s}). */
    String SYNC_INTERVAL_PROPERTY = "ltxkit.syncInterval";
    /**
     * The configuration parameter of whether databases hydrate a local copy: {@code false} (default) or {@code true}.
     */
    String HYDRATION_PROPERTY = "ltxkit.hydration";
    /** The configuration parameter of the page cache size of each database, in bytes (default {@code 10MiB}). */
    String CACHE_SIZE_PROPERTY = "ltxkit.cacheSize";
    /**
     * The configuration parameter of further Litestream URI parameters, {@code name=value} pairs separated by commas.
     */
    String PARAMETERS_PROPERTY = "ltxkit.parameters";
    /**
     * The configuration parameter of the cleanup mode: {@code ON_SUCCESS} (default), {@code ALWAYS} or {@code NEVER}.
     */
    String CLEANUP_PROPERTY = "ltxkit.cleanup";
    /**
     * The configuration parameter of where failed tests' embedded replicas are copied (default {@code
     * target/ltxkit-failed}).
     */
    String FAILED_REPLICA_DIRECTORY_PROPERTY = "ltxkit.failedReplicaDirectory";
    /** The configuration parameter of the name the VFS registers under (default {@code litestream}). */
    String VFS_NAME_PROPERTY = "ltxkit.vfsName";
    /**
     * The configuration parameter of the MinIO image (default {@code
     * quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z}).
     */
    String MINIO_IMAGE_PROPERTY = "ltxkit.minio.image";
    /**
     * The configuration parameter of the external backend's endpoint URL, e.g. {@code
     * https://s3.eu-west-1.amazonaws.com}.
     */
    String EXTERNAL_ENDPOINT_PROPERTY = "ltxkit.external.endpoint";
    /** The configuration parameter of the external backend's region (default {@code us-east-1}). */
    String EXTERNAL_REGION_PROPERTY = "ltxkit.external.region";
    /** The configuration parameter of the external backend's bucket. */
    String EXTERNAL_BUCKET_PROPERTY = "ltxkit.external.bucket";
    /** The configuration parameter of the external backend's access key id. */
    String EXTERNAL_ACCESS_KEY_ID_PROPERTY = "ltxkit.external.accessKeyId";
    /** The configuration parameter of the external backend's secret access key (never logged). */
    String EXTERNAL_SECRET_ACCESS_KEY_PROPERTY = "ltxkit.external.secretAccessKey";
    /**
     * The configuration parameter of the key prefix under which the external backend's test prefixes go (default {@code
     * ltxkit-test}).
     */
    String EXTERNAL_PREFIX_PROPERTY = "ltxkit.external.prefix";
    /** The {@link #fixture()} value that asks for an empty database even where {@value #FIXTURE_PROPERTY} names one. */
    String NO_FIXTURE = "none";

    /** The database's name within the test; empty for the default database. */
    String name() default "";

    /**
     * What the database starts with: a {@code .sql} script (run statement by statement; a failing statement fails
     * the test naming the file and line), a SQLite database file ({@code .db}, {@code .sqlite}, {@code .sqlite3}),
     * or a directory of LTX files (a Litestream replica, copied as it is). A path is looked up on the test class's
     * classpath, then in the file system; {@code classpath:} or {@code file:} says which. Each fixture is built
     * into LTX files once per JVM (cached by content) and copied for each database. Empty: {@value #FIXTURE_PROPERTY},
     * else an empty database; {@value #NO_FIXTURE}: an empty database.
     */
    String fixture() default "";

    /**
     * A class that builds the database through JDBC instead of a {@link #fixture()} file; it needs a constructor
     * without parameters and runs once per JVM. {@code DatabaseFixture.class} (the default) means none.
     */
    Class<? extends DatabaseFixture> fixtureBuilder() default DatabaseFixture.class;

    /** Whether the database accepts writes and uploads them; {@link Toggle#DEFAULT}: {@value #WRITABLE_PROPERTY}. */
    Toggle writable() default Toggle.DEFAULT;

    /**
     * How often a writable database uploads its commits, as a Litestream duration ({@code 100ms}, {@code 1s};
     * {@code 0} for only on close and on {@link io.github.ltxkit.vfs.ReplicaDatabase#syncNow()}); empty:
     * {@value #SYNC_INTERVAL_PROPERTY}.
     */
    String syncInterval() default "";

    /**
     * Whether the database hydrates a full local copy in the background; {@link Toggle#DEFAULT}: {@value
     * #HYDRATION_PROPERTY}.
     */
    Toggle hydration() default Toggle.DEFAULT;

    /** The page cache size in bytes ({@code 10485760} or {@code 10MiB}); empty: {@value #CACHE_SIZE_PROPERTY}. */
    String cacheSize() default "";

    /**
     * Further Litestream URI parameters as {@code name=value}, e.g. {@code "poll_interval=250ms"}; they add to
     * {@value #PARAMETERS_PROPERTY}. {@code replica_url} is the extension's, and a parameter that another
     * attribute of this annotation also sets is a conflict.
     */
    String[] parameters() default {};

    /** Where the replica is stored; {@link Backend#DEFAULT}: {@value #BACKEND_PROPERTY}. */
    Backend backend() default Backend.DEFAULT;

    /** How long the database lives; {@link Scope#DEFAULT}: decided by where it is declared (see above). */
    Scope scope() default Scope.DEFAULT;

    /** Whether the replica is deleted after its scope; {@link CleanupMode#DEFAULT}: {@value #CLEANUP_PROPERTY}. */
    CleanupMode cleanup() default CleanupMode.DEFAULT;

    /** An on/off setting that can also be left to configuration. */
    @API(status = EXPERIMENTAL, since = "0.1.0")
    enum Toggle {
        /** Take the setting from configuration, else its built-in default. */
        DEFAULT,
        /** On. */
        ON,
        /** Off. */
        OFF
    }

    /** Where a database's replica is stored. */
    @API(status = EXPERIMENTAL, since = "0.1.0")
    enum Backend {
        /** Take the backend from {@value LitestreamDatabase#BACKEND_PROPERTY}, else {@link #EMBEDDED}. */
        DEFAULT,
        /** An in-JVM S3 server (in memory), one per JVM, with a bucket per database. Needs nothing else. */
        EMBEDDED,
        /**
         * A MinIO container started with Testcontainers (on the test classpath), one per JVM. Where Docker or
         * Testcontainers is missing, tests that ask for it are disabled with the reason, never failed.
         */
        MINIO,
        /**
         * An S3 endpoint, bucket and credentials from the {@code ltxkit.external.*} configuration parameters (AWS
         * S3, a MinIO cluster); each database gets its own prefix. Tests that ask for it are disabled, naming the
         * missing parameters, where it is not configured.
         */
        EXTERNAL
    }

    /** How long a database lives and who shares it. */
    @API(status = EXPERIMENTAL, since = "0.1.0")
    enum Scope {
        /** Decided by where the database is declared, and {@value LitestreamDatabase#SCOPE_PROPERTY}. */
        DEFAULT,
        /** A new database for each test, closed after it. */
        METHOD,
        /** One database for the tests of a class (and its nested classes), closed after them. */
        CLASS,
        /** One database for every test in the JVM that declares it alike, closed when the test run ends. */
        JVM
    }

    /** Holds several {@link LitestreamDatabase} annotations on one class or method. */
    @API(status = EXPERIMENTAL, since = "0.1.0")
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ExtendWith(DeclarativeExtension.class)
    @interface List {
        /** The annotations. */
        LitestreamDatabase[] value();
    }
}
