package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueueStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A configured queue whose Spring executor shuts down while the queue still needs it: the queue
 * must see the shutdown, stop and report what it could not perform, not retry the executor every
 * second forever.
 */
@Timeout(30)
class ExecutorShutdownTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(TaskExecutionAutoConfiguration.class, OperationQueueAutoConfiguration.class))
        .withUserConfiguration(JobsExecutorConfiguration.class)
        .withPropertyValues("operation-queue.queues.jobs.runners=4", "operation-queue.queues.jobs.executor=jobsExecutor");

    @Test
    void aQueueWhoseThreadPoolTaskExecutorShutsDownUnderLoadStopsAndReportsWhatIsLeft() {
        this.contextRunner.run((context) -> {
            OperationQueue queue = context.getBean(OperationQueue.class);
            ThreadPoolTaskExecutor jobsExecutor = context.getBean("jobsExecutor", ThreadPoolTaskExecutor.class);
            Executor later = CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS);
            for (int i = 0; i < 400; i++) {
                // Asynchronous: each completion hands its runner back to the executor.
                queue.enqueue(() -> CompletableFuture.runAsync(() -> {
                }, later));
            }
            await().atMost(TIMEOUT).until(() -> queue.stats().completed() >= 20);

            jobsExecutor.shutdown();

            assertThat(queue.stop()).succeedsWithin(TIMEOUT);
            OperationQueueStats stats = queue.stats();
            assertThat(stats.abandoned()).as("operations the shut-down executor could not perform").isPositive();
            assertThat(stats.finished()).isEqualTo(stats.enqueued()).isEqualTo(400);
            assertThat(stats.liveRunners()).isZero();
        });
    }

    @Test
    void seesTheShutdownOfEverySpringExecutorItKnows() {
        ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
        assertThat(ExecutorShutdownCheck.of(pool).getAsBoolean()).as("a pool not initialized yet").isFalse();
        pool.initialize();
        assertThat(ExecutorShutdownCheck.of(pool).getAsBoolean()).isFalse();
        pool.shutdown();
        assertThat(ExecutorShutdownCheck.of(pool).getAsBoolean()).isTrue();

        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        assertThat(ExecutorShutdownCheck.of(scheduler).getAsBoolean()).isFalse();
        scheduler.shutdown();
        assertThat(ExecutorShutdownCheck.of(scheduler).getAsBoolean()).isTrue();

        SimpleAsyncTaskExecutor simple = new SimpleAsyncTaskExecutor();
        assertThat(ExecutorShutdownCheck.of(simple).getAsBoolean()).isFalse();
        simple.close();
        assertThat(ExecutorShutdownCheck.of(simple).getAsBoolean()).isTrue();

        ExecutorService service = Executors.newSingleThreadExecutor();
        ConcurrentTaskExecutor concurrent = new ConcurrentTaskExecutor(service);
        assertThat(ExecutorShutdownCheck.of(concurrent).getAsBoolean()).isFalse();
        service.shutdown();
        assertThat(ExecutorShutdownCheck.of(concurrent).getAsBoolean()).isTrue();
        assertThat(ExecutorShutdownCheck.of(service).getAsBoolean()).isTrue();

        assertThat(ExecutorShutdownCheck.of(Runnable::run).getAsBoolean()).as("an executor of unknown kind").isFalse();
    }

    @Configuration(proxyBeanMethods = false)
    static class JobsExecutorConfiguration {

        @Bean
        ThreadPoolTaskExecutor jobsExecutor() {
            ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
            executor.setCorePoolSize(2);
            executor.setThreadNamePrefix("jobs-");
            // Tasks it accepted still run after the shutdown: the queue loses no runner, and
            // only new dispatches are rejected.
            executor.setWaitForTasksToCompleteOnShutdown(true);
            return executor;
        }
    }
}
