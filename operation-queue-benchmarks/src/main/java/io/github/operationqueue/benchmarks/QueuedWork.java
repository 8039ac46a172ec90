package io.github.operationqueue.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.IntConsumer;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.QueuedOperation;

/**
 * How {@link MemoryBenchmark} queues its operations: our queue's {@code enqueue} or {@code submit}, or a
 * {@code ThreadPoolExecutor}'s {@code execute} or {@code submit} while its one thread is busy. Every call
 * hands over the same operation object, so what stays on the heap per call is the container's own
 * bookkeeping: nodes, entries, wrappers and futures.
 */
public enum QueuedWork {

    /** {@link OperationQueue#enqueue} on a queue with no runner yet, so every operation stays queued. */
    ENQUEUE {
        @Override
        Holder hold() {
            OperationQueue queue = OperationQueue.builder().name("memory").executor(Runnable::run).build();
            QueuedOperation operation = () -> COMPLETED;
            return new Holder((count) -> {
                for (int i = 0; i < count; i++) {
                    queue.enqueue(operation);
                }
            }, () -> {
            });
        }
    },

    /** {@link OperationQueue#submit}, which also keeps a future for each operation's outcome. */
    SUBMIT {
        @Override
        Holder hold() {
            OperationQueue queue = OperationQueue.builder().name("memory").executor(Runnable::run).build();
            Callable<CompletionStage<Void>> operation = () -> COMPLETED;
            return new Holder((count) -> {
                for (int i = 0; i < count; i++) {
                    queue.submit(operation);
                }
            }, () -> {
            });
        }
    },

    /** {@code ThreadPoolExecutor.execute}: one queue node per {@code Runnable}. */
    THREAD_POOL_EXECUTE {
        @Override
        Holder hold() {
            ThreadPoolExecutor pool = busyPool();
            Runnable operation = () -> {
            };
            return new Holder((count) -> {
                for (int i = 0; i < count; i++) {
                    pool.execute(operation);
                }
            }, () -> release(pool));
        }
    },

    /** {@code ThreadPoolExecutor.submit}: a {@code FutureTask} per {@code Runnable} as well. */
    THREAD_POOL_SUBMIT {
        @Override
        Holder hold() {
            ThreadPoolExecutor pool = busyPool();
            Runnable operation = () -> {
            };
            return new Holder((count) -> {
                for (int i = 0; i < count; i++) {
                    pool.submit(operation);
                }
            }, () -> release(pool));
        }
    };

    private static final CompletableFuture<Void> COMPLETED = CompletableFuture.completedFuture(null);

    private static final CountDownLatch NEVER = new CountDownLatch(1);

    /** Returns an empty container, ready to hold operations. */
    abstract Holder hold();

    /** A one-thread pool whose thread waits, so that everything executed stays in its queue. */
    private static ThreadPoolExecutor busyPool() {
        ThreadPoolExecutor pool = Pools.fixed("busy-pool", 1);
        CountDownLatch busy = new CountDownLatch(1);
        pool.execute(() -> {
            busy.countDown();
            awaitUninterruptibly(NEVER);
        });
        awaitUninterruptibly(busy);
        return pool;
    }

    private static void release(ThreadPoolExecutor pool) {
        // Interrupts the waiting thread and drops what is queued: those operations were only there to be weighed.
        pool.shutdownNow();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            // shutdownNow() interrupts the busy thread: that is how it is let go.
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A container that holds what it is given until released.
     *
     * @param fill queues that many operations; never blocks
     * @param release lets the container and everything in it go
     */
    record Holder(IntConsumer fill, Runnable release) {
    }
}
