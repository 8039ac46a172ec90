package io.github.operationqueue.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs a task on N fresh threads released together by one start gate, and waits for all of them,
 * so that the tasks really race. The first failure of any thread is rethrown.
 */
public final class ConcurrentTestHarness {

    private static final long TIMEOUT_SECONDS = 60;

    private ConcurrentTestHarness() {
    }

    /** Runs {@code task.accept(i)} for i in [0, threads) on separate threads, all at once. */
    public static void run(int threads, IntConsumer task) {
        CountDownLatch startGate = new CountDownLatch(1);
        CountDownLatch endGate = new CountDownLatch(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                try {
                    startGate.await();
                    task.accept(index);
                }
                catch (Throwable ex) {
                    failure.compareAndSet(null, ex);
                }
                finally {
                    endGate.countDown();
                }
            }, "harness-" + i);
            thread.setDaemon(true);
            thread.start();
            started.add(thread);
        }
        startGate.countDown();
        try {
            if (!endGate.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("Harness threads did not finish within " + TIMEOUT_SECONDS + " s");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for harness threads", ex);
        }
        if (failure.get() != null) {
            throw new AssertionError("A harness thread failed", failure.get());
        }
    }
}
