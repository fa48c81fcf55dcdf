package io.github.ltxkit.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.github.ltxkit.replica.ReplicaOperation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * A storage failure injected into the replica requests of a {@link LitestreamDatabase} while a test runs: a rule
 * of the database's {@link io.github.ltxkit.fault.StorageFaults}.
 *
 * <pre>{@code
 * @Test
 * @LitestreamDatabase(fixture = "db/orders.sql")
 * @StorageFault(value = Kind.ERROR, on = ReplicaOperation.READ, times = 2, status = 503, code = "SlowDown")
 * void survivesThrottling(Connection connection) throws SQLException { ... }
 * }</pre>
 *
 * <p>On a test method it applies to that test, on a test class to each of its tests, and on a field or parameter
 * annotated with {@link LitestreamDatabase} to that database. On a class or method, {@link #database()} names the
 * database; left empty, the rule goes to every database of the test. A rule is armed after the
 * {@code @BeforeEach} methods ran and removed before the {@code @AfterEach} methods run, so only the test itself
 * meets it (on a database shared by the class, so does any test running at the same time). Several rules are
 * consulted in the order field, class, method, each in the order written; see
 * {@link io.github.ltxkit.fault.StorageFaults} for how they combine.
 *
 * <p>Each kind has its own attributes, and setting one of another kind's fails the test: {@link #status()} and
 * {@link #code()} for {@link Kind#ERROR}, {@link #latency()} and {@link #jitter()} for {@link Kind#LATENCY},
 * {@link #bytesPerSecond()} for {@link Kind#BANDWIDTH}, {@link #keep()} for {@link Kind#TRUNCATED_BODY},
 * {@link #hideNewest()} for {@link Kind#STALE_LISTING}.
 *
 * @since 0.1.0
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Repeatable(StorageFault.List.class)
public @interface StorageFault {
    /** What happens to a matching request. */
    Kind value();

    /** On a class or method: the name of the database it applies to; empty for every database of the test. */
    String database() default "";

    /** The operations it applies to; empty for every operation the kind can affect. */
    ReplicaOperation[] on() default {};

    /**
     * A glob over the files' paths {@code <level>/<min>-<max>.ltx} ({@code *} any run of characters, {@code ?} one):
     * {@code 0/*} for level 0; {@code *} (the default) for every file.
     */
    String keys() default "*";

    /** How many matching requests pass untouched first. */
    long after() default 0;

    /** The most requests it is injected into; 0 for no limit. */
    long times() default 0;

    /** The chance that an eligible request gets it, 0 to 1. */
    double probability() default 1;

    /** The seed of the rule's random (probability draws and jitter): the same seed, the same injections. */
    long seed() default 0;

    /** {@link Kind#ERROR}: the HTTP status, 400 to 599; 0 for 503. */
    int status() default 0;

    /**
     * {@link Kind#ERROR}: the S3 error code; empty for the usual code of the status ({@code SlowDown} for 503,
     * {@code InternalError} for 500, {@code NoSuchKey} for 404, {@code AccessDenied} for 403,
     * {@code PreconditionFailed} for 412, {@code InjectedError} otherwise).
     */
    String code() default "";

    /** {@link Kind#LATENCY}: the delay before each affected request, a duration such as {@code 200ms} (required). */
    String latency() default "";

    /** {@link Kind#LATENCY}: the most added on top of {@link #latency()} at random; empty for none. */
    String jitter() default "";

    /** {@link Kind#BANDWIDTH}: the transfer rate cap in bytes per second (required). */
    long bytesPerSecond() default 0;

    /** {@link Kind#TRUNCATED_BODY}: the fraction of the body delivered, at least 0 and below 1; negative for 0.5. */
    double keep() default -1;

    /** {@link Kind#STALE_LISTING}: how many of a listing's newest files are left out; 0 for 1. */
    int hideNewest() default 0;

    /** The kinds of storage failure, each a {@link io.github.ltxkit.fault.Fault}. */
    @API(status = EXPERIMENTAL, since = "0.1.0")
    enum Kind {
        /** An error response with {@link #status()} and {@link #code()}; the request does not reach storage. */
        ERROR,
        /** A delay of {@link #latency()} plus up to {@link #jitter()} before the request is carried out. */
        LATENCY,
        /** Reads and writes move at most {@link #bytesPerSecond()}. */
        BANDWIDTH,
        /** Reads deliver only the first {@link #keep()} of their bytes, without an error. */
        TRUNCATED_BODY,
        /** The connection is reset before storage carries out the request. */
        RESET,
        /** Storage carries out the write or delete, then the response is lost. */
        AMBIGUOUS_WRITE,
        /** Listings leave out their newest {@link #hideNewest()} files, as an eventually consistent store does. */
        STALE_LISTING,
        /** Storage cannot be reached. */
        PARTITION
    }

    /** Holds several {@link StorageFault} annotations on one element. */
    @API(status = EXPERIMENTAL, since = "0.1.0")
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER,
            ElementType.ANNOTATION_TYPE})
    @interface List {
        /** The annotations. */
        StorageFault[] value();
    }
}
