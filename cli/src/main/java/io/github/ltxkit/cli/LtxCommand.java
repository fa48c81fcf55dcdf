package io.github.ltxkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ltxkit ltx}: commands on single LTX files.
 *
 * <p>Picocli fills the fields from the command line, then one thread calls {@code run()}: not thread-safe, one run
 * per instance.
 */
@Command(name = "ltx", mixinStandardHelpOptions = true, description = "Work with LTX files.",
        subcommands = {LtxDumpCommand.class, LtxVerifyCommand.class})
final class LtxCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: give one of dump, verify");
    }
}
