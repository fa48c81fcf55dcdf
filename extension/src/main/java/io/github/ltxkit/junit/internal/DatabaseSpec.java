package io.github.ltxkit.junit.internal;

import io.github.ltxkit.fault.StorageFaults;
import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.junit.LitestreamDatabase.Scope;
import io.github.ltxkit.vfs.DatabaseConfig;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.io.CleanupMode;

/**
 * A database as declared, with every setting resolved against configuration: what {@link ManagedDatabase} is
 * created from. Two declarations of one name must describe the same database ({@link #sameDatabaseAs}).
 * Immutable.
 *
 * @param name       the name within the test ({@code ""} for the default database)
 * @param fixture    what it starts with
 * @param parameters Litestream URI parameters ({@code write_enabled}, {@code sync_interval}, ...), sorted, checked
 * @param configurer programmatic changes to the configuration, or {@code null}
 * @param faultSetup programmatic fault rules armed when the database opens, or {@code null}
 * @param backend    where the replica is stored (never {@link Backend#DEFAULT})
 * @param external   the external location given programmatically, or {@code null} for the configured one
 * @param scope      how long it lives (never {@link Scope#DEFAULT})
 * @param cleanup    whether its replica is deleted ({@code ALWAYS}, {@code ON_SUCCESS} or {@code NEVER})
 * @param origin     where it is declared
 */
record DatabaseSpec(String name, FixtureRef fixture, Map<String, String> parameters,
                    UnaryOperator<DatabaseConfig.Builder> configurer, Consumer<StorageFaults> faultSetup,
                    Backend backend, ExternalSettings external, Scope scope, CleanupMode cleanup, Origin origin) {
    DatabaseSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fixture, "fixture");
        parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(cleanup, "cleanup");
        Objects.requireNonNull(origin, "origin");
        if (backend == Backend.DEFAULT || scope == Scope.DEFAULT || cleanup == CleanupMode.DEFAULT) {
            throw new IllegalArgumentException("unresolved setting in " + origin);
        }
    }

    /** Returns this spec with another scope. */
    DatabaseSpec withScope(Scope other) {
        return new DatabaseSpec(name, fixture, parameters, configurer, faultSetup, backend, external, other, cleanup,
                origin);
    }

    /** Returns the key of the database among JVM-scoped ones: equal for specs that declare the same database. */
    String sharedKey() {
        return name + "|" + Integer.toHexString(java.util.Objects.hash(fixture, parameters, backend, external,
                cleanup, System.identityHashCode(configurer), System.identityHashCode(faultSetup)));
    }

    /** Returns whether {@code other} declares the same database (everything but the origin equal). */
    boolean sameDatabaseAs(DatabaseSpec other) {
        return difference(other) == null;
    }

    /** Returns the first setting in which {@code other} differs, described, or {@code null}. */
    String difference(DatabaseSpec other) {
        if (!fixture.equals(other.fixture)) {
            return "fixture " + fixture + " vs " + other.fixture;
        }
        if (!parameters.equals(other.parameters)) {
            return "parameters " + parameters + " vs " + other.parameters;
        }
        if (backend != other.backend) {
            return "backend " + backend + " vs " + other.backend;
        }
        if (!Objects.equals(external, other.external)) {
            return "external location " + external + " vs " + other.external;
        }
        if (scope != other.scope) {
            return "scope " + scope + " vs " + other.scope;
        }
        if (cleanup != other.cleanup) {
            return "cleanup " + cleanup + " vs " + other.cleanup;
        }
        if (configurer != other.configurer || faultSetup != other.faultSetup) {
            return "programmatic configuration (a different LitestreamExtension)";
        }
        return null;
    }

    /** Returns the database's name for messages: {@code database 'orders'} or {@code the default database}. */
    String displayName() {
        return displayName(name);
    }

    static String displayName(String name) {
        return name.isEmpty() ? "the default database" : "database '" + name + "'";
    }

    /**
     * Returns the VFS configuration of the database with its replica at {@code replicaUrl}: the defaults, then the
     * parameters, then the programmatic changes; the replica URL is always the one given.
     *
     * @throws IllegalArgumentException naming the parameter of a malformed value
     */
    DatabaseConfig config(String replicaUrl) {
        DatabaseConfig.Builder builder = DatabaseConfig.builder().replicaUrl(replicaUrl).build()
                .withParameters(parameters, false).toBuilder();
        if (configurer != null) {
            builder = Objects.requireNonNull(configurer.apply(builder), "the configure(...) function returned null");
        }
        return builder.replicaUrl(replicaUrl).build();
    }

    /** Returns whether the database accepts writes. */
    boolean writable() {
        return config("s3://check/writable").writeEnabled();
    }
}
