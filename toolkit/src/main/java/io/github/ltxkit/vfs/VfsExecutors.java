package io.github.ltxkit.vfs;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one registered VFS, shared by its databases: a scheduler for polls and syncs, a bounded pool for
 * fetches that callers wait for (page indexes, hydration), and a smaller pool for read-ahead that drops work when
 * it is full rather than queue it. All threads are daemons named {@code ltxkit-<vfs>-<role>-<n>}.
 */
record VfsExecutors(ScheduledExecutorService scheduler, ExecutorService fetch, ExecutorService readahead)
        implements AutoCloseable {

    static VfsExecutors create(String vfsName) {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, threads(vfsName, "scheduler"));
        ThreadPoolExecutor fetch = new ThreadPoolExecutor(16, 16, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
                threads(vfsName, "fetch"), new ThreadPoolExecutor.CallerRunsPolicy());
        fetch.allowCoreThreadTimeOut(true);
        ThreadPoolExecutor readahead = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16),
                threads(vfsName, "readahead"), new ThreadPoolExecutor.AbortPolicy());
        readahead.allowCoreThreadTimeOut(true);
        return new VfsExecutors(scheduler, fetch, readahead);
    }

    private static ThreadFactory threads(String vfs, String role) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "ltxkit-" + vfs + "-" + role + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        fetch.shutdownNow();
        readahead.shutdownNow();
    }
}
