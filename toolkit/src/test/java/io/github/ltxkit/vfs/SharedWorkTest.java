package io.github.ltxkit.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shared work keeps its promise that no task still runs once {@code run} returns, even when interrupted. */
class SharedWorkTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(1);

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void anInterruptedCallerWaitsForTheHelpersRunningTaskBeforeItReturns() throws Exception {
        CountDownLatch helperStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean helperFinished = new AtomicBoolean();
        AtomicReference<Thread> callerThread = new AtomicReference<>();
        SharedWork.Task task = () -> {
            if (Thread.currentThread() == callerThread.get()) {
                awaitQuietly(helperStarted); // let the helper take the other task
                return;
            }
            helperStarted.countDown();
            awaitQuietly(release);
            helperFinished.set(true);
        };
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean finishedWhenReturned = new AtomicBoolean();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                SharedWork.run(pool, List.of(task, task), 2, () -> false, handedOut -> { });
            } catch (IOException e) {
                thrown.set(e);
            }
            finishedWhenReturned.set(helperFinished.get());
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        callerThread.set(caller);
        caller.start();
        assertThat(helperStarted.await(10, TimeUnit.SECONDS)).isTrue();

        caller.interrupt();
        caller.join(300);
        assertThat(caller.isAlive()).as("still waiting for the helper's task").isTrue();
        release.countDown();
        caller.join(10_000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(finishedWhenReturned).as("the helper's task had ended when run returned").isTrue();
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class);
        assertThat(interruptKept).as("the caller's interrupt status is kept").isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
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
