package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.QueuedOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A runner that has used its budget gives its thread back only when other tasks wait for one. The
 * starter hands queues Spring's {@code ThreadPoolTaskExecutor}, not its pool (its {@code execute}
 * applies the application's {@code TaskDecorator}), so the queue learns from the starter whether tasks
 * wait in that pool's queue.
 */
@Timeout(30)
class ExecutorTasksWaitingTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final int BACKLOG = 1_000;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(TaskExecutionAutoConfiguration.class, OperationQueueAutoConfiguration.class))
        .withUserConfiguration(DecoratedPoolConfiguration.class)
        .withPropertyValues("operation-queue.queues.jobs.runners=1", "operation-queue.queues.jobs.budget=10",
                "operation-queue.queues.jobs.executor=jobsExecutor");

    @Test
    void aRunnerOnAThreadPoolTaskExecutorWithNothingQueuedKeepsItsThreadAndItsTaskDecorator() {
        this.contextRunner.run((context) -> {
            OperationQueue queue = context.getBean(OperationQueue.class);
            DecoratedPoolConfiguration pool = context.getBean(DecoratedPoolConfiguration.class);
            queue.pause();
            assertThat(queue.whenIdle()).succeedsWithin(TIMEOUT);
            AtomicLong performed = new AtomicLong();
            for (int i = 0; i < BACKLOG; i++) {
                queue.enqueue(QueuedOperation.of(() -> {
                    performed.incrementAndGet();
                    pool.seenOnDecoratedThreads.add(DecoratedPoolConfiguration.DECORATED.get());
                }));
            }
            // Enqueues during the pause may still wake the runner (it parks again at once): wait until
            // those dispatches have run, so that the count below sees the resume's alone.
            ThreadPoolTaskExecutor jobsExecutor = context.getBean("jobsExecutor", ThreadPoolTaskExecutor.class);
            await().atMost(TIMEOUT)
                .until(() -> jobsExecutor.getThreadPoolExecutor().getQueue().isEmpty()
                        && jobsExecutor.getActiveCount() == 0);
            int dispatchesBefore = pool.decorated.get();

            queue.resume();
            assertThat(queue.whenIdle()).succeedsWithin(TIMEOUT);

            assertThat(performed).hasValue(BACKLOG);
            assertThat(pool.decorated.get() - dispatchesBefore)
                .as("tasks the TaskDecorator saw for %d operations with budget 10 and no other task queued: "
                        + "the resume's dispatch only, no self-dispatch per budget", BACKLOG)
                .isEqualTo(1);
            assertThat(pool.seenOnDecoratedThreads).as("every operation ran inside the TaskDecorator")
                .hasSize(BACKLOG)
                .containsOnly(Boolean.TRUE);
        });
    }

    @Test
    void tellsWhetherTasksWaitInTheQueueOfAThreadPoolTaskExecutor() throws Exception {
        ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
        pool.setCorePoolSize(1);
        pool.setMaxPoolSize(1);
        assertThat(ExecutorTasksWaiting.of(pool).getAsBoolean()).as("a pool not initialized yet").isTrue();
        pool.initialize();
        try {
            assertThat(ExecutorTasksWaiting.of(pool).getAsBoolean()).isFalse();
            CountDownLatch release = new CountDownLatch(1);
            pool.execute(() -> awaitQuietly(release));
            pool.execute(() -> {
            });
            assertThat(ExecutorTasksWaiting.of(pool).getAsBoolean()).as("one task waits behind a busy thread")
                .isTrue();
            release.countDown();
        }
        finally {
            pool.shutdown();
        }
        SimpleAsyncTaskExecutor simple = new SimpleAsyncTaskExecutor();
        assertThat(ExecutorTasksWaiting.of(simple)).as("an executor that cannot tell").isNull();
        Executor plain = Runnable::run;
        assertThat(ExecutorTasksWaiting.of(plain)).isNull();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DecoratedPoolConfiguration {

        static final ThreadLocal<Boolean> DECORATED = ThreadLocal.withInitial(() -> Boolean.FALSE);

        final AtomicInteger decorated = new AtomicInteger();

        final List<Boolean> seenOnDecoratedThreads = new CopyOnWriteArrayList<>();

        @Bean
        ThreadPoolTaskExecutor jobsExecutor() {
            ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
            pool.setCorePoolSize(1);
            pool.setMaxPoolSize(1);
            pool.setThreadNamePrefix("jobs-");
            pool.setTaskDecorator((task) -> {
                this.decorated.incrementAndGet();
                return () -> {
                    DECORATED.set(Boolean.TRUE);
                    try {
                        task.run();
                    }
                    finally {
                        DECORATED.remove();
                    }
                };
            });
            return pool;
        }
    }
}
