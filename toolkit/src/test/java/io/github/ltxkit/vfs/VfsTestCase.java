package io.github.ltxkit.vfs;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up most VFS tests share: a temporary directory per test and a {@link VfsFixture} (a VFS registered under a
 * fresh name, with the replicas, primaries and databases the test opens), closed after the test.
 */
abstract class VfsTestCase {
    /** The test's temporary directory; the fixture keeps its replicas and files under it. */
    @TempDir
    Path dir;
    /** The test's fixture, new for each test. */
    VfsFixture fx;

    @BeforeEach
    void openFixture() {
        fx = new VfsFixture(dir);
    }

    @AfterEach
    void closeFixture() throws Exception {
        fx.close();
    }
}
