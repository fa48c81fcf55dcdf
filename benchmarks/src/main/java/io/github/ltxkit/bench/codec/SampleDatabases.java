package io.github.ltxkit.bench.codec;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Access to the codec scenario's sample databases for scenarios in other packages: the same generated files, so a
 * full benchmark run builds each size once. Stateless; build one database at a time.
 */
public final class SampleDatabases {
    private SampleDatabases() {
    }

    /**
     * Returns the sample database of about {@code targetBytes} in {@code workDir}, generating it first if it is not
     * there yet (a few seconds per 10 MB): customers, orders (ids 1..n, the rowid) and documents, 4096-byte pages.
     */
    public static Path obtain(Path workDir, long targetBytes) throws IOException, SQLException {
        return SampleDatabase.obtain(workDir, targetBytes).path();
    }
}
