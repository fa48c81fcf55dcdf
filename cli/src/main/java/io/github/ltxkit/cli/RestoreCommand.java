package io.github.ltxkit.cli;

import io.github.ltxkit.ltx.LtxHeader;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.RestorePlan;
import io.github.ltxkit.replica.RestorePlanner;
import io.github.ltxkit.replica.RestorePlanner.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ltxkit restore REPLICA_URL OUT.db}: rebuilds a database from a replica, at its latest state or a target.
 *
 * <p>Picocli fills the fields from the command line, then one thread calls {@code call()}: not thread-safe, one run
 * per instance.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rebuild a SQLite database from a replica, as 'litestream restore' does: the latest level-9",
                "snapshot at or before the target, then the files of levels 8 to 0 that continue it furthest.",
                "Without --txid or --timestamp, restores the latest state. Refuses to replace OUT.db without --force."})
final class RestoreCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REPLICA_URL",
            description = "s3://BUCKET/PATH?endpoint=...&region=..., file:///PATH or an absolute path.")
    String url;

    @Parameters(index = "1", paramLabel = "OUT.db", description = "The database file to write.")
    Path out;

    @ArgGroup(exclusive = true)
    TargetOptions target;

    @Option(names = {"-f", "--force"}, description = "Replace OUT.db (and its -wal, -shm and -journal files).")
    boolean force;

    @Mixin
    ProgressOptions progressOptions;

    /** The mutually exclusive restore targets; neither means the latest state. */
    static final class TargetOptions {
        @Option(names = "--txid", paramLabel = "TXID", converter = Txids.Converter.class,
                description = "Restore the state right after this transaction (hex, as 'ltxkit ls' prints it).")
        Long txid;

        @Option(names = "--timestamp", paramLabel = "TIME", converter = Rfc3339.class,
                description = "Restore from the files created before TIME (RFC 3339, e.g. 2026-11-21T13:33:11Z).")
        Instant timestamp;
    }

    RestoreCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        ReplicaUrl replicaUrl = Replicas.parse(url);
        Replicas.requireExistingDirectory(replicaUrl);
        OutputFiles.checkWritable(out, force, true);
        Target wanted = target == null ? Target.latest()
                : target.txid != null ? Target.txid(target.txid) : Target.time(target.timestamp);
        Progress progress = progressOptions.create(spec, context, "downloading", 0);
        LtxHeader restored;
        int files;
        try (Replica replica = Replicas.open(replicaUrl, context.environment(), UnaryOperator.identity())) {
            RestorePlan plan = RestorePlanner.plan(replica.client(), wanted);
            if (plan.isEmpty()) {
                throw new CliException(ExitCodes.NOT_FOUND, "nothing to restore: " + replicaUrl + switch (wanted) {
                    case Target.Txid t -> " has no files up to TXID " + io.github.ltxkit.ltx.Ltx.formatTxid(t.txid());
                    case Target.Time t -> " has no files created before " + t.time();
                    default -> " has no LTX files";
                });
            }
            if (wanted instanceof Target.Txid t && plan.maxTxid() != t.txid()) {
                throw new CliException(ExitCodes.NOT_FOUND, "cannot restore " + replicaUrl + " to TXID "
                        + io.github.ltxkit.ltx.Ltx.formatTxid(t.txid()) + ": its files reach "
                        + io.github.ltxkit.ltx.Ltx.formatTxid(plan.maxTxid()) + " and then only past the target");
            }
            files = plan.files().size();
            restored = new ChainRestore(ChainRestore.DEFAULT_MAX_OPEN_FILES).restore(replica.client(), plan, out,
                    progress);
        } finally {
            progress.finish();
        }
        spec.commandLine().getOut().println("restored " + replicaUrl + " to " + out + ": TXID " + restored.txRange()
                + " from " + files + " file" + (files == 1 ? "" : "s") + ", " + restored.commit() + " pages of "
                + restored.pageSize() + " bytes");
        return ExitCodes.OK;
    }

    /** Parses RFC 3339 timestamps: {@code 2026-11-21T13:33:11Z}, {@code 2026-11-21 14:33:11.5+01:00}. */
    static final class Rfc3339 implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            String t = value.strip().toUpperCase(Locale.ROOT);
            if (t.length() > 10 && t.charAt(10) == ' ') {
                t = t.substring(0, 10) + "T" + t.substring(11);
            }
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("invalid timestamp '" + value + "': want RFC 3339 with a zone, e.g. "
                        + "2026-11-21T13:33:11Z or 2026-11-21T14:33:11.250+01:00");
            }
        }
    }
}
