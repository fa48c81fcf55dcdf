package io.github.ltxkit.cli;

import io.github.ltxkit.ltx.EncodedLtx;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.seed.Seeder;
import io.github.ltxkit.seed.SqlScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ltxkit seed DB REPLICA_URL}: uploads a database (or a SQL script built into one) to an empty replica.
 *
 * <p>Picocli fills the fields from the command line, then one thread calls {@code call()}: not thread-safe, one run
 * per instance.
 */
@Command(name = "seed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Upload a SQLite database to an empty replica as Litestream's first sync would:",
                "L0 0000000000000001-0000000000000001.ltx, without database checksums. A DB ending in .sql is a",
                "SQL script, run into a new database first. A database with a -wal file is copied consistently.",
                "Refuses a replica that already holds files (exit status 4)."})
final class SeedCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DB", description = "The SQLite database file, or a .sql script.")
    Path db;

    @Parameters(index = "1", paramLabel = "REPLICA_URL",
            description = "s3://BUCKET/PATH?endpoint=...&region=..., file:///PATH or an absolute path.")
    String url;

    @Mixin
    ProgressOptions progressOptions;

    SeedCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        boolean script = db.getFileName().toString().endsWith(".sql");
        if (script) {
            if (!Files.isRegularFile(db)) {
                throw new NoSuchFileException(db.toString());
            }
        } else {
            Databases.requireDatabase(db);
        }
        ReplicaUrl replicaUrl = Replicas.parse(url);
        Progress progress = progressOptions.create(spec, context, "uploading", 0);
        EncodedLtx written;
        try (Replica replica = Replicas.open(replicaUrl, context.environment(),
                client -> new UploadProgressClient(client, progress))) {
            List<LtxFileInfo> existing = Replicas.listAll(replica.client());
            if (!existing.isEmpty()) {
                throw new CliException(ExitCodes.CONFLICT, "replica " + replicaUrl + " is not empty: it holds "
                        + existing.size() + " file" + (existing.size() == 1 ? "" : "s") + ", the first "
                        + existing.getFirst().key() + "; seed never overwrites a replica");
            }
            if (script) {
                written = Seeder.seedScript(SqlScript.of(db), replica.client());
            } else {
                written = Databases.withConsistentCopy(db, source -> Seeder.seedDatabase(source, replica.client()));
            }
        } finally {
            progress.finish();
        }
        spec.commandLine().getOut().println("seeded " + replicaUrl + ": L0/" + written.header().txRange().fileName()
                + ", " + written.header().commit() + " pages of " + written.header().pageSize() + " bytes, "
                + written.size() + " bytes");
        return ExitCodes.OK;
    }
}
