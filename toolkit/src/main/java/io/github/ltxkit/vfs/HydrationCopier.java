package io.github.ltxkit.vfs;

import io.github.ltxkit.hydrate.HydrationFile;
import io.github.ltxkit.hydrate.HydrationMetadata;
import io.github.ltxkit.ltx.FrameSpan;
import io.github.ltxkit.ltx.LtxDecoder;
import io.github.ltxkit.ltx.LtxFormatException;
import io.github.ltxkit.ltx.PageFrames;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves pages into a hydrated copy: the pages of a whole state at first, then those that changed. Pages are fetched
 * grouped by LTX file. A file of which at least half is needed is read whole: one streaming GET decoded by
 * {@link LtxDecoder} when it is small, or, above {@value #SPLIT_ABOVE} bytes, as contiguous ranges of up to
 * {@value #PART_BYTES} bytes covering all of it, each decoded frame by frame by {@link FrameSpan} with the file
 * checksum joined from the ranges ({@link SplitFileCheck}). Of other files, runs of neighbouring needed frames are
 * read with ranged GETs. Every needed frame is decoded and its page number checked; consecutive pages are written
 * with one write ({@link PageRunWriter}). All of these requests of one copy run at most {@value #PARALLEL_REQUESTS}
 * at a time ({@link SharedWork}). Used by the hydration task only.
 */
final class HydrationCopier {
    static final int PARALLEL_REQUESTS = 4;
    static final long SPLIT_ABOVE = 8L << 20;
    static final long PART_BYTES = 8L << 20;
    private static final long MIN_PART_BYTES = 2L << 20;
    private static final long MAX_GAP = 64 * 1024;
    private static final long MAX_RANGE = 8L << 20;

    private final DatabaseEngine engine;
    private final Hydration hydration;

    HydrationCopier(DatabaseEngine engine, Hydration hydration) {
        this.engine = engine;
        this.hydration = hydration;
    }

    /** Pages to copy: the frames each file must give, and pages from elsewhere (the write buffer). */
    private record Plan(Map<RemoteFile, FileFrames> byFile, List<Long> others) {
        Plan() {
            this(new LinkedHashMap<>(), new ArrayList<>());
        }

        void add(long pgno, Object source, long position) {
            if (source instanceof RemoteFile f) {
                byFile.computeIfAbsent(f, k -> new FileFrames()).add(pgno, position);
            } else {
                others.add(pgno);
            }
        }

        long pages() {
            long n = others.size();
            for (FileFrames frames : byFile.values()) {
                n += frames.size();
            }
            return n;
        }
    }

    /** Builds the copy of {@code state}, resuming from what {@code previous} says the copy holds. */
    void build(HydrationFile file, DatabaseState state, Optional<HydrationMetadata> previous) throws IOException {
        Set<String> done = ConcurrentHashMap.newKeySet();
        Plan plan = new Plan();
        state.pages().forEach((pgno, source, position) -> {
            if (pgno > state.commit()) {
                return true;
            }
            if (source instanceof RemoteFile f && previous.isPresent()) {
                HydrationMetadata m = previous.get();
                if (m.complete() ? Long.compareUnsigned(f.maxTxid(), m.txid()) <= 0
                        : m.filesDone().contains(identity(f))) {
                    done.add(identity(f));
                    return true;
                }
            }
            plan.add(pgno, source, position);
            return true;
        });
        if (previous.isEmpty()) {
            file.truncate(0);
        }
        hydration.recordProgress(state.pageSize(), done);
        hydration.reports.beginBuild(plan.pages());
        copy(file, state, plan, done);
        file.truncate(state.commit());
    }

    /** Brings the copy from {@code from} to {@code to}: the pages whose location changed, and the new size. */
    void update(HydrationFile file, DatabaseState from, DatabaseState to) throws IOException {
        Plan plan = new Plan();
        from.pages().forEachDifference(to.pages(), pgno -> {
            if (pgno <= to.commit()) {
                plan.add(pgno, to.pages().source(pgno), to.pages().position(pgno));
            }
        });
        hydration.reports.pagesTotal.addAndGet(plan.pages());
        copy(file, to, plan, null);
        file.truncate(to.commit());
    }

    private void copy(HydrationFile file, DatabaseState state, Plan plan, Set<String> done) throws IOException {
        byte[] page = new byte[state.pageSize()];
        PageRunWriter local = new PageRunWriter(file, state.pageSize(), hydration.reports.pagesWritten);
        for (long pgno : plan.others()) {
            engine.readPage(state, pgno, page, 1);
            local.add(pgno, page);
        }
        local.flush();
        List<RemoteFile> files = new ArrayList<>(plan.byFile().keySet());
        files.sort((a, b) -> Long.compareUnsigned(a.maxTxid(), b.maxTxid()));
        List<SharedWork.Task> tasks = new ArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        for (RemoteFile f : files) {
            FileFrames frames = plan.byFile().get(f);
            frames.sortByOffset();
            for (SharedWork.Task t : tasks(file, state, f, frames, done)) {
                tasks.add(() -> {
                    t.run();
                    finished.incrementAndGet();
                });
            }
        }
        // The listener hears of progress each time as many more tasks finished as run at once, while tasks are
        // still waiting: the estimate of the time left counts finished pages only, so it is fair when the tasks in
        // flight just started, and far off in between (or while the last ones finish).
        int[] reported = {0};
        long[] lastRecord = {System.nanoTime()};
        try {
            SharedWork.run(engine.executors.fetch(), tasks, PARALLEL_REQUESTS, hydration::stopped, handedOut -> {
                if (done != null && System.nanoTime() - lastRecord[0] > 2_000_000_000L) {
                    hydration.recordProgress(state.pageSize(), done);
                    lastRecord[0] = System.nanoTime();
                }
                int n = finished.get();
                if (!handedOut && n >= reported[0] + PARALLEL_REQUESTS) {
                    hydration.reportProgress();
                    reported[0] = n;
                }
            });
        } catch (IOException e) {
            if (done != null && hydration.stopped() && !hydration.abandoned()) {
                hydration.recordProgress(state.pageSize(), done);
            }
            throw e;
        }
        hydration.reportProgress();
    }

    /** The tasks that copy {@code frames} from {@code source}; the last one to finish marks the file done. */
    private List<SharedWork.Task> tasks(HydrationFile file, DatabaseState state, RemoteFile source,
                                        FileFrames frames, Set<String> done) {
        List<SharedWork.Task> tasks = new ArrayList<>();
        if (frames.bytes() * 2 >= source.size() && source.size() <= SPLIT_ABOVE) {
            tasks.add(() -> {
                copyWholeFile(file, state, source);
                if (done != null) {
                    done.add(identity(source));
                }
            });
            return tasks;
        }
        if (frames.bytes() * 2 >= source.size()) {
            long part = Math.clamp((source.size() + PARALLEL_REQUESTS - 1) / PARALLEL_REQUESTS, MIN_PART_BYTES,
                    PART_BYTES);
            List<int[]> spans = new ArrayList<>();
            List<long[]> ranges = new ArrayList<>();
            long start = 0;
            int first = 0;
            for (int i = 1; i < frames.size(); i++) {
                if (frames.end(i) - start > part) {
                    spans.add(new int[] {first, i});
                    ranges.add(new long[] {start, frames.offset(i)});
                    start = frames.offset(i);
                    first = i;
                }
            }
            spans.add(new int[] {first, frames.size()});
            ranges.add(new long[] {start, source.size()});
            SplitFileCheck check = new SplitFileCheck(source.key().toString(), source.size(), spans.size());
            for (int p = 0; p < spans.size(); p++) {
                int index = p;
                tasks.add(() -> {
                    FrameSpan.Result r = copySpan(file, state, source, frames, spans.get(index), ranges.get(index));
                    if (check.partDone(index, r) && done != null) {
                        done.add(identity(source));
                    }
                });
            }
            return tasks;
        }
        AtomicInteger missing = new AtomicInteger();
        int i = 0;
        while (i < frames.size()) {
            long start = frames.offset(i);
            long end = start;
            int j = i;
            while (j < frames.size()) {
                if (j > i && (frames.offset(j) - end > MAX_GAP || frames.end(j) - start > MAX_RANGE)) {
                    break;
                }
                end = frames.end(j);
                j++;
            }
            int from = i;
            int to = j;
            long rangeStart = start;
            long rangeEnd = end;
            missing.incrementAndGet();
            tasks.add(() -> {
                copyFrames(file, state, source, frames, from, to, rangeStart, rangeEnd);
                if (missing.decrementAndGet() == 0 && done != null) {
                    done.add(identity(source));
                }
            });
            i = j;
        }
        return tasks;
    }

    private void copyWholeFile(HydrationFile file, DatabaseState state, RemoteFile source) throws IOException {
        PageRunWriter writer = new PageRunWriter(file, state.pageSize(), hydration.reports.pagesWritten);
        try (InputStream in = new BufferedInputStream(engine.client.open(source.key()), 1 << 16);
             LtxDecoder decoder = LtxDecoder.open(in, source.key().toString())) {
            byte[] page = new byte[state.pageSize()];
            for (long pgno; (pgno = decoder.readPage(page)) != 0; ) {
                if (state.pages().source(pgno) == source && pgno <= state.commit()) {
                    writer.add(pgno, page);
                }
            }
        }
        writer.flush();
        hydration.reports.bytesDownloaded.addAndGet(source.size());
    }

    /**
     * Copies the needed frames {@code span[0]..span[1]} out of the file's bytes {@code range[0]..range[1]}, which
     * start at the header or a frame and end at a frame or the file's end; every frame in between is decoded too.
     */
    private FrameSpan.Result copySpan(HydrationFile file, DatabaseState state, RemoteFile source, FileFrames frames,
                                      int[] span, long[] range) throws IOException {
        byte[] bytes = fetch(source, range[0], range[1]);
        String name = source.key().toString();
        PageRunWriter writer = new PageRunWriter(file, state.pageSize(), hydration.reports.pagesWritten);
        int[] next = {span[0]};
        FrameSpan.Result result = FrameSpan.decode(bytes, bytes.length, range[0], source.size(), state.pageSize(),
                name, (pgno, offset, size, page) -> {
                    int k = next[0];
                    if (k < span[1] && frames.offset(k) == offset) {
                        if (pgno != frames.pgno(k) || size != frames.frameSize(k)) {
                            throw new LtxFormatException(name, offset, "page " + frames.pgno(k), "frame holds page "
                                    + pgno + " (" + size + " bytes), want page " + frames.pgno(k) + " ("
                                    + frames.frameSize(k) + " bytes) as the page index says");
                        }
                        writer.add(pgno, page);
                        next[0]++;
                    }
                });
        if (next[0] != span[1]) {
            throw new LtxFormatException(name, frames.offset(next[0]), "page " + frames.pgno(next[0]),
                    "no frame starts where the page index puts this page");
        }
        writer.flush();
        return result;
    }

    private void copyFrames(HydrationFile file, DatabaseState state, RemoteFile source, FileFrames frames, int from,
                            int to, long start, long end) throws IOException {
        byte[] bytes = fetch(source, start, end);
        PageRunWriter writer = new PageRunWriter(file, state.pageSize(), hydration.reports.pagesWritten);
        byte[] page = new byte[state.pageSize()];
        String name = source.key().toString();
        for (int k = from; k < to; k++) {
            PageFrames.decode(bytes, (int) (frames.offset(k) - start), frames.frameSize(k), frames.pgno(k),
                    state.pageSize(), page, name, frames.offset(k));
            writer.add(frames.pgno(k), page);
        }
        writer.flush();
    }

    private byte[] fetch(RemoteFile source, long start, long end) throws IOException {
        byte[] bytes = engine.client.read(source.key(), start, (int) (end - start));
        if (bytes.length != end - start) {
            throw new IOException("short read of " + source + " at " + start + ": " + bytes.length + " of "
                    + (end - start) + " bytes");
        }
        hydration.reports.bytesDownloaded.addAndGet(bytes.length);
        return bytes;
    }

    /** A file's identity: level, range, size and creation time, so a replaced file does not match. */
    static String identity(RemoteFile f) {
        return f.key().level() + "/" + f.key().range() + "/" + f.size() + "/" + f.createdAt().toEpochMilli();
    }

    /** The identity of the newest file the state uses, or "" if it uses none. */
    String newestFileIdentity(DatabaseState s) {
        RemoteFile[] newest = new RemoteFile[1];
        s.pages().forEach((pgno, source, position) -> {
            if (source instanceof RemoteFile f && (newest[0] == null
                    || Long.compareUnsigned(f.maxTxid(), newest[0].maxTxid()) > 0)) {
                newest[0] = f;
            }
            return true;
        });
        return newest[0] == null ? "" : identity(newest[0]);
    }

    /** Returns whether the file with this identity is still in the replica, unchanged. */
    boolean stillThere(String identity) {
        String[] parts = identity.split("/");
        if (parts.length != 4) {
            return false;
        }
        try {
            int level = Integer.parseInt(parts[0]);
            String[] range = parts[1].split("-");
            LtxFileKey key = LtxFileKey.of(level, Long.parseUnsignedLong(range[0], 16),
                    Long.parseUnsignedLong(range[1], 16));
            for (LtxFileInfo f : engine.client.list(level, key.range().min())) {
                if (f.key().equals(key)) {
                    return identity(RemoteFile.of(f)).equals(identity);
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
