package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.QueuedOperation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a shutdown logs, read from the queue's and the lifecycle's loggers together: each problem
 * (operations abandoned, enqueues refused) once, on one line that names the queue.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class OperationQueueShutdownLogTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class,
                TaskExecutionAutoConfiguration.class, OperationQueueAutoConfiguration.class))
        .withPropertyValues("operation-queue.queues.remote-service.runners=1");

    private final CapturedShutdownLog log = new CapturedShutdownLog();

    @BeforeEach
    void capture() {
        this.log.capture();
    }

    @AfterEach
    void release() {
        this.log.release();
    }

    @Test
    void logsOperationsAbandonedAtTheDrainTimeoutOnce() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.drain-timeout=100ms")
            .run((context) -> {
                OperationQueue queue = context.getBean(OperationQueue.class);
                CountDownLatch release = new CountDownLatch(1);
                queue.enqueue(OperationQueueLifecycleTests.blockUntil(release, new AtomicInteger()));
                for (int i = 0; i < 4; i++) {
                    queue.enqueue(QueuedOperation.of(() -> { }));
                }
                CompletableFuture<Void> closed = OperationQueueLifecycleTests.closeInBackground(context);
                await().atMost(TIMEOUT).until(() -> queue.stats().abandoned() == 4);
                release.countDown();
                assertThat(closed).succeedsWithin(TIMEOUT);
            });
        assertThat(warnings()).singleElement()
            .asString()
            .contains("remote-service")
            .contains("abandoned 4 accepted operations");
    }

    @Test
    void logsEnqueuesRefusedAtTheStopOnce() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.capacity=1").run((context) -> {
            OperationQueue queue = context.getBean(OperationQueue.class);
            CountDownLatch release = new CountDownLatch(1);
            queue.enqueue(OperationQueueLifecycleTests.blockUntil(release, new AtomicInteger()));
            await().atMost(TIMEOUT).until(() -> queue.stats().runningRunners() == 1);
            queue.enqueue(QueuedOperation.of(() -> { }));
            for (int i = 0; i < 5; i++) {
                queue.enqueue(QueuedOperation.of(() -> { }));
            }
            await().atMost(TIMEOUT).until(() -> queue.stats().awaitingRoom() == 5);
            CompletableFuture<Void> closed = OperationQueueLifecycleTests.closeInBackground(context);
            await().atMost(TIMEOUT).until(() -> queue.stats().stopped());
            release.countDown();
            assertThat(closed).succeedsWithin(TIMEOUT);
        });
        assertThat(warnings()).singleElement()
            .asString()
            .contains("remote-service")
            .contains("refused 5 enqueues");
    }

    @Test
    void logsACleanShutdownOnceAtInfo() {
        this.contextRunner.run((context) -> context.getBean(OperationQueue.class)
            .submit(() -> CompletableFuture.completedFuture("done"))
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        assertThat(warnings()).isEmpty();
        assertThat(this.log.messages(Level.INFO)).singleElement()
            .asString()
            .contains("every accepted operation was performed");
    }

    private List<String> warnings() {
        return this.log.messages(Level.WARN);
    }

}
