package io.github.ltxkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.junit.LitestreamDatabase.Scope;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.vfs.DatabaseConfig;
import io.github.ltxkit.vfs.ReplicaDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Settings come from the annotation, else from configuration parameters, else from the built-in defaults. */
class ConfigurationTest {
    static final List<DatabaseConfig> CONFIGS = new CopyOnWriteArrayList<>();
    static final Set<String> BUCKETS = ConcurrentHashMap.newKeySet();

    @EngineTestCase
    static class DefaultsTestCase {
        @Test
        void test(@LitestreamDatabase ReplicaDatabase db) {
            CONFIGS.add(db.config());
        }
    }

    @Test
    void withoutConfigurationTheBuiltInDefaultsApply() {
        CONFIGS.clear();

        Engine.assertAllSucceeded(Engine.execute(DefaultsTestCase.class), 1);

        DatabaseConfig config = CONFIGS.getFirst();
        assertThat(config.writeEnabled()).isFalse();
        assertThat(config.syncInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.hydrationEnabled()).isFalse();
        assertThat(config.cacheSize()).isEqualTo(10L << 20);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void configurationParametersSetTheDefaults() {
        CONFIGS.clear();

        Engine.assertAllSucceeded(Engine.engine()
                .with(LitestreamDatabase.WRITABLE_PROPERTY, "true")
                .with(LitestreamDatabase.SYNC_INTERVAL_PROPERTY, "250ms")
                .with(LitestreamDatabase.HYDRATION_PROPERTY, "true")
                .with(LitestreamDatabase.CACHE_SIZE_PROPERTY, "2MiB")
                .with(LitestreamDatabase.PARAMETERS_PROPERTY, "poll_interval=5s, readahead=false")
                .run(DefaultsTestCase.class), 1);

        DatabaseConfig config = CONFIGS.getFirst();
        assertThat(config.writeEnabled()).isTrue();
        assertThat(config.syncInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.hydrationEnabled()).isTrue();
        assertThat(config.cacheSize()).isEqualTo(2L << 20);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.readahead()).isFalse();
    }

    @EngineTestCase
    static class AnnotatedTestCase {
        @Test
        void test(@LitestreamDatabase(writable = Toggle.OFF, syncInterval = "2s", hydration = Toggle.OFF,
                cacheSize = "1MiB", parameters = "poll_interval=3s") ReplicaDatabase db) {
            CONFIGS.add(db.config());
        }
    }

