package io.github.ltxkit.samples;

import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;

/**
 * The {@link BackendContract} on an S3 service of your own (AWS S3, a MinIO cluster, ...), given by the
 * {@code ltxkit.external.*} configuration parameters: each database gets a prefix of its own under
 * {@code ltxkit.external.prefix}, deleted afterwards. Skipped, naming the missing parameters, where they are not set.
 */
@LitestreamDatabase(fixture = "db/shop.sql", writable = Toggle.ON, syncInterval = "0", backend = Backend.EXTERNAL)
class ExternalBackendTest extends BackendContract {
}
