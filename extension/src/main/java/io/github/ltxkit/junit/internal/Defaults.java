package io.github.ltxkit.junit.internal;

import static io.github.ltxkit.junit.LitestreamDatabase.BACKEND_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.CACHE_SIZE_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.CLEANUP_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.EXTERNAL_ACCESS_KEY_ID_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.EXTERNAL_BUCKET_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.EXTERNAL_ENDPOINT_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.EXTERNAL_PREFIX_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.EXTERNAL_REGION_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.EXTERNAL_SECRET_ACCESS_KEY_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.FAILED_REPLICA_DIRECTORY_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.FIXTURE_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.HYDRATION_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.MINIO_IMAGE_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.PARAMETERS_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.SCOPE_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.SYNC_INTERVAL_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.VFS_NAME_PROPERTY;
import static io.github.ltxkit.junit.LitestreamDatabase.WRITABLE_PROPERTY;

import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.junit.LitestreamDatabase.Scope;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.vfs.DatabaseConfig;
import io.github.ltxkit.vfs.LitestreamVfs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.CleanupMode;

/**
 * The run's defaults, read once from the {@code ltxkit.*} configuration parameters and checked: an annotation
 * attribute left at its default takes the value here. Immutable.
 *
 * @param backend                the default backend
 * @param scope                  the default scope of databases on classes and instance fields
 * @param fixture                the fixture of databases that name none, if any
 * @param parameters             Litestream URI parameters every database starts from
 * @param cleanup                the default cleanup mode
 * @param failedReplicaDirectory where failed tests' embedded replicas are copied
 * @param vfsName                the name the VFS registers under
 * @param minioImage             the MinIO image
 * @param external               the external backend, or {@code null} if not configured
 * @param externalMissing        the external backend's parameters that are missing (empty when configured)
 * @param timingsFile            where to write per-phase timings when the run ends (diagnostics), if anywhere
 * @param embeddedRequestLatency the delay the embedded S3 server adds to every request it receives (diagnostics,
 *                               for benchmarks); zero for none
 */
