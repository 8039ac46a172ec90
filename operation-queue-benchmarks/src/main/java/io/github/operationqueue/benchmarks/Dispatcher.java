package io.github.operationqueue.benchmarks;

import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;

import io.github.operationqueue.OperationQueue;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * What performs {@link DispatchBenchmark}'s operations: our queue or a peer, each with the same number of
 * threads ({@code concurrency}), so that the comparison is of the dispatch path alone.
 */
public enum Dispatcher {

    /** An {@link OperationQueue} with {@code concurrency} runners over a pool of as many threads. */
    OPERATION_QUEUE {
        @Override
        DispatchTarget start(int concurrency, String budget) {
            ThreadPoolExecutor pool = Pools.fixed("queue-executor", concurrency);
            OperationQueue queue = RunnerBudget
                .apply(budget, OperationQueue.builder().name("dispatch").executor(pool))
                .build();
            queue.start(concurrency);
            return new DispatchTarget(queue::enqueue, () -> {
                queue.stop(STOP_PATIENCE).join();
                Pools.close(pool);
            });
        }
    },

    /** A {@link ThreadPoolExecutor} with {@code concurrency} threads, as {@code newFixedThreadPool} builds. */
    THREAD_POOL_EXECUTOR {
        @Override
        DispatchTarget start(int concurrency, String budget) {
            ThreadPoolExecutor pool = Pools.fixed("thread-pool", concurrency);
            return new DispatchTarget(pool::execute, () -> Pools.close(pool));
        }
    },

    /** Spring's {@link ThreadPoolTaskExecutor}: core and maximum {@code concurrency}, unbounded queue. */
    SPRING_TASK_EXECUTOR {
        @Override
        DispatchTarget start(int concurrency, String budget) {
            ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
            executor.setCorePoolSize(concurrency);
            executor.setMaxPoolSize(concurrency);
            executor.setThreadNamePrefix("spring-task-");
            executor.setDaemon(true);
            executor.setWaitForTasksToCompleteOnShutdown(true);
            executor.setAwaitTerminationSeconds(30);
            executor.initialize();
            return new DispatchTarget(executor::execute, executor::shutdown);
        }
    };

    private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);

    /**
     * Starts this dispatcher.
     *
     * @param concurrency runners and threads
     * @param budget the queue's runner budget (see {@link RunnerBudget}); peers have none
     */
    abstract DispatchTarget start(int concurrency, String budget);
}
