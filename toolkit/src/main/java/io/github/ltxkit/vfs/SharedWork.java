package io.github.ltxkit.vfs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Runs a list of tasks with at most {@code parallelism} at once: the calling thread works through the list itself
 * and {@code parallelism - 1} helpers on a pool take from the same list. The caller only ever waits for tasks that
 * are running, never for a helper still queued behind other work on the pool, so a caller that is itself a thread of
 * a full pool cannot deadlock; a helper that starts late finds the list empty and ends.
 *
 * <p>The first failure (or {@code stop} becoming true) stops handing out tasks; the tasks already running finish
 * before {@link #run} returns, so none of them still acts once it did. Thread-safe; one instance serves one call.
 */
final class SharedWork {
    /** One piece of work. */
    @FunctionalInterface
    interface Task {
        void run() throws IOException;
    }

    /** Bookkeeping the caller does between its tasks and while it waits for the helpers' (progress reports). */
    @FunctionalInterface
    interface Between {
        /** Does the bookkeeping; {@code handedOut} says whether every task was handed out already. */
        void run(boolean handedOut) throws IOException;
    }

    private final ConcurrentLinkedQueue<Task> queue;
    private final CountDownLatch finished;
    private final BooleanSupplier stop;
    /** The first failure; set once by whichever thread fails first. */
    private final AtomicReference<IOException> failure = new AtomicReference<>();

    private SharedWork(List<Task> tasks, BooleanSupplier stop) {
        this.queue = new ConcurrentLinkedQueue<>(tasks);
        this.finished = new CountDownLatch(tasks.size());
        this.stop = stop;
    }

    /**
     * Runs {@code tasks} on {@code pool} and the calling thread, at most {@code parallelism} at once, calling
     * {@code between} on the calling thread after each of its tasks and every 250 ms while it waits.
     *
     * @throws IOException the first failure (others are suppressed onto it), or {@code "hydration stopped"}
     */
    static void run(ExecutorService pool, List<Task> tasks, int parallelism, BooleanSupplier stop, Between between)
            throws IOException {
        SharedWork work = new SharedWork(tasks, stop);
        List<Future<?>> helpers = new ArrayList<>();
        for (int i = 1; i < Math.min(parallelism, tasks.size()); i++) {
            try {
                helpers.add(pool.submit(work::work));
            } catch (RejectedExecutionException e) {
                break; // a pool shutting down: the caller does the rest alone
            }
        }
        try {
            for (Task t; (t = work.next()) != null; ) {
                work.execute(t);
                between.run(work.queue.isEmpty());
            }
            while (!work.finished.await(250, TimeUnit.MILLISECONDS)) {
                between.run(true);
            }
        } catch (InterruptedException e) {
            work.fail(new InterruptedIOException("interrupted while copying pages"));
            work.awaitRunning(); // keeps the promise that no task still acts once run returns
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            work.fail(e instanceof IOException io ? io : new IOException(e));
            work.awaitRunning();
        } finally {
            helpers.forEach(h -> h.cancel(false));
        }
        IOException f = work.failure.get();
        if (f != null) {
            throw f;
        }
    }

    /** A helper's life: take tasks until none is left. */
    private void work() {
        for (Task t; (t = next()) != null; ) {
            execute(t);
        }
    }

    private void execute(Task t) {
        try {
            t.run();
        } catch (IOException e) {
            fail(e);
        } catch (RuntimeException | Error e) {
            fail(new IOException(e));
        } finally {
            finished.countDown();
        }
    }

    /** The next task, or null once the list is empty, a task failed, or the work must stop. */
    private Task next() {
        if (failure.get() == null && stop.getAsBoolean()) {
            fail(new IOException("hydration stopped"));
        }
        if (failure.get() != null) {
            for (Task t; (t = queue.poll()) != null; ) {
                finished.countDown();
            }
            return null;
        }
        return queue.poll();
    }

    private void fail(IOException e) {
        if (!failure.compareAndSet(null, e) && failure.get() != e) {
            failure.get().addSuppressed(e);
        }
        for (Task t; (t = queue.poll()) != null; ) {
            finished.countDown();
        }
    }

    /** Waits, ignoring interrupts, for the tasks still running after a failure of the caller's bookkeeping. */
    private void awaitRunning() {
        boolean interrupted = false;
        while (true) {
            try {
                finished.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
