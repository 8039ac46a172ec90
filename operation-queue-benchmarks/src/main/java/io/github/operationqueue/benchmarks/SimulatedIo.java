package io.github.operationqueue.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asynchronous I/O that takes {@value #LATENCY_MILLIS} ms: {@link #start()} returns a future that a
 * timer thread completes that much later, as a network client's completion thread would. Every peer of
 * {@link AsyncIoBenchmark} performs the same I/O, so they differ only in how they limit and schedule it.
 *
 * <p>It also counts a batch: the timer counts each completed I/O before completing its future, and
 * {@link #await()} returns once the whole batch has completed.
 */
final class SimulatedIo implements AutoCloseable {

    static final long LATENCY_MILLIS = 1;

    private static final long PATIENCE_SECONDS = 60;

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
        Thread thread = new Thread(runnable, "io-completion");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicInteger remaining = new AtomicInteger();

    private volatile CountDownLatch done = new CountDownLatch(0);

    /** Starts one I/O on the calling thread. */
    CompletableFuture<Void> start() {
        CompletableFuture<Void> completion = new CompletableFuture<>();
        this.timer.schedule(() -> complete(completion), LATENCY_MILLIS, TimeUnit.MILLISECONDS);
        return completion;
    }

    /** Starts one I/O on {@code executor}, as a limiter does that hands the start to a pool. */
    CompletableFuture<Void> startOn(Executor executor) {
        CompletableFuture<Void> completion = new CompletableFuture<>();
        executor.execute(() -> this.timer.schedule(() -> complete(completion), LATENCY_MILLIS,
                TimeUnit.MILLISECONDS));
        return completion;
    }

    private void complete(CompletableFuture<Void> completion) {
        if (this.remaining.decrementAndGet() == 0) {
            this.done.countDown();
        }
        completion.complete(null);
    }

    void begin(int size) {
        this.done = new CountDownLatch(1);
        this.remaining.set(size);
    }

    void await() {
        try {
            if (!this.done.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(this.remaining.get() + " I/O operations of the batch had not "
                        + "completed after " + PATIENCE_SECONDS + " s: the limiter lost or stranded them");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the batch", ex);
        }
    }

    @Override
    public void close() {
        Pools.close(this.timer);
    }
}