    @Test
    void theAnnotationWinsOverConfiguration() {
        CONFIGS.clear();

        Engine.assertAllSucceeded(Engine.engine()
                .with(LitestreamDatabase.WRITABLE_PROPERTY, "true")
                .with(LitestreamDatabase.SYNC_INTERVAL_PROPERTY, "250ms")
                .with(LitestreamDatabase.HYDRATION_PROPERTY, "true")
                .with(LitestreamDatabase.CACHE_SIZE_PROPERTY, "2MiB")
                .with(LitestreamDatabase.PARAMETERS_PROPERTY, "poll_interval=5s,readahead=false")
                .run(AnnotatedTestCase.class), 1);

        DatabaseConfig config = CONFIGS.getFirst();
        assertThat(config.writeEnabled()).isFalse();
        assertThat(config.syncInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.hydrationEnabled()).isFalse();
        assertThat(config.cacheSize()).isEqualTo(1L << 20);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.readahead()).isFalse();
    }

    @Test
    void aSystemPropertyIsAConfigurationParameterAndTheLauncherWinsOverIt() {
        CONFIGS.clear();
        String previous = System.setProperty(LitestreamDatabase.CACHE_SIZE_PROPERTY, "3MiB");
        try {
            Engine.assertAllSucceeded(Engine.engine().withImplicitParameters().run(DefaultsTestCase.class), 1);
            Engine.assertAllSucceeded(Engine.engine().withImplicitParameters()
                    .with(LitestreamDatabase.CACHE_SIZE_PROPERTY, "4MiB").run(DefaultsTestCase.class), 1);
        } finally {
            if (previous == null) {
                System.clearProperty(LitestreamDatabase.CACHE_SIZE_PROPERTY);
            } else {
                System.setProperty(LitestreamDatabase.CACHE_SIZE_PROPERTY, previous);
            }
        }

        assertThat(CONFIGS).extracting(DatabaseConfig::cacheSize).containsExactly(3L << 20, 4L << 20);
    }

    @EngineTestCase
    @LitestreamDatabase(fixture = "fixtures/orders.sql")
    static class ScopeTestCase {
        @Test
        void first(ReplicaLocation location) {
            BUCKETS.add(location.bucket());
        }

        @Test
        void second(ReplicaLocation location) {
            BUCKETS.add(location.bucket());
        }
    }

    @Test
    void theConfiguredScopeDecidesWhetherAClassDeclarationIsShared() {
        BUCKETS.clear();
        Engine.assertAllSucceeded(Engine.execute(ScopeTestCase.class), 2);
        assertThat(BUCKETS).hasSize(2);

        BUCKETS.clear();
        Engine.assertAllSucceeded(Engine.engine().with(LitestreamDatabase.SCOPE_PROPERTY, "class")
                .run(ScopeTestCase.class), 2);
        assertThat(BUCKETS).hasSize(1);
    }

    @EngineTestCase
    @LitestreamDatabase(fixture = "fixtures/orders.sql", scope = Scope.METHOD)
    static class ExplicitScopeTestCase {
        @Test
        void first(ReplicaLocation location) {
            BUCKETS.add(location.bucket());
        }

        @Test
        void second(ReplicaLocation location) {
            BUCKETS.add(location.bucket());
        }
    }

    @Test
    void anExplicitScopeWinsOverTheConfiguredOne() {
        BUCKETS.clear();

        Engine.assertAllSucceeded(Engine.engine().with(LitestreamDatabase.SCOPE_PROPERTY, "JVM")
                .run(ExplicitScopeTestCase.class), 2);

        assertThat(BUCKETS).hasSize(2);
    }

    static final List<String> URLS = new CopyOnWriteArrayList<>();

    @EngineTestCase
    static class JdbcUrlTestCase {
        @Test
        void test(@LitestreamDatabase ReplicaDatabase db) {
            URLS.add(db.jdbcUrl());
        }
    }

    @Test
    void junitPlatformPropertiesComeLastAfterSystemPropertiesAndTheLauncher() {
        URLS.clear();
        Engine.assertAllSucceeded(Engine.engine().withImplicitParameters().run(JdbcUrlTestCase.class), 1);
        String previous = System.setProperty(LitestreamDatabase.VFS_NAME_PROPERTY, "ltxkit-from-system");
        try {
            Engine.assertAllSucceeded(Engine.engine().withImplicitParameters().run(JdbcUrlTestCase.class), 1);
            Engine.assertAllSucceeded(Engine.engine().withImplicitParameters()
                    .with(LitestreamDatabase.VFS_NAME_PROPERTY, "ltxkit-from-launcher").run(JdbcUrlTestCase.class), 1);
        } finally {
            if (previous == null) {
                System.clearProperty(LitestreamDatabase.VFS_NAME_PROPERTY);
            } else {
                System.setProperty(LitestreamDatabase.VFS_NAME_PROPERTY, previous);
            }
        }

        assertThat(URLS).extracting(u -> u.substring(u.indexOf("?vfs="))).containsExactly("?vfs=ltxkit-from-properties",
                "?vfs=ltxkit-from-system", "?vfs=ltxkit-from-launcher");
    }

    @EngineTestCase
    static class VfsNameTestCase {
        @Test
        void test(@LitestreamDatabase ReplicaDatabase db) {
            assertThat(db.jdbcUrl()).endsWith("?vfs=ltxkit-tests");
        }
    }

    @Test
    void theVfsNameIsConfigurable() {
        Engine.assertAllSucceeded(Engine.engine().with(LitestreamDatabase.VFS_NAME_PROPERTY, "ltxkit-tests")
                .run(VfsNameTestCase.class), 1);
    }
}
