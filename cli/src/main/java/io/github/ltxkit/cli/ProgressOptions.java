package io.github.ltxkit.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The {@code --progress}/{@code --no-progress} options of commands that transfer files.
 *
 * <p>Picocli fills the fields from the command line, then one thread calls {@code create()}: not thread-safe, one run
 * per instance.
 */
final class ProgressOptions {
    @Option(names = "--progress", negatable = true,
            description = "Draw a progress bar on standard error for transfers longer than a second (default: only "
                    + "when standard error is a terminal).")
    Boolean progress;

    /** Returns the bar for one transfer of {@code total} bytes (0 if not known yet). */
    Progress create(CommandSpec spec, CliContext context, String label, long total) {
        boolean enabled = progress != null ? progress : context.stderrTerminal();
        return new Progress(spec.commandLine().getErr(), enabled, context.nanoTime(), label, total);
    }
}
