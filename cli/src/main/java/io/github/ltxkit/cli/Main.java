package io.github.ltxkit.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The entry point of the {@code ltxkit} executable jar. It exits with the command's status (see {@link ExitCodes}).
 *
 * <p>Progress bars appear when standard error is a terminal: the {@code bin/ltxkit} launcher tells by setting the
 * system property {@code ltxkit.stderr.tty} to {@code true} or {@code false}; without it the JVM's console is asked.
 */
public final class Main {
    private Main() {
    }

    /** Runs {@code ltxkit} with {@code args} and exits with its status. */
    public static void main(String[] args) {
        // Library logging (java.util.logging) would interleave with results; keep only warnings and worse.
        Logger.getLogger("").setLevel(Level.WARNING);
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, false, StandardCharsets.UTF_8);
        int status = new LtxkitCli(System.getenv(), out, err, stderrIsTerminal()).execute(args);
        System.exit(status);
    }

    static boolean stderrIsTerminal() {
        String told = System.getProperty("ltxkit.stderr.tty");
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        return System.console() != null && System.console().isTerminal();
    }
}
