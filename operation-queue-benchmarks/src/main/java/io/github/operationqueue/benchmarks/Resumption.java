package io.github.operationqueue.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Where a waiter of {@link LineStormBenchmark} resumes once the gate is released. */
public enum Resumption {

    /** On the thread that releases the gate, inside the release: {@code thenRun}. */
    IN_PLACE {
        @Override
        void resume(CompletableFuture<Void> released, Executor pool, Runnable waiter) {
            released.thenRun(waiter);
        }
    },

    /** On a 2-thread pool: {@code thenRunAsync(waiter, pool)}. */
    TWO_THREAD_POOL {
        @Override
        void resume(CompletableFuture<Void> released, Executor pool, Runnable waiter) {
            released.thenRunAsync(waiter, pool);
        }
    };

    abstract void resume(CompletableFuture<Void> released, Executor pool, Runnable waiter);
}
