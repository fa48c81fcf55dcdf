/**
 * The {@code ltxkit} command line: {@code ltx dump}, {@code ltx verify}, {@code snapshot}, {@code ls}, {@code seed}
 * and {@code restore}. {@link io.github.ltxkit.cli.Main} is the executable jar's entry point;
 * {@link io.github.ltxkit.cli.LtxkitCli} runs commands in-process; {@link io.github.ltxkit.cli.ExitCodes} lists the
 * exit statuses. See {@code docs/cli.md}.
 */
package io.github.ltxkit.cli;