record Defaults(Backend backend, Scope scope, Optional<String> fixture, Map<String, String> parameters,
                CleanupMode cleanup, Path failedReplicaDirectory, String vfsName, String minioImage,
                ExternalSettings external, List<String> externalMissing, Optional<Path> timingsFile,
                Duration embeddedRequestLatency) {
    /** The MinIO image used unless {@code ltxkit.minio.image} names another: the frozen Quay copy. */
    static final String DEFAULT_MINIO_IMAGE = "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z";
    /** The diagnostic parameter naming a file for per-phase timings (CSV), written when the run ends. */
    static final String TIMINGS_FILE_PROPERTY = "ltxkit.internal.timingsFile";
    /**
     * The diagnostic parameter of a delay, a duration such as {@code 20ms}, that the embedded S3 server's HTTP front
     * end adds to every request it receives, as a remote store's round trip would (for benchmarks).
     */
    static final String EMBEDDED_REQUEST_LATENCY_PROPERTY = "ltxkit.internal.embeddedRequestLatency";

    /** Reads and checks the defaults; a malformed value fails naming its configuration parameter. */
    static Defaults from(Config config) {
        Backend backend = config.enumValue(BACKEND_PROPERTY, Backend.class, Backend.EMBEDDED);
        Scope scope = config.enumValue(SCOPE_PROPERTY, Scope.class, Scope.METHOD);
        CleanupMode cleanup = config.enumValue(CLEANUP_PROPERTY, CleanupMode.class, CleanupMode.ON_SUCCESS);
        Map<String, String> parameters = new LinkedHashMap<>();
        config.get(PARAMETERS_PROPERTY).ifPresent(list -> {
            for (String pair : list.split(",")) {
                if (!pair.isBlank()) {
                    putParameter(parameters, PARAMETERS_PROPERTY, pair.trim());
                }
            }
        });
        config.get(WRITABLE_PROPERTY).ifPresent(v ->
                putParameter(parameters, WRITABLE_PROPERTY, "write_enabled=" + config.bool(WRITABLE_PROPERTY, false)));
        config.get(SYNC_INTERVAL_PROPERTY).ifPresent(v ->
                putParameter(parameters, SYNC_INTERVAL_PROPERTY, "sync_interval=" + v));
        config.get(HYDRATION_PROPERTY).ifPresent(v ->
                putParameter(parameters, HYDRATION_PROPERTY, "hydration_enabled="
                        + config.bool(HYDRATION_PROPERTY, false)));
        config.get(CACHE_SIZE_PROPERTY).ifPresent(v ->
                putParameter(parameters, CACHE_SIZE_PROPERTY, "cache_size=" + v));
        String vfsName = config.get(VFS_NAME_PROPERTY).orElse(LitestreamVfs.DEFAULT_NAME);
        if (!vfsName.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw Config.invalid(VFS_NAME_PROPERTY, vfsName, "1 to 64 of A-Z, a-z, 0-9, '_', '.', '-'");
        }
        List<String> missing = new ArrayList<>();
        ExternalSettings external = external(config, missing);
        return new Defaults(backend, scope, config.get(FIXTURE_PROPERTY), parameters, cleanup,
                config.get(FAILED_REPLICA_DIRECTORY_PROPERTY).map(Path::of).orElseGet(Defaults::failedDirectory),
                vfsName, config.get(MINIO_IMAGE_PROPERTY).orElse(DEFAULT_MINIO_IMAGE), external, List.copyOf(missing),
                config.get(TIMINGS_FILE_PROPERTY).map(Path::of), embeddedRequestLatency(config));
    }

    private static Duration embeddedRequestLatency(Config config) {
        Optional<String> value = config.get(EMBEDDED_REQUEST_LATENCY_PROPERTY);
        if (value.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            return FaultSpec.duration(EMBEDDED_REQUEST_LATENCY_PROPERTY, value.get());
        } catch (IllegalArgumentException e) {
            throw Config.invalid(EMBEDDED_REQUEST_LATENCY_PROPERTY, value.get(), "a duration such as 20ms");
        }
    }

    /**
     * Adds one {@code name=value} Litestream parameter read from {@code property}, checking it.
     *
     * @throws ExtensionConfigurationException naming the property if the pair is malformed
     */
    static void putParameter(Map<String, String> parameters, String property, String pair) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw Config.invalid(property, pair, "name=value, e.g. poll_interval=250ms");
        }
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        String problem = checkParameter(name, value);
        if (problem != null) {
            throw new ExtensionConfigurationException("configuration parameter " + property + ": " + problem);
        }
        parameters.put(name, value);
    }

    /** Returns what is wrong with one Litestream parameter, or {@code null} if it is fine. */
    static String checkParameter(String name, String value) {
        if (name.equals("replica_url")) {
            return "replica_url is set by the extension (each database gets its own replica)";
        }
        try {
            DatabaseConfig.builder().replicaUrl("s3://check/parameter").build().withParameters(Map.of(name, value),
                    false);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static ExternalSettings external(Config config, List<String> missing) {
        Optional<String> endpoint = config.get(EXTERNAL_ENDPOINT_PROPERTY);
        Optional<String> bucket = config.get(EXTERNAL_BUCKET_PROPERTY);
        Optional<String> keyId = config.get(EXTERNAL_ACCESS_KEY_ID_PROPERTY);
        Optional<String> secret = config.get(EXTERNAL_SECRET_ACCESS_KEY_PROPERTY);
        if (endpoint.isEmpty()) {
            missing.add(EXTERNAL_ENDPOINT_PROPERTY);
        }
        if (bucket.isEmpty()) {
            missing.add(EXTERNAL_BUCKET_PROPERTY);
        }
        if (keyId.isEmpty()) {
            missing.add(EXTERNAL_ACCESS_KEY_ID_PROPERTY);
        }
        if (secret.isEmpty()) {
            missing.add(EXTERNAL_SECRET_ACCESS_KEY_PROPERTY);
        }
        if (!missing.isEmpty()) {
            return null;
        }
        URI uri;
        try {
            // as in a replica URL: without a scheme, http:// for local addresses and https:// otherwise
            uri = ReplicaUrl.parse("s3://check?endpoint=" + endpoint.get()).endpoint();
            return new ExternalSettings(uri, config.get(EXTERNAL_REGION_PROPERTY).orElse("us-east-1"), bucket.get(),
                    new S3Credentials(keyId.get(), secret.get()),
                    config.get(EXTERNAL_PREFIX_PROPERTY).orElse("ltxkit-test"));
        } catch (IllegalArgumentException e) {
            throw Config.invalid(EXTERNAL_ENDPOINT_PROPERTY, endpoint.get(), "an S3 endpoint URL (" + e.getMessage()
                    + ")");
        }
    }

    /** {@code target/ltxkit-failed}, or {@code build/ltxkit-failed} in a Gradle build without a target directory. */
    private static Path failedDirectory() {
        if (!Files.isDirectory(Path.of("target")) && Files.isDirectory(Path.of("build"))) {
            return Path.of("build", "ltxkit-failed");
        }
        return Path.of("target", "ltxkit-failed");
    }
}
