package io.github.ltxkit.cli;

import io.github.ltxkit.ltx.DatabaseFiles;
import io.github.ltxkit.ltx.LtxCompactor;
import io.github.ltxkit.ltx.LtxDecoder;
import io.github.ltxkit.ltx.LtxHeader;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.RestorePlan;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Rebuilds a database from a restore plan: downloads the plan's files into a private directory beside the output,
 * merges them (in groups, so no more than {@link #DEFAULT_MAX_OPEN_FILES} files are open at once however long the
 * plan), and renames the database into place. Every file is fully verified while it is merged. Immutable and
 * thread-safe: each restore works in its own temporary directory.
 */
final class ChainRestore {
    /** The most files merged at once. */
    static final int DEFAULT_MAX_OPEN_FILES = 64;

    private final int maxOpenFiles;

    ChainRestore(int maxOpenFiles) {
        if (maxOpenFiles < 2) {
            throw new IllegalArgumentException("maxOpenFiles must be at least 2: " + maxOpenFiles);
        }
        this.maxOpenFiles = maxOpenFiles;
    }

    /** A local copy of one file of the chain, with the name errors use. */
    private record Part(Path path, String name) {
    }

    /**
     * Restores {@code plan} from {@code client} into the database file {@code out}, replacing it (and deleting its
     * stale side files).
     *
     * @return the header of the merged chain: TXID range, commit and page size of the database
     */
    LtxHeader restore(ReplicaClient client, RestorePlan plan, Path out, Progress progress) throws IOException {
        Path abs = out.toAbsolutePath();
        Path work = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".restore-");
        try {
            progress.total(plan.files().stream().mapToLong(LtxFileInfo::size).sum());
            List<Part> chain = new ArrayList<>();
            for (LtxFileInfo f : plan.files()) {
                chain.add(download(client, f, work.resolve(chain.size() + "-" + f.key().fileName()), progress));
            }
            progress.finish();
            int round = 0;
            while (chain.size() > maxOpenFiles) {
                chain = compactGroups(chain, work, round++);
            }
            List<InputStream> streams = new ArrayList<>();
            for (Part p : chain) {
                streams.add(new BufferedInputStream(Files.newInputStream(p.path()), 1 << 16));
            }
            Path db = work.resolve("restored.db");
            LtxHeader header = DatabaseFiles.restore(streams, chain.stream().map(Part::name).toList(), db);
            OutputFiles.moveIntoPlace(db, out, true);
            return header;
        } finally {
            deleteRecursively(work);
        }
    }

    private static Part download(ReplicaClient client, LtxFileInfo f, Path to, Progress progress) throws IOException {
        String name = "L" + f.level() + "/" + f.key().fileName();
        long copied = 0;
        try (InputStream in = client.open(f.key());
             OutputStream os = new BufferedOutputStream(Files.newOutputStream(to), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                os.write(buf, 0, n);
                copied += n;
                progress.advance(n);
            }
        }
        if (copied != f.size()) {
            throw new CliException(ExitCodes.STORAGE, name + ": downloaded " + copied + " bytes but the listing says "
                    + f.size());
        }
        return new Part(to, name);
    }

    /** Merges each run of up to {@code maxOpenFiles} consecutive files into one file. */
    private List<Part> compactGroups(List<Part> chain, Path work, int round) throws IOException {
        List<Part> next = new ArrayList<>();
        for (int from = 0; from < chain.size(); from += maxOpenFiles) {
            List<Part> group = chain.subList(from, Math.min(chain.size(), from + maxOpenFiles));
            if (group.size() == 1) {
                next.add(group.getFirst());
                continue;
            }
            Path merged = work.resolve("round" + round + "-" + from + ".ltx");
            List<LtxDecoder> decoders = new ArrayList<>();
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(merged), 1 << 16)) {
                for (Part p : group) {
                    decoders.add(LtxDecoder.open(new BufferedInputStream(Files.newInputStream(p.path()), 1 << 16),
                            p.name()));
                }
                LtxCompactor.compact(decoders, os);
            } finally {
                for (LtxDecoder d : decoders) {
                    d.close();
                }
            }
            for (Part p : group) {
                Files.deleteIfExists(p.path());
            }
            next.add(new Part(merged, group.getFirst().name() + ".." + group.getLast().name()));
        }
        return next;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
