package io.github.ltxkit.samples;

import io.github.ltxkit.junit.LitestreamDatabase;
import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;

/** The {@link BackendContract} on the S3 server the extension runs inside the test JVM: it needs nothing. */
@LitestreamDatabase(fixture = "db/shop.sql", writable = Toggle.ON, syncInterval = "0", backend = Backend.EMBEDDED)
class EmbeddedBackendTest extends BackendContract {
}
