package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueueStats;
import io.github.operationqueue.QueuedOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class OperationQueueLifecycleTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class,
                TaskExecutionAutoConfiguration.class, OperationQueueAutoConfiguration.class))
        .withPropertyValues("operation-queue.queues.remote-service.runners=1");

    @Test
    void drainsAfterTheWebServersGracefulShutdownAndBeforeTheWebServerAndExecutorsStop() {
        // Spring stops the higher phase first.
        assertThat(OperationQueueLifecycle.PHASE)
            .isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE)
            .isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
            .isGreaterThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
            .isGreaterThan(ExecutorConfigurationSupport.DEFAULT_PHASE)
            .isLessThan(SmartLifecycle.DEFAULT_PHASE);
    }

    @Test
    void performsAcceptedOperationsWhenTheContextCloses() {
        this.contextRunner.run((context) -> {
            OperationQueue queue = context.getBean(OperationQueue.class);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger performed = new AtomicInteger();
            queue.enqueue(blockUntil(release, performed));
            for (int i = 0; i < 20; i++) {
                queue.enqueue(QueuedOperation.of(performed::incrementAndGet));
            }
            CompletableFuture<Void> closed = closeInBackground(context);
            await().atMost(TIMEOUT).until(() -> queue.stats().stopped());
            assertThat(queue.enqueue(QueuedOperation.of(performed::incrementAndGet)))
                .as("nothing new is accepted once the drain began")
                .failsWithin(TIMEOUT);
            assertThat(closed).isNotDone();
            release.countDown();
            assertThat(closed).succeedsWithin(TIMEOUT);
            assertThat(performed).hasValue(21);
            OperationQueueStats stats = queue.stats();
            assertThat(stats.completed()).isEqualTo(21);
            assertThat(stats.abandoned()).isZero();
            assertThat(stats.stoppedRunners()).isEqualTo(1);
        });
    }

    @Test
    void abandonsWhatIsLeftWhenTheDrainTimeoutElapses() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.drain-timeout=100ms")
            .run((context) -> {
                OperationQueue queue = context.getBean(OperationQueue.class);
                CountDownLatch release = new CountDownLatch(1);
                AtomicInteger performed = new AtomicInteger();
                queue.enqueue(blockUntil(release, performed));
                CompletableFuture<Integer> fourth = null;
                for (int i = 0; i < 4; i++) {
                    fourth = queue.submitBlocking(performed::incrementAndGet);
                }
                CompletableFuture<Void> closed = closeInBackground(context);
                await().atMost(TIMEOUT).until(() -> queue.stats().abandoned() == 4);
                assertThat(fourth).failsWithin(TIMEOUT);
                release.countDown();
                assertThat(closed).succeedsWithin(TIMEOUT);
                assertThat(performed).as("only the running operation was performed").hasValue(1);
                assertThat(queue.stats().completed()).isEqualTo(1);
            });
    }

    @Test
    void reportsTheEnqueuesRefusedWhileTheyWaitedForRoom(CapturedOutput output) {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.capacity=1").run((context) -> {
            OperationQueue queue = context.getBean(OperationQueue.class);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger performed = new AtomicInteger();
            queue.enqueue(blockUntil(release, performed));
            await().atMost(TIMEOUT).until(() -> queue.stats().runningRunners() == 1);
            queue.enqueue(QueuedOperation.of(performed::incrementAndGet));
            List<CompletableFuture<Void>> waiting = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                waiting.add(queue.enqueue(QueuedOperation.of(performed::incrementAndGet)));
            }
            assertThat(waiting).noneMatch(CompletableFuture::isDone);

            CompletableFuture<Void> closed = closeInBackground(context);
            await().atMost(TIMEOUT).until(() -> queue.stats().stopped());
            release.countDown();

            assertThat(closed).succeedsWithin(TIMEOUT);
            assertThat(waiting).allMatch(CompletableFuture::isCompletedExceptionally);
            assertThat(performed).hasValue(2);
            assertThat(output).doesNotContain("every accepted operation was performed");
            assertThat(queue.stats().refused()).isEqualTo(5);
        });
    }

    @Test
    void leavesTheShutdownPhaseTimeoutToSpringAndWarnsAtStartupWhenADrainTimeoutExceedsIt(CapturedOutput output) {
        this.contextRunner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=200ms",
                "operation-queue.queues.remote-service.drain-timeout=20s")
            .run((context) -> {
                assertThat(output).contains("remote-service: drain-timeout 20s exceeds "
                        + "spring.lifecycle.timeout-per-shutdown-phase (200ms)")
                    .contains("set spring.lifecycle.timeout-per-shutdown-phase to at least 20s");
                OperationQueue queue = context.getBean(OperationQueue.class);
                CountDownLatch release = new CountDownLatch(1);
                AtomicInteger performed = new AtomicInteger();
                queue.enqueue(blockUntil(release, performed));
                CompletableFuture<Void> closed = closeInBackground(context);
                try {
                    // Spring gives up on the phase after 200ms, as it does for any lifecycle.
                    assertThat(closed).succeedsWithin(Duration.ofSeconds(5));
                }
                finally {
                    release.countDown();
                }
            });
    }

    @Test
    void saysNothingWhenEveryDrainFitsTheShutdownPhase(CapturedOutput output) {
        this.contextRunner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=40s")
            .run((context) -> assertThat(output).doesNotContain("exceeds spring.lifecycle.timeout-per-shutdown-phase"));
    }

    @Test
    void stopsAQueueThatNeverStartedAndReportsWhatItHeld() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote-service.auto-start=false")
            .run((context) -> {
                OperationQueue queue = context.getBean(OperationQueue.class);
                CompletableFuture<Object> held = queue.submitBlocking(() -> "never performed");
                context.close();
                assertThat(held).failsWithin(TIMEOUT);
                assertThat(queue.stats().stopped()).isTrue();
                assertThat(queue.stats().abandoned()).isEqualTo(1);
            });
    }

    @Test
    void isNotRunningBeforeTheContextStartsNorAfterItStops() {
        this.contextRunner.run((context) -> {
            OperationQueueLifecycle lifecycle = context.getBean(OperationQueueLifecycle.class);
            assertThat(lifecycle.isRunning()).isTrue();
            assertThat(lifecycle.isPauseable()).isFalse();
            context.stop();
            assertThat(lifecycle.isRunning()).isFalse();
            assertThat(context.getBean(OperationQueue.class).stats().stopped()).isTrue();
        });
    }

    /** Shared with {@link OperationQueueShutdownLogTests}. */
    static QueuedOperation blockUntil(CountDownLatch release, AtomicInteger performed) {
        return QueuedOperation.of(() -> {
            try {
                if (!release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("not released in time");
                }
                performed.incrementAndGet();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        });
    }

    /** Shared with {@link OperationQueueShutdownLogTests}. */
    static CompletableFuture<Void> closeInBackground(AssertableApplicationContext context) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Thread closer = new Thread(() -> {
            context.close();
            closed.complete(null);
        }, "context-closer");
        closer.start();
        return closed;
    }

}
