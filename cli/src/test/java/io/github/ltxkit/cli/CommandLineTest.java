package io.github.ltxkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviour shared by every command: help, version, usage errors on one line. */
class CommandLineTest {
    @Test
    void everyCommandHasHelpThatExitsZero() {
        for (String[] command : new String[][] {{}, {"ltx"}, {"ltx", "dump"}, {"ltx", "verify"}, {"snapshot"},
                {"ls"}, {"seed"}, {"restore"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";

            Cli.Result r = Cli.run(args);

            assertThat(r.status()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: ltxkit");
            assertThat(r.err()).isEmpty();
        }
        assertThat(Cli.run("--help").out()).contains("Exit status: 0 ok, 1 usage error, 2 corrupt or invalid input");
    }

    @Test
    void versionNamesLtxkitAndTheJavaRuntime() {
        Cli.Result r = Cli.run("--version");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("ltxkit 0.1.0").contains("Java " + System.getProperty("java.version"));
    }

    @Test
    void usageErrorsAreOneLineNamingTheCommandAndItsHelp() {
        Cli.Result none = Cli.run();
        Cli.Result unknownCommand = Cli.run("frobnicate");
        Cli.Result unknownOption = Cli.run("ls", "--colour", "/tmp");
        Cli.Result missing = Cli.run("restore", "s3://bucket/db");

        assertThat(none.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).isEqualTo("ltxkit: missing command: give one of ltx, snapshot, ls, seed, restore (see "
                + "'ltxkit --help')\n");
        assertThat(unknownCommand.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownCommand.err()).isEqualTo("ltxkit: unmatched argument at index 0: 'frobnicate' (see 'ltxkit "
                + "--help')\n");
        assertThat(unknownOption.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownOption.err()).isEqualTo("ltxkit ls: unknown option: '--colour' (see 'ltxkit ls --help')\n");
        assertThat(missing.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).isEqualTo("ltxkit restore: missing required parameter: 'OUT.db' (see 'ltxkit restore"
                + " --help')\n");
        for (Cli.Result r : new Cli.Result[] {none, unknownCommand, unknownOption, missing}) {
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void anUnexpectedExceptionIsAnInternalErrorOnOneLine() {
        Failures.Failure f = Failures.classify(new IllegalStateException("broken\ninvariant"));

        assertThat(f.exitCode()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(f.message()).isEqualTo("internal error: java.lang.IllegalStateException: broken invariant");
    }

    @Test
    void credentialsComeFromAwsThenLitestreamVariablesAndASessionTokenDefersToTheSdk() {
        assertThat(Replicas.credentials(Map.of("AWS_ACCESS_KEY_ID", "A", "AWS_SECRET_ACCESS_KEY", "S",
                "LITESTREAM_ACCESS_KEY_ID", "L", "LITESTREAM_SECRET_ACCESS_KEY", "M")).accessKeyId()).isEqualTo("A");
        assertThat(Replicas.credentials(Map.of("LITESTREAM_ACCESS_KEY_ID", "L", "LITESTREAM_SECRET_ACCESS_KEY", "M"))
                .accessKeyId()).isEqualTo("L");
        assertThat(Replicas.credentials(Map.of("AWS_ACCESS_KEY_ID", "A", "AWS_SECRET_ACCESS_KEY", "S",
                "AWS_SESSION_TOKEN", "T"))).isNull();
        assertThat(Replicas.credentials(Map.of())).isNull();
    }
}
