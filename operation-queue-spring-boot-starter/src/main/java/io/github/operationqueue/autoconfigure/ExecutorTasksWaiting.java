package io.github.operationqueue.autoconfigure;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Tells a queue whether tasks wait for a thread of the Spring executor it runs on, so that a runner
 * that has used its budget keeps its thread when giving it back would hand it to nobody (see
 * {@code OperationQueue.Builder#executor(Executor, BooleanSupplier, BooleanSupplier)}). The queue is
 * given the Spring executor, never the pool inside it: its {@code execute} applies the application's
 * {@code TaskDecorator}, which every runner dispatch must go through. The pool's queue is only read.
 *
 * <p>A pool not initialized yet counts as having tasks waiting, the answer that gives the thread back.
 */
final class ExecutorTasksWaiting {

    private ExecutorTasksWaiting() {
    }

    /**
     * Returns whether tasks wait in the queue of the pool behind {@code executor}, or {@code null} when
     * the queue can tell by itself (a {@link ThreadPoolExecutor}) or nobody can (any other executor).
     */
    static @Nullable BooleanSupplier of(Executor executor) {
        if (executor instanceof ThreadPoolTaskExecutor pool) {
            return () -> {
                ThreadPoolExecutor running;
                try {
                    running = pool.getThreadPoolExecutor();
                }
                catch (IllegalStateException notInitialized) {
                    return true;
                }
                return !running.getQueue().isEmpty();
            };
        }
        if (executor instanceof ConcurrentTaskExecutor concurrent
                && concurrent.getConcurrentExecutor() instanceof ThreadPoolExecutor pool) {
            BlockingQueue<Runnable> queue = pool.getQueue();
            return () -> !queue.isEmpty();
        }
        return null;
    }
}
