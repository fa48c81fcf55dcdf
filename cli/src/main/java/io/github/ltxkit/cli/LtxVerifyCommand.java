package io.github.ltxkit.cli;

import io.github.ltxkit.ltx.LtxDecoder;
import io.github.ltxkit.ltx.LtxFileSummary;
import io.github.ltxkit.ltx.LtxHeader;
import io.github.ltxkit.ltx.TxRange;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaUrl;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ltxkit ltx verify FILE...}: verifies LTX files completely, one result line per file on standard output.
 * An argument may also be a directory (every {@code .ltx} file below it) or a replica URL (every file of the
 * replica, streamed).
 *
 * <p>Picocli fills the fields from the command line, then one thread calls {@code call()}: not thread-safe, one run
 * per instance.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify LTX files completely: header rules, every page frame, the page index, the trailer, the",
                "file checksum and, for snapshots with checksums, the database checksum. A file named <min>-<max>.ltx",
                "must also hold that TXID range. Prints one line per file: '<file>: OK ...' or '<file>: <error>'.",
                "Exit status 0 if every file verifies, 2 if one is corrupt, else 3 or 5 if one cannot be read."})
final class LtxVerifyCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "LTX files, directories holding them, or replica URLs (s3://... or file://...).")
    List<String> inputs;

    // Owned by the thread running call(): the worst failure so far.
    private int status = ExitCodes.OK;
    private int failures;
    private int verified;

    LtxVerifyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        for (String input : inputs) {
            if (input.startsWith("s3://") || input.startsWith("file://")) {
                verifyReplica(out, Replicas.parse(input));
            } else if (Files.isDirectory(Path.of(input))) {
                try (Stream<Path> walk = Files.walk(Path.of(input))) {
                    for (Path p : walk.filter(p -> p.toString().endsWith(".ltx") && Files.isRegularFile(p)).sorted()
                            .toList()) {
                        verifyFile(out, p);
                    }
                }
            } else {
                verifyFile(out, Path.of(input));
            }
        }
        out.flush();
        if (failures > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.qualifiedName() + ": " + failures + " of " + (failures + verified)
                    + " files failed verification");
        } else if (verified == 0) {
            throw new CliException(ExitCodes.NOT_FOUND, "no LTX files found in " + String.join(", ", inputs));
        }
        return status;
    }

    private void verifyFile(PrintWriter out, Path file) {
        String name = file.toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            report(out, name, check(in, name, TxRange.parseFileName(file.getFileName().toString())));
        } catch (IOException e) {
            fail(out, name, e);
        }
    }

    private void verifyReplica(PrintWriter out, ReplicaUrl url) {
        Replicas.requireExistingDirectory(url);
        try (Replica replica = Replicas.open(url, context.environment(), UnaryOperator.identity())) {
            List<LtxFileInfo> files = Replicas.listAll(replica.client());
            for (LtxFileInfo f : files) {
                String name = url + " " + f.key();
                try (InputStream in = new BufferedInputStream(replica.client().open(f.key()), 1 << 16)) {
                    LtxFileSummary summary = check(in, name, Optional.of(f.key().range()));
                    if (summary.fileSize() != f.size()) {
                        throw new IOException(name + ": the listing says " + f.size() + " bytes but the file has "
                                + summary.fileSize());
                    }
                    report(out, name, summary);
                } catch (IOException e) {
                    fail(out, name, e);
                }
            }
        } catch (IOException e) {
            fail(out, url.toString(), e);
        }
    }

    private static LtxFileSummary check(InputStream in, String name, Optional<TxRange> named) throws IOException {
        LtxFileSummary summary = LtxDecoder.verify(in, name);
        TxRange actual = summary.header().txRange();
        if (named.isPresent() && !named.get().equals(actual)) {
            throw new io.github.ltxkit.ltx.LtxFormatException(name, 16, "TXID range", "the header says " + actual
                    + " but the file name says " + named.get());
        }
        return summary;
    }

    private void report(PrintWriter out, String name, LtxFileSummary s) {
        LtxHeader h = s.header();
        out.println(name + ": OK (TXID " + h.txRange() + (h.isSnapshot() ? " snapshot" : "") + ", " + s.pageCount()
                + " pages of " + h.pageSize() + " bytes, commit " + h.commit() + ", " + s.fileSize() + " bytes"
                + (h.hasChecksums() ? ", with checksums" : "") + ")");
        verified++;
    }

    private void fail(PrintWriter out, String name, IOException e) {
        Failures.Failure failure = Failures.classify(e);
        String message = failure.message();
        out.println(message.startsWith(name) ? message : name + ": " + message);
        failures++;
        if (failure.exitCode() == ExitCodes.FORMAT) {
            status = ExitCodes.FORMAT;
        } else if (status == ExitCodes.OK) {
            status = failure.exitCode();
        }
    }
}
