package io.github.operationqueue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.operationqueue.testing.ManualExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How an {@link OperationQueue} copes with an executor that throws instead of running its runners,
 * or throws after it has queued them: no runner runs twice, none is lost, and the log stays readable.
 */
@Timeout(20)
class ExecutorFailureTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CapturedQueueLog logs = new CapturedQueueLog();

    @BeforeEach
    void captureLogs() {
        this.logs.capture();
    }

    @AfterEach
    void releaseLogs() {
        this.logs.release();
    }

    /**
     * A {@code ScheduledThreadPoolExecutor} (what Spring's {@code ThreadPoolTaskScheduler} wraps)
     * queues a task before it starts a worker for it; when the thread cannot be created, the Error
     * reaches the caller although the task was accepted and will run on the next worker. The queue
     * takes any Throwable for a rejection and dispatches the runner again: the same runner is then
     * queued twice, parks twice, and its duplicate stops it while it still performs an operation,
     * so {@code stop()} completes before the drain has ended.
     */
    @Test
    void aRunnerTheExecutorAcceptedBeforeThrowingIsNotDispatchedTwice() throws Exception {
        AtomicBoolean failNextThread = new AtomicBoolean(true);
        ThreadFactory threads = (task) -> {
            if (failNextThread.getAndSet(false)) {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory (test)");
            }
            Thread thread = new Thread(task, "accepting-pool");
            thread.setDaemon(true);
            return thread;
        };
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, threads);
        try {
            OperationQueue queue = OperationQueue.builder().name("accepted-then-threw").executor(pool).build();
            queue.start(1);
            // The first dispatch was queued although execute threw; the retry queues it again, and the
            // first worker runs both.
            await().atMost(TIMEOUT).until(() -> pool.getCompletedTaskCount() == 2);
            queue.start(1);
            await().atMost(TIMEOUT).until(() -> pool.getCompletedTaskCount() == 3);

            CountDownLatch performing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> slow = queue.submitBlocking(() -> {
                performing.countDown();
                release.await();
                return "performed";
            });
            assertThat(performing.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> stopped = queue.stop();
            // Everything stop() dispatched has run; only the slow operation's task is still active.
            await().atMost(TIMEOUT).until(() -> pool.getCompletedTaskCount() == pool.getTaskCount() - 1);

            assertThat(stopped).as("the drain cannot end while an operation is performed").isNotDone();
            release.countDown();
            assertThat(slow).succeedsWithin(TIMEOUT).isEqualTo("performed");
            assertThat(stopped).succeedsWithin(TIMEOUT);
            assertThat(queue.stats().stoppedRunners()).isEqualTo(2);
            assertThat(queue.isRunning()).isFalse();
        }
        finally {
            pool.shutdownNow();
        }
    }

    /**
     * Issue 8 asks that a flood of failures log the first of each cause with its trace and then
     * counts. Operation failures do; executor failures do not: every runner logs a WARN, with the
     * full trace for an Error, at the start of each of its rejection streaks.
     */
    @Test
    void anExecutorThatCannotCreateThreadsDoesNotLogATracePerRunner() {
        ManualExecutor manual = new ManualExecutor();
        AtomicInteger errorsLeft = new AtomicInteger(100);
        OperationQueue queue = OperationQueue.builder().name("no-threads").executor((task) -> {
            if (errorsLeft.getAndDecrement() > 0) {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory (test)");
            }
            manual.execute(task);
        }).build();

        queue.start(100);
        await().atMost(TIMEOUT).until(() -> manual.queued() == 100);
        manual.runAll();

        assertThat(queue.stats().rejections()).isEqualTo(100);
        assertThat(queue.stats().waitingRunners()).isEqualTo(100);
        assertThat(this.logs.list).filteredOn((event) -> event.getThrowableProxy() != null)
            .as("stack traces logged for one cause").hasSizeLessThanOrEqualTo(1);
        queue.stop();
    }

    /**
     * A stage that registers the callback and then throws from {@code whenComplete}: the operation
     * fails with what it threw, once, the late completion records nothing more, and the runner goes on.
     */
    @Test
    void aStageThatThrowsAfterTakingTheCallbackFailsItsOperationOnce() {
        ManualExecutor manual = new ManualExecutor();
        OperationQueue queue = OperationQueue.builder().name("throwing-stage").executor(manual).build();
        queue.start(1);
        CompletableFuture<String> late = new CompletableFuture<>();
        CompletableFuture<String> refusing = queue.submit(() -> new RegistersThenThrows(late));
        CompletableFuture<String> next = queue.submitBlocking(() -> "next");
        manual.runAll();

        assertThat(refusing).failsWithin(TIMEOUT).withThrowableThat().havingRootCause()
            .isInstanceOf(AssertionError.class).withMessageContaining("refused after registering");
        assertThat(next).succeedsWithin(TIMEOUT).isEqualTo("next");
        late.complete("late");
        manual.runAll();
        assertThat(queue.stats().finished()).isEqualTo(2);
        assertThat(queue.stats().waitingRunners()).isEqualTo(1);
        assertThat(manual.queued()).isZero();
        queue.stop();
        manual.runAll();
        assertThat(queue.stats().stoppedRunners()).isEqualTo(1);
    }

    /**
     * Asked whether the executor shut down, a supplier that keeps throwing is reported once, not on
     * every retry.
     */
    @Test
    void aShutDownCheckThatThrowsIsReportedOnce() {
        ManualExecutor manual = new ManualExecutor();
        AtomicInteger rejectionsLeft = new AtomicInteger(4);
        OperationQueue queue = OperationQueue.builder().name("unknown-shutdown").executor((task) -> {
            if (rejectionsLeft.getAndDecrement() > 0) {
                throw new RejectedExecutionException("full (test)");
            }
            manual.execute(task);
        }, () -> {
            throw new IllegalStateException("cannot tell (test)");
        }).build();

        queue.start(1);
        await().atMost(TIMEOUT).until(() -> manual.queued() == 1);
        manual.runAll();

        assertThat(queue.stats().rejections()).isEqualTo(4);
        assertThat(this.logs.list).filteredOn((event) -> event.getFormattedMessage().contains("shut down"))
            .hasSize(1);
        queue.stop();
        manual.runAll();
    }

    /** Registers the callback on {@code late}, then throws as a broken stage implementation might. */
    private static final class RegistersThenThrows extends CompletableFuture<String> {

        private final CompletableFuture<String> late;

        RegistersThenThrows(CompletableFuture<String> late) {
            this.late = late;
        }

        @Override
        public CompletableFuture<String> whenComplete(BiConsumer<? super String, ? super Throwable> action) {
            this.late.whenComplete(action);
            throw new AssertionError("refused after registering (test)");
        }
    }
}
