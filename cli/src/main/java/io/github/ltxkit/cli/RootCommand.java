package io.github.ltxkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code ltxkit} command itself: it only dispatches to its subcommands.
 *
 * <p>Picocli fills the fields from the command line, then one thread calls {@code run()}: not thread-safe, one run
 * per instance.
 */
@Command(name = "ltxkit", mixinStandardHelpOptions = true, versionProvider = RootCommand.Version.class,
        description = "Inspect LTX files and Litestream replicas: dump, verify, snapshot, list, seed and restore.",
        subcommands = {LtxCommand.class, SnapshotCommand.class, LsCommand.class, SeedCommand.class,
                RestoreCommand.class},
        footer = {"", "Exit status: 0 ok, 1 usage error, 2 corrupt or invalid input, 3 storage or replica error,",
                "4 conflict (output exists, replica not empty), 5 local file error, 6 nothing to restore,",
                "70 internal error.", "",
                "S3 credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or LITESTREAM_ACCESS_KEY_ID",
                "and LITESTREAM_SECRET_ACCESS_KEY). Replica URLs are Litestream's: s3://BUCKET/PATH?endpoint=...",
                "or file:///PATH."})
final class RootCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: give one of ltx, snapshot, ls, seed, "
                + "restore");
    }

    /** Reads the version Maven wrote into {@code version.properties}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = RootCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"ltxkit " + p.getProperty("version", "(unknown version)"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
