package io.github.ltxkit.junit.internal;

import org.testcontainers.DockerClientFactory;

/**
 * Whether the MinIO backend can run: Testcontainers' MinIO module on the classpath (an optional dependency) and a
 * reachable Docker. Touches Testcontainers only through its nested probe, after checking that it is there.
 * Stateless.
 */
final class MinioAvailability {
    private static final String CONTAINER_CLASS = "org.testcontainers.containers.MinIOContainer";

    private MinioAvailability() {
    }

    /**
     * Returns why MinIO cannot run here, or {@code null} if it can. The first call may take a few hundred
     * milliseconds, and Testcontainers logs the strategies it tried.
     */
    static String problem(ClassLoader loader) {
        try {
            Class.forName(CONTAINER_CLASS, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return "Testcontainers' MinIO module (org.testcontainers:testcontainers-minio) is not on the test "
                    + "classpath";
        }
        return DockerProbe.problem();
    }

    /** Asks Testcontainers whether Docker is reachable; loaded only when Testcontainers is present. */
    private static final class DockerProbe {
        static String problem() {
            try {
                return DockerClientFactory.instance().isDockerAvailable() ? null
                        : "Docker is not available (Testcontainers found no Docker environment)";
            } catch (RuntimeException | LinkageError e) {
                return "Docker is not available: " + e.getMessage();
            }
        }
    }
}
