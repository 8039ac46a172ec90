package io.github.operationqueue.autoconfigure;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Tells a queue how Spring's executors report that they have shut down for good, so that a queue
 * whose executor rejects it after a shutdown stops and reports what it holds instead of retrying
 * forever (see {@code OperationQueue.Builder#executor(Executor, BooleanSupplier)}). Spring's
 * executors are not {@link ExecutorService}s, the one kind the queue can ask by itself.
 *
 * <p>A pool not initialized yet has not shut down. An executor of another kind never reports a
 * shutdown, and the queue keeps retrying it.
 */
final class ExecutorShutdownCheck {

    private ExecutorShutdownCheck() {
    }

    /** Returns whether {@code executor} has shut down, asked after it rejected a runner. */
    static BooleanSupplier of(Executor executor) {
        if (executor instanceof ThreadPoolTaskExecutor pool) {
            return isShutDown(pool::getThreadPoolExecutor);
        }
        if (executor instanceof ThreadPoolTaskScheduler scheduler) {
            return isShutDown(scheduler::getScheduledExecutor);
        }
        if (executor instanceof SimpleAsyncTaskExecutor simple) {
            // Inactive once closed: it rejects every task from then on.
            return () -> !simple.isActive();
        }
        if (executor instanceof ConcurrentTaskExecutor concurrent
                && concurrent.getConcurrentExecutor() instanceof ExecutorService service) {
            return service::isShutdown;
        }
        if (executor instanceof ExecutorService service) {
            return service::isShutdown;
        }
        return () -> false;
    }

    private static BooleanSupplier isShutDown(Supplier<? extends ExecutorService> pool) {
        return () -> {
            try {
                return pool.get().isShutdown();
            }
            catch (IllegalStateException notInitialized) {
                return false;
            }
        };
    }
}
