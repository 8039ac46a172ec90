package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueueStats;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A finding of the review of issue 8 that is still open: a queue on a {@code ThreadPoolTaskScheduler}
 * cannot drain when its context closes.
 */
@Timeout(30)
class ExecutorShutdownReviewTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * A {@code ThreadPoolTaskScheduler} with Spring's defaults shuts its pool down when the context
     * publishes {@code ContextClosedEvent}, before any {@code SmartLifecycle} stops: the queue's
     * drain then finds its executor shut down (which it now recognises) and abandons what is queued
     * instead of performing it within its drain-timeout.
     */
    @Test
    @Disabled("finding 2: a ThreadPoolTaskScheduler shuts down on ContextClosedEvent, before the queue's drain")
    void aQueueOnAThreadPoolTaskSchedulerDrainsWhenItsContextCloses() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OperationQueueAutoConfiguration.class))
            .withUserConfiguration(JobsSchedulerConfiguration.class)
            .withPropertyValues("operation-queue.queues.jobs.runners=4",
                    "operation-queue.queues.jobs.executor=jobsScheduler",
                    "operation-queue.queues.jobs.drain-timeout=10s")
            .run((context) -> {
                OperationQueue queue = context.getBean(OperationQueue.class);
                Executor later = CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS);
                for (int i = 0; i < 400; i++) {
                    // Asynchronous: each completion hands its runner back to the executor.
                    queue.enqueue(() -> CompletableFuture.runAsync(() -> {
                    }, later));
                }
                await().atMost(TIMEOUT).until(() -> queue.stats().completed() >= 20);

                context.close();

                OperationQueueStats stats = queue.stats();
                assertThat(stats.stopped()).isTrue();
                assertThat(stats.abandoned()).as("operations abandoned although the drain had time").isZero();
                assertThat(stats.completed()).isEqualTo(400);
            });
    }

    @Configuration(proxyBeanMethods = false)
    static class JobsSchedulerConfiguration {

        @Bean
        ThreadPoolTaskScheduler jobsScheduler() {
            ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
            scheduler.setPoolSize(2);
            scheduler.setThreadNamePrefix("jobs-");
            return scheduler;
        }
    }
}
