package io.github.ltxkit.vfs;

/**
 * Detects sequential reading on one connection and sizes its read-ahead window: it doubles while reads keep
 * moving by small steps, up or down, and falls back to a single page as soon as a read jumps. The direction is the
 * trend of the recent steps: SQLite's {@code integrity_check} and descending scans walk pages downwards, with small
 * steps up in between.
 *
 * <p>A scan of one B-tree in a database whose trees were written interleaved moves by larger strides, each leaf a
 * few dozen pages past the last one, with reads of interior pages elsewhere in between. The pattern follows up to
 * {@value #STREAMS} such streams at once (as a CPU's stride prefetcher does): a read at most {@value #MAX_STRIDE}
 * pages past a stream's last read, the stream's way, extends it. Once a stream has been extended
 * {@value #STRIDE_READS} times, its reads report at least the {@value #STRIDED_WINDOW}-page window, which tells the
 * fetcher a scan is under way. Owned by the connection's thread (SQLite calls one connection from one
 * thread at a time).
 */
final class ReadPattern {
    private static final int MAX_STEP = 8;
    /** The longest stride, in pages, that still counts as a scan moving one way. */
    static final int MAX_STRIDE = 256;
    /** Extensions of one stream that make it a scan. */
    static final int STRIDE_READS = 8;
    /** Streams followed at once. */
    static final int STREAMS = 4;
    /** The window a strided scan reports: the fetcher's threshold for treating reads as a scan. */
    static final int STRIDED_WINDOW = PageFetcher.PREFETCH_MIN_WINDOW;
    private final int maxWindow;
    private long lastPgno;
    private int run;
    private int window = 1;
    /** The recent steps' direction: +1 for each small step up, -1 for each down, kept within [-4, 4]. */
    private int trend;
    /** Per stream: its last page, its way (+1, -1, 0 when new) and how often it was extended. */
    private final long[] streamLast = new long[STREAMS];
    private final int[] streamWay = new int[STREAMS];
    private final int[] streamHits = new int[STREAMS];
    /** The stream the latest read extended or started; the least recently used stream is replaced. */
    private int latestStream;
    /** Per stream: the count of reads when it was last extended or started, to find the least recently used. */
    private final long[] streamUsed = new long[STREAMS];
    /** Reads that moved, counted to date the streams' use. */
    private long reads;

    /** The largest read-ahead window, in pages. */
    private static final int MAX_WINDOW = 256;

    ReadPattern(int maxWindow) {
        this.maxWindow = Math.max(1, maxWindow);
    }

    /** Returns a new pattern for a reader of a database with {@code config}: no read-ahead when it is off. */
    static ReadPattern of(DatabaseConfig config) {
        return new ReadPattern(config.readahead() ? MAX_WINDOW : 1);
    }

    /**
     * Records a read of {@code pgno} and returns how many pages to fetch from there (1 for no read-ahead): upwards,
     * or downwards when {@link #descending()}.
     */
    int onRead(long pgno) {
        long step = pgno - lastPgno;
        lastPgno = pgno;
        if (step != 0 && Math.abs(step) <= MAX_STEP) {
            run++;
            trend = Math.max(-4, Math.min(4, trend + (step > 0 ? 1 : -1)));
            if (run >= 2) {
                window = Math.min(maxWindow, Math.max(2, window * 2));
            }
        } else if (step != 0) {
            run = 0;
            window = 1;
            trend = 0;
        }
        if (step != 0) {
            followStreams(pgno);
        }
        return strided() ? Math.min(maxWindow, STRIDED_WINDOW) : window;
    }

    private void followStreams(long pgno) {
        reads++;
        int oldest = 0;
        for (int i = 0; i < STREAMS; i++) {
            long stride = pgno - streamLast[i];
            int way = stride > 0 ? 1 : -1;
            if (stride != 0 && Math.abs(stride) <= MAX_STRIDE && (streamWay[i] == 0 || streamWay[i] == way)) {
                streamLast[i] = pgno;
                streamWay[i] = way;
                streamHits[i] = Math.min(1_000, streamHits[i] + 1);
                streamUsed[i] = reads;
                latestStream = i;
                return;
            }
            if (streamUsed[i] < streamUsed[oldest]) {
                oldest = i;
            }
        }
        streamLast[oldest] = pgno;
        streamWay[oldest] = 0;
        streamHits[oldest] = 0;
        streamUsed[oldest] = reads;
        latestStream = oldest;
    }

    /** Returns whether the recent reads went down, so read-ahead should fetch the pages below. */
    boolean descending() {
        return strided() ? streamWay[latestStream] < 0 : trend < 0;
    }

    /** Whether the latest read extended a stream of strides while small steps alone give a smaller window. */
    private boolean strided() {
        return streamHits[latestStream] >= STRIDE_READS && window < STRIDED_WINDOW;
    }

    int window() {
        return window;
    }
}
