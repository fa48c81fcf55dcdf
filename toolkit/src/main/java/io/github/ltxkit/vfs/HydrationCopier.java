package io.github.ltxkit.vfs;

import io.github.ltxkit.hydrate.HydrationFile;
import io.github.ltxkit.hydrate.HydrationMetadata;
import io.github.ltxkit.ltx.LtxDecoder;
import io.github.ltxkit.ltx.PageFrames;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Moves pages into a hydrated copy: the pages of a whole state at first, then those that changed. Pages are fetched
 * grouped by LTX file: one streaming GET of the whole file when at least half of it is needed, otherwise ranged GETs
 * of runs of neighbouring frames; up to four files at a time. Every frame is decoded and checked. Used by the
 * hydration task only.
 */
final class HydrationCopier {
    private static final int PARALLEL_FILES = 4;
    private static final long MAX_GAP = 64 * 1024;
    private static final long MAX_RANGE = 8L << 20;

    private final DatabaseEngine engine;
    private final Hydration hydration;

    HydrationCopier(DatabaseEngine engine, Hydration hydration) {
        this.engine = engine;
        this.hydration = hydration;
    }

    /** Builds the copy of {@code state}, resuming from what {@code previous} says the copy holds. */
    void build(HydrationFile file, DatabaseState state, Optional<HydrationMetadata> previous) throws IOException {
        Set<String> done = new HashSet<>();
        Set<Long> pages = new HashSet<>();
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
            pages.add(pgno);
            return true;
        });
        if (previous.isEmpty()) {
            file.truncate(0);
        }
        hydration.recordProgress(state.pageSize(), done);
        hydration.reports.beginBuild(pages.size());
        copy(file, state, pages, done);
        file.truncate(state.commit());
    }

    /** Brings the copy from {@code from} to {@code to}: the pages whose location changed, and the new size. */
    void update(HydrationFile file, DatabaseState from, DatabaseState to) throws IOException {
        Set<Long> pages = new HashSet<>();
        from.pages().forEachDifference(to.pages(), pgno -> {
            if (pgno <= to.commit()) {
                pages.add(pgno);
            }
        });
        hydration.reports.pagesTotal.addAndGet(pages.size());
        copy(file, to, pages, null);
        file.truncate(to.commit());
    }

    private void copy(HydrationFile file, DatabaseState state, Set<Long> pages, Set<String> done) throws IOException {
        Map<RemoteFile, List<Long>> byFile = new HashMap<>();
        List<Long> others = new ArrayList<>();
        for (long pgno : pages) {
            if (state.pages().source(pgno) instanceof RemoteFile f) {
                byFile.computeIfAbsent(f, k -> new ArrayList<>()).add(pgno);
            } else {
                others.add(pgno);
            }
        }
        byte[] page = new byte[state.pageSize()];
        for (long pgno : others) {
            engine.readPage(state, pgno, page, 1);
            file.writePage(pgno, page);
            hydration.reports.pagesWritten.incrementAndGet();
        }
        List<RemoteFile> files = new ArrayList<>(byFile.keySet());
        files.sort((a, b) -> Long.compareUnsigned(a.maxTxid(), b.maxTxid()));
        long lastRecord = System.nanoTime();
        for (int i = 0; i < files.size(); i += PARALLEL_FILES) {
            List<Future<Void>> batch = new ArrayList<>();
            for (RemoteFile f : files.subList(i, Math.min(files.size(), i + PARALLEL_FILES))) {
                batch.add(engine.executors.fetch().submit(() -> {
                    copyFile(file, state, f, byFile.get(f));
                    return null;
                }));
            }
            awaitAll(batch);
            if (done != null) {
                for (RemoteFile f : files.subList(i, Math.min(files.size(), i + PARALLEL_FILES))) {
                    done.add(identity(f));
                }
                if (hydration.stopped() && !hydration.abandoned()
                        || System.nanoTime() - lastRecord > 2_000_000_000L) {
                    hydration.recordProgress(state.pageSize(), done);
                    lastRecord = System.nanoTime();
                }
            }
            if (hydration.stopped()) {
                throw new IOException("hydration stopped");
            }
            hydration.reportProgress();
        }
    }

    private void copyFile(HydrationFile file, DatabaseState state, RemoteFile source, List<Long> pgnos)
            throws IOException {
        long needed = 0;
        for (long pgno : pgnos) {
            needed += PageTable.frameSize(state.pages().position(pgno));
        }
        if (needed * 2 >= source.size()) {
            copyWholeFile(file, state, source);
        } else {
            copyRanges(file, state, source, pgnos);
        }
    }

    private void copyWholeFile(HydrationFile file, DatabaseState state, RemoteFile source) throws IOException {
        try (InputStream in = new BufferedInputStream(engine.client.open(source.key()), 1 << 16);
             LtxDecoder decoder = LtxDecoder.open(in, source.key().toString())) {
            byte[] page = new byte[state.pageSize()];
            for (long pgno; (pgno = decoder.readPage(page)) != 0; ) {
                if (state.pages().source(pgno) == source && pgno <= state.commit()) {
                    file.writePage(pgno, page);
                    hydration.reports.pagesWritten.incrementAndGet();
                }
            }
        }
        hydration.reports.bytesDownloaded.addAndGet(source.size());
    }

    private void copyRanges(HydrationFile file, DatabaseState state, RemoteFile source, List<Long> pgnos)
            throws IOException {
        List<Long> sorted = new ArrayList<>(pgnos);
        sorted.sort((a, b) -> Long.compare(state.pages().position(a), state.pages().position(b)));
        byte[] page = new byte[state.pageSize()];
        int i = 0;
        while (i < sorted.size()) {
            long start = PageTable.frameOffset(state.pages().position(sorted.get(i)));
            long end = start;
            int j = i;
            while (j < sorted.size()) {
                long packed = state.pages().position(sorted.get(j));
                long off = PageTable.frameOffset(packed);
                long frameEnd = off + PageTable.frameSize(packed);
                if (j > i && (off - end > MAX_GAP || frameEnd - start > MAX_RANGE)) {
                    break;
                }
                end = frameEnd;
                j++;
            }
            byte[] bytes = engine.client.read(source.key(), start, (int) (end - start));
            if (bytes.length != end - start) {
                throw new IOException("short read of " + source + ": " + bytes.length + " of " + (end - start));
            }
            hydration.reports.bytesDownloaded.addAndGet(bytes.length);
            for (int k = i; k < j; k++) {
                long pgno = sorted.get(k);
                long packed = state.pages().position(pgno);
                int rel = (int) (PageTable.frameOffset(packed) - start);
                PageFrames.decode(bytes, rel, PageTable.frameSize(packed), pgno, state.pageSize(), page,
                        source.key().fileName(), PageTable.frameOffset(packed));
                file.writePage(pgno, page);
                hydration.reports.pagesWritten.incrementAndGet();
            }
            i = j;
        }
    }

    /**
     * Waits for every task of a batch, even after one failed, so that no task of a failed attempt still writes into
     * the copy while the next attempt builds it; throws the first failure.
     */
    private static void awaitAll(List<Future<Void>> batch) throws IOException {
        IOException failure = null;
        for (Future<Void> future : batch) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? new IOException("interrupted", e) : failure;
            } catch (ExecutionException e) {
                IOException io = e.getCause() instanceof IOException x ? x : new IOException(e.getCause());
                if (failure == null) {
                    failure = io;
                } else {
                    failure.addSuppressed(io);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
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
