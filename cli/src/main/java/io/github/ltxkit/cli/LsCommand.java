package io.github.ltxkit.cli;

import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaUrl;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ltxkit ls REPLICA_URL}: lists a replica's LTX files, level by level.
 *
 * <p>Picocli fills the fields from the command line, then one thread calls {@code call()}: not thread-safe, one run
 * per instance.
 */
@Command(name = "ls", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the LTX files of a replica: level, TXID range, size in bytes and creation time (UTC),",
                "one file per line, then one summary line per level. Level 9 holds snapshots."})
final class LsCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REPLICA_URL",
            description = "s3://BUCKET/PATH?endpoint=...&region=..., file:///PATH or an absolute path.")
    String url;

    @Option(names = {"-l", "--level"}, paramLabel = "N", description = "List only level N (0 to 9).")
    Integer level;

    LsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (level != null && (level < 0 || level > LtxFileKey.MAX_LEVEL)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "invalid --level " + level
                    + ": levels are 0 to 9");
        }
        ReplicaUrl replicaUrl = Replicas.parse(url);
        Replicas.requireExistingDirectory(replicaUrl);
        List<LtxFileInfo> files;
        try (Replica replica = Replicas.open(replicaUrl, context.environment(), UnaryOperator.identity())) {
            files = level == null ? Replicas.listAll(replica.client())
                    : Replicas.list(replica.client(), level, level);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (files.isEmpty()) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": no LTX files in " + replicaUrl
                    + (level == null ? "" : " at level " + level));
            return ExitCodes.OK;
        }
        out.printf("%-5s  %-16s  %-16s  %12s  %s%n", "LEVEL", "MIN_TXID", "MAX_TXID", "SIZE", "CREATED");
        TreeMap<Integer, long[]> perLevel = new TreeMap<>();
        for (LtxFileInfo f : files) {
            out.printf("%-5d  %s  %s  %12d  %s%n", f.level(), Ltx.formatTxid(f.minTxid()), Ltx.formatTxid(f.maxTxid()),
                    f.size(), f.createdAt());
            long[] s = perLevel.computeIfAbsent(f.level(), l -> new long[] {0, 0, Long.MAX_VALUE, 0});
            s[0]++;
            s[1] += f.size();
            s[2] = Math.min(s[2], f.minTxid());
            s[3] = Math.max(s[3], f.maxTxid());
        }
        out.println();
        perLevel.forEach((lvl, s) -> out.printf("level %d: %d file%s, %s, TXID %s-%s%n", lvl, s[0],
                s[0] == 1 ? "" : "s", Progress.bytes(s[1]), Ltx.formatTxid(s[2]), Ltx.formatTxid(s[3])));
        return ExitCodes.OK;
    }
}
