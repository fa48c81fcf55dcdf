package io.github.ltxkit.bench.read;

import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.ReplicaClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Plain downloads of a replica's LTX files with ltxkit's S3 client, the bytes thrown away as they arrive: the
 * baseline that reads from the replica are compared with. Stateless.
 */
final class Downloads {
    /** How many files or ranges are fetched at once: as many files as ltxkit's hydration fetches at once. */
    static final int PARALLEL = 4;
    /** The size of each ranged GET of {@link #ranges}. */
    static final int RANGE_BYTES = 8 << 20;

    private Downloads() {
    }

    /**
     * GETs every file whole, {@value #PARALLEL} files at a time (one streaming GET per file, as ltxkit's hydration
     * fetches a file it needs most of), and returns the bytes received.
     */
    static long wholeFiles(ReplicaClient client, List<LtxFileInfo> files) throws IOException {
        List<Task> tasks = new ArrayList<>();
        for (LtxFileInfo f : files) {
            tasks.add(() -> {
                long n = 0;
                byte[] buffer = new byte[1 << 16];
                try (InputStream in = client.open(f.key())) {
                    for (int r; (r = in.read(buffer)) >= 0; ) {
                        n += r;
                    }
                }
                return n;
            });
        }
        return runAll(tasks, files);
    }

    /**
     * GETs every file in ranges of {@value #RANGE_BYTES} bytes, {@value #PARALLEL} ranges at a time, and returns the
     * bytes received.
     */
    static long ranges(ReplicaClient client, List<LtxFileInfo> files) throws IOException {
        List<Task> tasks = new ArrayList<>();
        for (LtxFileInfo f : files) {
            for (long offset = 0; offset < f.size(); offset += RANGE_BYTES) {
                long at = offset;
                int length = (int) Math.min(RANGE_BYTES, f.size() - offset);
                tasks.add(() -> client.read(f.key(), at, length).length);
            }
        }
        return runAll(tasks, files);
    }

    /** One GET, returning the bytes it received. */
    @FunctionalInterface
    private interface Task {
        long get() throws IOException;
    }

    private static long runAll(List<Task> tasks, List<LtxFileInfo> files) throws IOException {
        long want = files.stream().mapToLong(LtxFileInfo::size).sum();
        long received = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            List<Future<Long>> futures = new ArrayList<>();
            for (Task t : tasks) {
                futures.add(pool.submit(t::get));
            }
            for (Future<Long> f : futures) {
                received += f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        if (received != want) {
            throw new IOException("downloaded " + received + " bytes of " + files.size() + " LTX files, want "
                    + want);
        }
        return received;
    }
}
