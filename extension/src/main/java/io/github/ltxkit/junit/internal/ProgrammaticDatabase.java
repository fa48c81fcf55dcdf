package io.github.ltxkit.junit.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.ltxkit.fault.StorageFaults;
import io.github.ltxkit.junit.DatabaseFixture;
import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.junit.LitestreamDatabase.Scope;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.vfs.DatabaseConfig;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.CleanupMode;

/**
 * The database of one {@code LitestreamExtension}: what its builder set, resolved against the run's defaults when
 * the extension first runs, and the database of the current scope. Not API.
 *
 * <p>Thread-safe: the mutable fields are guarded by {@code lock}.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ProgrammaticDatabase {
    /**
     * What a builder set; {@code null} or empty means "from configuration".
     *
     * @param name             the database's name
     * @param fixtureLocation  a fixture file or resource, or {@code null}
     * @param fixture          a fixture callback, or {@code null}
     * @param parameters       Litestream URI parameters
     * @param configurer       changes to the VFS configuration, or {@code null}
     * @param faultSetup       fault rules armed when the database opens, or {@code null}
     * @param backend          the backend
     * @param externalEndpoint the external endpoint, or {@code null} for the configured one
     * @param externalRegion   the external region, or {@code null}
     * @param externalBucket   the external bucket, or {@code null}
     * @param externalKeys     the external credentials, or {@code null}
     * @param externalPrefix   the external key prefix, or {@code null}
     * @param scope            the scope
     * @param cleanup          the cleanup mode
     */
    public record Settings(String name, String fixtureLocation, DatabaseFixture fixture,
                           Map<String, String> parameters, UnaryOperator<DatabaseConfig.Builder> configurer,
                           Consumer<StorageFaults> faultSetup, Backend backend, URI externalEndpoint,
                           String externalRegion, String externalBucket, S3Credentials externalKeys,
                           String externalPrefix, Scope scope, CleanupMode cleanup) {
        /** Copies the parameters. */
        public Settings {
            parameters = Map.copyOf(parameters);
        }
    }

    private final Settings settings;
    private final Object lock = new Object();
    /** Guarded by {@code lock}: the unique id of the class context it was first registered in, or null. */
    private String classContextId;
    /** Guarded by {@code lock}: the database of the current scope, or null. */
    private ManagedDatabase current;

    /** Creates the database's controller from what a builder set. */
    public ProgrammaticDatabase(Settings settings) {
        this.settings = settings;
    }

    /** Returns the database's name for messages. */
    public String describe() {
        return "LitestreamExtension '" + settings.name() + "'";
    }

    /** Opens the class-wide database (the extension serves a class); nested classes share it. */
    public void beforeAll(ExtensionContext context) {
        synchronized (lock) {
            if (classContextId != null) {
                return;
            }
            classContextId = context.getUniqueId();
            ScopeState scope = ScopeState.of(context);
            current = open(context, Origin.Kind.PROGRAMMATIC_CLASS, scope, scope);
        }
    }

    /** Opens the database of a test, unless the extension serves the class. */
    public void beforeEach(ExtensionContext context) {
        synchronized (lock) {
            if (classContextId != null) {
                return;
            }
            ScopeState scope = ScopeState.of(context);
            current = open(context, Origin.Kind.PROGRAMMATIC_METHOD, scope,
                    ScopeState.of(Databases.classContexts(context).getLast()));
        }
    }

    /** Returns whether the database's backend can run here. */
    public ConditionEvaluationResult evaluate(ExtensionContext context) {
        DatabaseSpec spec;
        try {
            spec = spec(JvmResources.of(context).defaults(), Origin.Kind.PROGRAMMATIC_CLASS);
        } catch (RuntimeException e) {
            return ConditionEvaluationResult.enabled("the settings fail later: " + e.getMessage());
        }
        String problem = DeclarativeExtension.unavailable(JvmResources.of(context), spec, context);
        return problem == null ? ConditionEvaluationResult.enabled("the backend is available")
                : ConditionEvaluationResult.disabled(problem);
    }

    private ManagedDatabase open(ExtensionContext context, Origin.Kind kind, ScopeState lookup,
                                 ScopeState classScope) {
        JvmResources jvm = JvmResources.of(context);
        DatabaseSpec spec = spec(jvm.defaults(), kind);
        Declaration declaration = new Declaration(spec, false, settings.scope() != Scope.DEFAULT, List.of());
        return new Databases(jvm).resolve(declaration, lookup, classScope, context);
    }

    /** Resolves the settings against the defaults, for a registration of {@code kind}. */
    DatabaseSpec spec(Defaults defaults, Origin.Kind kind) {
        Origin origin = new Origin(kind, describe());
        String where = describe() + ": ";
        FixtureRef fixture;
        if (settings.fixture() != null) {
            fixture = new FixtureRef.Instance(settings.fixture());
        } else if (settings.fixtureLocation() != null) {
            fixture = settings.fixtureLocation().equals(LitestreamDatabase.NO_FIXTURE) ? new FixtureRef.None()
                    : new FixtureRef.Location(settings.fixtureLocation());
        } else {
            fixture = defaults.fixture().<FixtureRef>map(FixtureRef.Location::new).orElseGet(FixtureRef.None::new);
        }
        Map<String, String> parameters = new LinkedHashMap<>(defaults.parameters());
        parameters.putAll(settings.parameters());
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String problem = Defaults.checkParameter(p.getKey(), p.getValue());
            if (problem != null) {
                throw new ExtensionConfigurationException(where + problem);
            }
        }
        Scope scope = settings.scope() == Scope.DEFAULT ? origin.defaultScope(defaults.scope()) : settings.scope();
        String refusal = origin.refuses(scope);
        if (refusal != null) {
            throw new ExtensionConfigurationException(where + "scope " + scope + " is not possible: " + refusal);
        }
        ExternalSettings external = null;
        if (settings.externalEndpoint() != null) {
            try {
                external = new ExternalSettings(settings.externalEndpoint(),
                        settings.externalRegion() == null ? "us-east-1" : settings.externalRegion(),
                        settings.externalBucket(), settings.externalKeys(),
                        settings.externalPrefix() == null ? "ltxkit-test" : settings.externalPrefix());
            } catch (RuntimeException e) {
                throw new ExtensionConfigurationException(where + "external location: " + e.getMessage(), e);
            }
        }
        Backend backend = settings.backend() == Backend.DEFAULT
                ? (external != null ? Backend.EXTERNAL : defaults.backend()) : settings.backend();
        CleanupMode cleanup = settings.cleanup() == CleanupMode.DEFAULT ? defaults.cleanup() : settings.cleanup();
        DatabaseSpec spec = new DatabaseSpec(settings.name(), fixture, parameters, settings.configurer(),
                settings.faultSetup(), backend, external, scope, cleanup, origin);
        try {
            spec.config("s3://check/settings");
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(where + e.getMessage(), e);
        }
        return spec;
    }

    /** Returns the database of the current scope. */
    public io.github.ltxkit.vfs.ReplicaDatabase database() {
        return current().handle;
    }

    /** Returns where the current database's replica is. */
    public io.github.ltxkit.junit.ReplicaLocation location() {
        return current().location;
    }

    /** Returns the current database's shared connection. */
    public Connection connection() throws SQLException {
        return current().sharedConnection();
    }

    /** Returns the current database's data source. */
    public DataSource dataSource() {
        return current().sharedDataSource();
    }

    /** Returns a client of the current database's backend. */
    public software.amazon.awssdk.services.s3.S3Client s3Client() {
        return current().client();
    }

    private ManagedDatabase current() {
        synchronized (lock) {
            if (current == null) {
                throw new IllegalStateException(describe() + " has no database yet: it opens one before each test, "
                        + "or before all tests when registered on a static field");
            }
            return current;
        }
    }
}
