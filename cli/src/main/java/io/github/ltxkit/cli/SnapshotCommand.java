package io.github.ltxkit.cli;

import io.github.ltxkit.ltx.DatabaseFiles;
import io.github.ltxkit.ltx.EncodedLtx;
import io.github.ltxkit.ltx.Ltx;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ltxkit snapshot DB OUT.ltx}: writes a SQLite database as a snapshot LTX file, as Litestream does.
 *
 * <p>Picocli fills the fields from the command line, then one thread calls {@code call()}: not thread-safe, one run
 * per instance.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a SQLite database file as a snapshot LTX file (TXID 1 to --txid), the way Litestream",
                "writes snapshots: without database checksums unless --checksums. A database with a -wal file is",
                "copied consistently first (VACUUM INTO)."})
final class SnapshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DB", description = "The SQLite database file.")
    Path db;

    @Parameters(index = "1", paramLabel = "OUT.ltx", description = "The LTX file to write.")
    Path out;

    @Option(names = "--checksums", description = "Track database checksums (pre-/post-apply), as LiteFS does.")
    boolean checksums;

    @Option(names = "--txid", paramLabel = "TXID", converter = Txids.Converter.class,
            description = "The snapshot's max TXID, in hex as 'ltxkit ls' prints it (default: 1).")
    long txid = 1;

    @Option(names = {"-f", "--force"}, description = "Replace OUT.ltx if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        Databases.requireDatabase(db);
        OutputFiles.checkWritable(out, force, false);
        Path tmp = OutputFiles.tempBeside(out);
        EncodedLtx written;
        try {
            written = Databases.withConsistentCopy(db, source -> {
                try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    return DatabaseFiles.toSnapshot(source, os,
                            new DatabaseFiles.SnapshotOptions(txid, System.currentTimeMillis(), checksums));
                }
            });
            OutputFiles.moveIntoPlace(tmp, out, false);
        } finally {
            Files.deleteIfExists(tmp);
        }
        spec.commandLine().getOut().println("wrote " + out + ": snapshot TXID " + written.header().txRange() + ", "
                + written.header().commit() + " pages of " + written.header().pageSize() + " bytes, "
                + written.size() + " bytes" + (checksums ? ", post-apply checksum "
                + Ltx.formatChecksum(written.postApplyChecksum()) : ""));
        return ExitCodes.OK;
    }
}
