package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.LtxFormatException;
import io.github.ltxkit.ltx.PageFrames;
import io.github.ltxkit.replica.ObjectNotFoundException;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Reads pages of LTX files from the replica into the {@link PageCache}: one ranged GET per run of neighbouring
 * frames, every frame verified against its index entry.
 *
 * <p>A miss fetches the requested page plus, when its connection reads sequentially, the frames of the following
 * pages (or, reading downwards, of the preceding ones) that sit next to it in the same file (one request), and
 * starts fetching the run after (or before) that in the background. Concurrent misses on the same bytes share one
 * request. A truncated or failed range degrades to a single-frame read; a frame that does not decode to exactly its
 * page is never cached. Thread-safe.
 */
final class PageFetcher {
    private static final System.Logger LOG = System.getLogger(PageFetcher.class.getName());
    /** Read-ahead starts fetching the next run in the background from this window size (pages). */
    static final int PREFETCH_MIN_WINDOW = 16;
    /**
     * Attempts per page, on top of the replica client's own retries: these catch what the client cannot see, a
     * body silently cut short or a frame that fails to decode (backoff 10, 40, 90, 160 ms).
     */
    private static final int ATTEMPTS = 5;

    private final ReplicaClient client;
    private final PageCache cache;
    private final Executor background;
    private final long maxRangeBytes;
    /** Local copies of files that connections scan; null when read-ahead is off. */
    private final LocalLtxCopies copies;
    /**
     * Ranges being fetched, by file; each future completes when its pages are in the cache (or failed). A list is
     * only read or changed inside {@code inFlight.compute}, so finding a covering fetch and registering a new one is
     * one atomic step: two threads never fetch the same bytes at once.
     */
    private final Map<RemoteFile, List<InFlight>> inFlight = new ConcurrentHashMap<>();

    private record InFlight(long start, long end, CompletableFuture<Void> done) {
        boolean covers(long offset, int size) {
            return start <= offset && offset + size <= end;
        }
    }

    /** The fetch that brings a frame: one already in flight, or {@code ours}, just registered for a run. */
    private record Claim(InFlight flight, boolean ours) {
    }

    PageFetcher(ReplicaClient client, PageCache cache, Executor background, long maxRangeBytes,
                LocalLtxCopies copies) {
        this.client = client;
        this.cache = cache;
        this.background = background;
        this.maxRangeBytes = maxRangeBytes;
        this.copies = copies;
    }

    /** A remote page could not be read because its file is gone from the replica (compaction or retention). */
    static final class FileGoneException extends IOException {
        private static final long serialVersionUID = 1L;
        final transient RemoteFile file;

        FileGoneException(RemoteFile file, Throwable cause) {
            super("LTX file " + file + " is no longer in the replica", cause);
            this.file = file;
        }
    }

