package io.github.ltxkit.samples;

import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;

/**
 * The {@link BackendContract} on MinIO in a container (Testcontainers, {@code ltxkit.minio.image}): it needs Docker,
 * and is skipped with the reason where there is none.
 */
@LitestreamDatabase(fixture = "db/shop.sql", writable = Toggle.ON, syncInterval = "0", backend = Backend.MINIO)
class MinioBackendTest extends BackendContract {
}
