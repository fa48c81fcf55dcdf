package io.github.ltxkit.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import picocli.CommandLine;

/**
 * The {@code ltxkit} command line, runnable in-process: {@link #execute} parses the arguments, runs the command
 * with output on the given writers and returns the exit status (see {@link ExitCodes}). Errors are one line on
 * the error writer, {@code ltxkit <command>: <what went wrong>}.
 *
 * <pre>{@code
 * int status = new LtxkitCli(System.getenv(), out, err, false).execute("ls", "s3://bucket/db");
 * }</pre>
 *
 * <p>Not thread-safe: use one instance per thread. Each {@link #execute} starts from a fresh command tree.
 */
public final class LtxkitCli {
    private final CliContext context;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * Creates a command line.
     *
     * @param environment    the environment variables commands read (S3 credentials)
     * @param out            where results go
     * @param err            where errors and progress bars go
     * @param stderrTerminal whether {@code err} is a terminal, which turns progress bars on
     */
    public LtxkitCli(Map<String, String> environment, PrintWriter out, PrintWriter err, boolean stderrTerminal) {
        this(new CliContext(environment, stderrTerminal, System::nanoTime), out, err);
    }

    LtxkitCli(CliContext context, PrintWriter out, PrintWriter err) {
        this.context = Objects.requireNonNull(context, "context");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /** Creates a command line with a custom clock, for tests of progress output. */
    static LtxkitCli withClock(Map<String, String> environment, PrintWriter out, PrintWriter err,
            boolean stderrTerminal, LongSupplier nanoTime) {
        return new LtxkitCli(new CliContext(environment, stderrTerminal, nanoTime), out, err);
    }

    /** Runs the command given by {@code args} and returns its exit status. */
    public int execute(String... args) {
        CommandLine cmd = new CommandLine(new RootCommand(), new ContextFactory(context));
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler((e, ignoredArgs) -> {
            CommandLine failed = e.getCommandLine();
            err.println(failed.getCommandSpec().qualifiedName() + ": " + Failures.lowerFirst(Failures.oneLine(e.getMessage())) + " (see '"
                    + failed.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return ExitCodes.USAGE;
        });
        cmd.setExecutionExceptionHandler((e, failed, parseResult) -> {
            Failures.Failure failure = Failures.classify(e);
            err.println(failed.getCommandSpec().qualifiedName() + ": " + failure.message());
            err.flush();
            return failure.exitCode();
        });
        int status = cmd.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** Creates command objects, passing the context to constructors that take one. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == CliContext.class) {
                    c.setAccessible(true);
                    return type.cast(c.newInstance(context));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