    /**
     * Returns page {@code pgno} of {@code state}, which must come from the replica.
     *
     * @param window how many pages the caller's read pattern wants fetched from here (1 for none): upwards, or
     *               downwards ending at {@code pgno} when negative
     */
    byte[] read(DatabaseState state, long pgno, int window) throws IOException {
        RemoteFile file = (RemoteFile) state.pages().source(pgno);
        PageCache.Key key = new PageCache.Key(file, pgno);
        byte[] page = cache.get(key);
        if (page != null) {
            return page;
        }
        long packed = state.pages().position(pgno);
        long offset = PageTable.frameOffset(packed);
        int size = PageTable.frameSize(packed);
        // Sequential reads stay in the cache's probation segment: cap the window so the run being read and the
        // one fetched ahead both fit there.
        boolean down = window < 0;
        if (copies != null && Math.abs(window) >= PREFETCH_MIN_WINDOW) {
            copies.copyWhole(file, offset, down);
        }
        window = (int) Math.min(Math.abs(window), Math.max(1, cache.probationPages(state.pageSize()) / 2));
        Run run = window <= 1 ? Run.single(file, pgno, offset, size)
                : down ? runDown(state, pgno, window) : run(state, pgno, window);
        if (copies != null && copies.copying(file)) {
            page = readLocal(run, state.pageSize(), pgno, window > 1);
            if (page == null && window > 1) {
                page = readLocal(Run.single(file, pgno, offset, size), state.pageSize(), pgno, true);
            }
            if (page != null) {
                return page;
            }
        }
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Claim claim = claim(run, offset, size);
            if (!claim.ours()) {
                // Another thread is fetching these bytes: wait for it rather than ask for them again.
                awaitQuietly(claim.flight());
                page = cache.get(key);
                if (page != null) {
                    return page;
                }
                run = Run.single(file, pgno, offset, size);
                continue;
            }
            try {
                int received = fetch(run, claim.flight(), state.pageSize(), pgno, window > 1);
                page = cache.get(key);
                if (page != null) {
                    break;
                }
                last = new IOException("the replica returned " + received + " of " + (run.end - run.start)
                        + " bytes at offset " + run.start + " (a body cut short)");
            } catch (ObjectNotFoundException e) {
                throw new FileGoneException(file, e);
            } catch (ReplicaException e) {
                last = e;
                if (!e.isTransient()) {
                    break;
                }
            } catch (LtxFormatException e) {
                last = e;
            }
            run = Run.single(file, pgno, offset, size);
            sleepQuietly(10L * attempt * attempt);
        }
        if (page == null) {
            throw last != null ? new IOException("cannot read page " + pgno + " from " + file + ": "
                    + last.getMessage(), last) : new IOException("cannot read page " + pgno + " from " + file);
        }
        if (window >= PREFETCH_MIN_WINDOW && !down && run.lastPgno < state.commit()) {
            prefetch(state, run.lastPgno + 1, window);
        } else if (window >= PREFETCH_MIN_WINDOW && down && run.firstPgno > 1) {
            prefetch(state, run.firstPgno - 1, -window);
        }
        return page;
    }

    /**
     * Decodes {@code run} from its file's local copy into the cache and returns page {@code pgno}, or null if the copy
     * does not hold the run's bytes or the page's frame does not decode (the copy then forgets that range).
     */
    private byte[] readLocal(Run run, int pageSize, long pgno, boolean scanning) {
        byte[] bytes = copies.read(run.file, run.start, (int) (run.end - run.start));
        if (bytes == null) {
            return null;
        }
        try {
            decodeInto(run, bytes, pageSize, pgno, scanning);
        } catch (LtxFormatException e) {
            LOG.log(System.Logger.Level.DEBUG, "local copy of " + run.file + " has a bad frame: " + e.getMessage());
            copies.discard(run.file, run.start, run.end);
            return null;
        }
        return cache.get(new PageCache.Key(run.file, pgno));
    }

    /**
     * Pages {@code firstPgno..lastPgno} whose frames are contiguous in {@code file}, at bytes [start, end), with
     * each frame's length in order.
     */
    private record Run(RemoteFile file, long firstPgno, long lastPgno, long start, long end, int[] sizes) {
        static Run single(RemoteFile file, long pgno, long offset, int size) {
            return new Run(file, pgno, pgno, offset, offset + size, new int[] {size});
        }
    }

    /** Returns the longest run from {@code pgno} of at most {@code window} pages, contiguous in one file. */
    private Run run(DatabaseState state, long pgno, int window) {
        PageTable pages = state.pages();
        RemoteFile file = (RemoteFile) pages.source(pgno);
        long start = PageTable.frameOffset(pages.position(pgno));
        int[] sizes = new int[Math.max(1, (int) Math.min(window, state.commit() - pgno + 1))];
        sizes[0] = PageTable.frameSize(pages.position(pgno));
        long end = start + sizes[0];
        int n = 1;
        for (long q = pgno + 1; n < sizes.length; q++) {
            if (pages.source(q) != file) {
                break;
            }
            long packed = pages.position(q);
            int size = PageTable.frameSize(packed);
            if (PageTable.frameOffset(packed) != end || end - start + size > maxRangeBytes) {
                break;
            }
            sizes[n++] = size;
            end += size;
        }
        return new Run(file, pgno, pgno + n - 1, start, end, java.util.Arrays.copyOf(sizes, n));
    }

    /** Returns the longest run ending at {@code pgno} of at most {@code window} pages, contiguous in one file. */
    private Run runDown(DatabaseState state, long pgno, int window) {
        PageTable pages = state.pages();
        RemoteFile file = (RemoteFile) pages.source(pgno);
        long end = PageTable.frameOffset(pages.position(pgno)) + PageTable.frameSize(pages.position(pgno));
        int[] reversed = new int[Math.max(1, (int) Math.min(window, pgno))];
        reversed[0] = PageTable.frameSize(pages.position(pgno));
        long start = end - reversed[0];
        int n = 1;
        for (long q = pgno - 1; n < reversed.length && q >= 1; q--) {
            if (pages.source(q) != file) {
                break;
            }
            long packed = pages.position(q);
            int size = PageTable.frameSize(packed);
            if (PageTable.frameOffset(packed) + size != start || end - start + size > maxRangeBytes) {
                break;
            }
            reversed[n++] = size;
            start -= size;
        }
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = reversed[n - 1 - i];
        }
        return new Run(file, pgno - n + 1, pgno, start, end, sizes);
    }

    /**
     * Fetches a run with one ranged read under its registered {@code flight} and caches the pages it decodes
     * ({@code demandPgno} as demanded); returns how many bytes the replica returned. Always releases the flight.
     */
    private int fetch(Run run, InFlight flight, int pageSize, long demandPgno, boolean scanning) throws IOException {
        try {
            byte[] bytes = client.read(run.file.key(), run.start, (int) (run.end - run.start));
            decodeInto(run, bytes, pageSize, demandPgno, scanning);
            return bytes.length;
        } finally {
            release(run.file, flight);
        }
    }

    /** Atomically finds a fetch in flight that covers {@code [offset, offset + size)}, or registers one for run. */
    private Claim claim(Run run, long offset, int size) {
        Claim[] claim = new Claim[1];
        inFlight.compute(run.file, (f, list) -> {
            List<InFlight> flights = list != null ? list : new java.util.ArrayList<>(2);
            for (InFlight x : flights) {
                if (x.covers(offset, size)) {
                    claim[0] = new Claim(x, false);
                    return flights;
                }
            }
            InFlight mine = new InFlight(run.start, run.end, new CompletableFuture<>());
            flights.add(mine);
            claim[0] = new Claim(mine, true);
            return flights;
        });
        return claim[0];
    }

    private void release(RemoteFile file, InFlight flight) {
        inFlight.computeIfPresent(file, (f, flights) -> {
            flights.remove(flight);
            return flights.isEmpty() ? null : flights;
        });
        flight.done().complete(null);
    }

    private static void awaitQuietly(InFlight flight) {
        try {
            flight.done().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the caller fetches the page itself
        }
    }

    private void decodeInto(Run run, byte[] bytes, int pageSize, long demandPgno, boolean scanning)
            throws LtxFormatException {
        int rel = 0;
        for (int i = 0; i < run.sizes.length; i++) {
            int size = run.sizes[i];
            if (rel + size > bytes.length) {
                return; // the body was cut short: the pages left are fetched on their own when needed
            }
            long pgno = run.firstPgno + i;
            byte[] page = new byte[pageSize];
            try {
                PageFrames.decode(bytes, rel, size, pgno, pageSize, page, run.file.fileName(),
                        run.start + rel);
            } catch (LtxFormatException e) {
                if (pgno == demandPgno) {
                    throw e;
                }
                LOG.log(System.Logger.Level.DEBUG, "read-ahead stopped at a bad frame: " + e.getMessage());
                return;
            }
            PageCache.Key key = new PageCache.Key(run.file, pgno);
            if (pgno == demandPgno && scanning) {
                cache.putScanned(key, page);
            } else if (pgno == demandPgno) {
                cache.put(key, page);
            } else {
                cache.putSpeculative(key, page);
            }
            rel += size;
        }
    }

    /**
     * Fetches in the background the run at {@code pgno} (downwards when {@code window} is negative), past the pages
     * that local copies serve, looking at most {@code |window|} pages on.
     */
    private void prefetch(DatabaseState state, long pgno, int window) {
        int way = window < 0 ? -1 : 1;
        for (int looked = 0; pgno >= 1 && pgno <= state.commit() && looked < Math.abs(window); ) {
            if (!(state.pages().source(pgno) instanceof RemoteFile file)) {
                return;
            }
            if (copies == null || !copies.copying(file)) {
                prefetchRun(state, pgno, window, file);
                return;
            }
            while (pgno >= 1 && pgno <= state.commit() && looked < Math.abs(window)
                    && state.pages().source(pgno) == file) {
                pgno += way;
                looked++;
            }
        }
    }

    private void prefetchRun(DatabaseState state, long pgno, int window, RemoteFile file) {
        if (cache.contains(new PageCache.Key(file, pgno))) {
            return;
        }
        long packed = state.pages().position(pgno);
        Run run = window < 0 ? runDown(state, pgno, -window) : run(state, pgno, window);
        Claim claim = claim(run, PageTable.frameOffset(packed), PageTable.frameSize(packed));
        if (!claim.ours()) {
            return; // already on its way
        }
        try {
            background.execute(() -> {
                try {
                    fetch(run, claim.flight(), state.pageSize(), -1, true);
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.DEBUG, "read-ahead of " + run.file + " failed: " + e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            release(run.file, claim.flight());
            LOG.log(System.Logger.Level.DEBUG, "read-ahead skipped: the fetch pool is busy or closed");
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
