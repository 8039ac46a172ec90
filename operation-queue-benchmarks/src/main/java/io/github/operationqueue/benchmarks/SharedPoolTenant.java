package io.github.operationqueue.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import io.github.operationqueue.OperationQueue;

/**
 * The two tenants of {@link FairnessBenchmark}'s shared 2-thread pool, built either as our queues or as
 * plain tasks on the pool.
 */
public enum SharedPoolTenant {

    /**
     * A backlog queue with 2 runners and a probe queue with 1 runner, both on the shared pool and both
     * built with the benchmark's runner budget. The backlog is accepted while that queue is paused, and
     * {@code resume()} lets its runners loose.
     */
    OPERATION_QUEUE {
        @Override
        Tenants start(ExecutorService pool, String budget) {
            OperationQueue backlog = RunnerBudget
                .apply(budget, OperationQueue.builder().name("backlog").executor(pool))
                .build();
            OperationQueue probe = RunnerBudget.apply(budget, OperationQueue.builder().name("probe").executor(pool))
                .build();
            backlog.pause();
            backlog.start(FairnessBenchmark.THREADS);
            probe.start(1);
            return new Tenants() {
                @Override
                public void queueBacklog(NoOpBatch operations, int count) {
                    awaitIdle(backlog);
                    awaitIdle(probe);
                    backlog.pause();
                    for (int i = 0; i < count; i++) {
                        backlog.enqueue(operations);
                    }
                }

                @Override
                public void releaseBacklogAndProbe(CompletableFuture<Void> probed) {
                    backlog.resume();
                    probe.enqueue(() -> {
                        probed.complete(null);
                        return probed;
                    });
                }

                @Override
                public void close() {
                    backlog.stop(STOP_PATIENCE).join();
                    probe.stop(STOP_PATIENCE).join();
                }
            };
        }
    },

    /**
     * Tasks on the pool itself: the backlog is queued while both threads are held, the probe is one more
     * task; the pool runs them in order.
     */
    THREAD_POOL_EXECUTOR {
        @Override
        Tenants start(ExecutorService pool, String budget) {
            // A pool has no runner budget: it is the reference each budget's latency is read against.
            return new Tenants() {

                private CountDownLatch gate;

                @Override
                public void queueBacklog(NoOpBatch operations, int count) {
                    CountDownLatch gate = new CountDownLatch(1);
                    CountDownLatch held = new CountDownLatch(FairnessBenchmark.THREADS);
                    for (int i = 0; i < FairnessBenchmark.THREADS; i++) {
                        pool.execute(() -> {
                            held.countDown();
                            awaitOrFail(gate);
                        });
                    }
                    awaitOrFail(held);
                    for (int i = 0; i < count; i++) {
                        pool.execute(operations);
                    }
                    this.gate = gate;
                }

                @Override
                public void releaseBacklogAndProbe(CompletableFuture<Void> probed) {
                    this.gate.countDown();
                    pool.execute(() -> probed.complete(null));
                }

                @Override
                public void close() {
                }
            };
        }
    };

    private static final Duration STOP_PATIENCE = Duration.ofSeconds(60);

    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    abstract Tenants start(ExecutorService pool, String budget);

    /** Waits until the previous iteration's runners have all parked: the pool's threads are free. */
    private static void awaitIdle(OperationQueue queue) {
        long deadline = System.nanoTime() + STOP_PATIENCE.toNanos();
        while (!queue.isIdle()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(queue + " did not become idle within " + STOP_PATIENCE + ": "
                        + queue.stats());
            }
            // Sleep, not spin: on two cores a spinning thread would hold up the runners it waits for.
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            if (!latch.await(STOP_PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(new TimeoutException("gave up after " + STOP_PATIENCE));
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }

    /** The started tenants of the shared pool. */
    interface Tenants extends AutoCloseable {

        /** Queues {@code count} runs of {@code operations} so that none can run before the release. */
        void queueBacklog(NoOpBatch operations, int count);

        /** Lets the backlog run, then hands over one probe operation that completes {@code probed}. */
        void releaseBacklogAndProbe(CompletableFuture<Void> probed);

        @Override
        void close();
    }
}
