package io.github.ltxkit.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One {@code sqlite3} process's command line, environment and private work directory (Litestream's log file and
 * its {@code TMPDIR}, where it puts write buffers, hydration files and temp files and never cleans up). Owned by
 * the thread that runs the process; {@link #close()} deletes the work directory.
 */
final class ShellInvocation implements AutoCloseable {
    /** The entry point of the extension (SQLite would derive it from the file name, which an override may lack). */
    static final String ENTRY_POINT = "sqlite3_litestreamvfs_init";

    private final Path workDir;
    private final Path logFile;
    private final List<String> command;
    private final Map<String, String> environment;

    private ShellInvocation(Path workDir, List<String> command, Map<String, String> environment) {
        this.workDir = workDir;
        this.logFile = workDir.resolve("litestream.log");
        this.command = command;
        this.environment = environment;
    }

    /**
     * Prepares a run of {@code sqlite3} that loads {@code extension} and opens the configured database through it.
     *
     * @param open whether to {@code .open} the database (false: only load the extension, for a smoke test)
     */
    static ShellInvocation prepare(Path sqlite3, Path extension, LitestreamConfig config, boolean open)
            throws IOException {
        Path workDir = Files.createTempDirectory("ltxkit-litestream-");
        Path tmp = Files.createDirectory(workDir.resolve("tmp"));
        List<String> command = new java.util.ArrayList<>(List.of(sqlite3.toString(), "-batch", "-noheader", "-bail",
                "-separator", String.valueOf(SqlResult.VALUE_SEPARATOR),
                "-newline", String.valueOf(SqlResult.ROW_SEPARATOR),
                "-nullvalue", SqlResult.NULL_MARKER,
                "-cmd", ".load " + quote(extension.toString()) + " " + ENTRY_POINT));
        if (open) {
            command.add("-cmd");
            command.add(".open " + quote("file:" + config.databaseName() + "?vfs=litestream"));
        }
        Map<String, String> env = childEnvironment(System.getenv());
        env.put("TMPDIR", tmp.toString());
        env.put("LITESTREAM_LOG_FILE", workDir.resolve("litestream.log").toString());
        env.putAll(config.environment());
        return new ShellInvocation(workDir, List.copyOf(command), env);
    }

    /**
     * Returns the inherited environment without what would leak into Litestream: every {@code LITESTREAM_} and
     * {@code AWS_} variable (notably {@code AWS_CA_BUNDLE}, which makes Litestream's S3 client fail to start), and
     * with the EC2 metadata lookup off so a missing credential fails fast.
     */
    static Map<String, String> childEnvironment(Map<String, String> inherited) {
        Map<String, String> env = new HashMap<>();
        inherited.forEach((k, v) -> {
            if (!k.startsWith("LITESTREAM_") && !k.startsWith("AWS_")) {
                env.put(k, v);
            }
        });
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /** Quotes a dot-command argument for the {@code sqlite3} shell. */
    static String quote(String arg) {
        if (!arg.contains("'")) {
            return "'" + arg + "'";
        }
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    List<String> command() {
        return command;
    }

    Map<String, String> environment() {
        return environment;
    }

    Path workDir() {
        return workDir;
    }

    /** Returns what Litestream has logged so far, or "" if nothing. */
    String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            return "(cannot read the log " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /** Deletes the work directory and everything Litestream left in it. */
    @Override
    public void close() {
        deleteTree(workDir);
    }

    /** Deletes a directory and everything in it, as far as possible. */
    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the directory is already gone or unreadable; nothing more to clean
        }
    }
}
