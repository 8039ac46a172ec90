package io.github.operationqueue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.operationqueue.testing.ManualExecutor;
import io.github.operationqueue.testing.Operations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * The edges where a queue used to lose work, jam or flood its log: an interrupt left behind, an
 * executor that throws an {@link Error}, extreme drain timeouts, enqueues refused at stop, listener
 * order, repeated stops, depths beyond {@code int}, and floods of failures. The queue's log is
 * captured (and kept off the console) so that tests can read what it says.
 */
@Timeout(10)
class OperationQueueEdgeTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ManualExecutor executor = new ManualExecutor();

    private final Operations operations = new Operations();

    private final CapturedQueueLog logs = new CapturedQueueLog();

    @BeforeEach
    void captureLogs() {
        this.logs.capture();
    }

    @AfterEach
    void releaseLogs() {
        this.logs.release();
    }

    @Nested
    class InterruptStatus {

        @Test
        void anInterruptLeftByOneOperationDoesNotReachTheNext() throws Exception {
            ExecutorService oneThread = Executors.newSingleThreadExecutor();
            try {
                OperationQueue queue = OperationQueue.builder().name("interrupts").executor(oneThread).build();
                queue.enqueue(QueuedOperation.of(() -> Thread.currentThread().interrupt()));
                CompletableFuture<String> next = queue.submitBlocking(() -> {
                    Thread.sleep(10);
                    return "slept";
                });

                // Both were queued before the runner started: one dispatch performs them on one thread.
                queue.start(1);

                assertThat(next).succeedsWithin(TIMEOUT).isEqualTo("slept");
                queue.stop().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            finally {
                oneThread.shutdownNow();
            }
        }

        @Test
        void theThreadThatRanTheRunnerGetsItsOwnInterruptStatusBack() {
            OperationQueue queue = OperationQueue.builder().name("caller-runs").executor(Runnable::run).build();
            queue.start(1);
            AtomicInteger interruptedInPerform = new AtomicInteger();

            Thread.currentThread().interrupt();
            queue.enqueue(QueuedOperation.of(() -> {
                if (Thread.currentThread().isInterrupted()) {
                    interruptedInPerform.incrementAndGet();
                }
            }));

            assertThat(Thread.interrupted()).as("the caller's own interrupt is kept").isTrue();
            assertThat(interruptedInPerform).as("the operation does not see the caller's interrupt").hasValue(0);
            assertThat(queue.stats().completed()).isEqualTo(1);
        }

        @Test
        void anInterruptLeftByTheStartedListenerDoesNotReachTheOperation() {
            OperationQueue queue = OperationQueue.builder().name("interrupting-listener").executor(Runnable::run).build();
            queue.addListener(new OperationQueueListener() {
                @Override
                public void started(String name, Duration waited) {
                    Thread.currentThread().interrupt();
                }
            });
            queue.start(1);

            CompletableFuture<Boolean> interruptedInPerform =
                    queue.submitBlocking(() -> Thread.currentThread().isInterrupted());

            assertThat(interruptedInPerform).succeedsWithin(TIMEOUT).isEqualTo(false);
            assertThat(Thread.interrupted()).as("the caller was not interrupted, so gets no interrupt back").isFalse();
        }
    }

    @Nested
    class ExecutorErrors {

        private final AtomicInteger errorsLeft = new AtomicInteger();

        private final Executor throwingOnce = (task) -> {
            if (this.errorsLeft.getAndDecrement() > 0) {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory (test)");
            }
            executor.execute(task);
        };

        private final OperationQueue queue = OperationQueue.builder().name("oom").executor(this.throwingOnce).build();

        @Test
        void anErrorFromTheExecutorNeitherReachesTheEnqueuerNorStrandsTheRunner() throws Exception {
            this.queue.start(1);
            executor.runAll();
            assertThat(this.queue.stats().waitingRunners()).isEqualTo(1);
            this.errorsLeft.set(1);

            CompletableFuture<Integer> outcome = new CompletableFuture<>();
            assertThatNoException().isThrownBy(() -> this.queue.submitBlocking(() -> 7).whenComplete((value, failure) -> {
                if (failure != null) {
                    outcome.completeExceptionally(failure);
                }
                else {
                    outcome.complete(value);
                }
            }));

            await().atMost(TIMEOUT).until(() -> executor.queued() > 0);
            executor.runAll();
            assertThat(outcome).isCompletedWithValue(7);
            assertThat(this.queue.stats().rejections()).isEqualTo(1);
            CompletableFuture<Void> stopped = this.queue.stop();
            executor.runAll();
            assertThat(stopped).isDone();
        }

        @Test
        void anErrorFromTheExecutorWhenAPendingStageCompletesIsLoggedAndTheRunnerGoesOn() {
            this.queue.start(1);
            this.queue.enqueue(operations.pending(0));
            this.queue.enqueue(operations.immediate(1));
            executor.runAll();
            assertThat(operations.started()).containsExactly(0);
            this.errorsLeft.set(1);

            // The stage completes on this thread, which then hands the runner to the executor.
            operations.complete(0);

            await().atMost(TIMEOUT).until(() -> executor.queued() > 0);
            executor.runAll();
            assertThat(operations.started()).containsExactly(0, 1);
            assertThat(logs.list).anySatisfy((event) -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).startsWith("oom: ").contains("runner dispatch");
                assertThat(event.getThrowableProxy().getClassName()).isEqualTo(OutOfMemoryError.class.getName());
            });
        }
    }

    @Nested
    class ExecutorsThatAreNotExecutorServices {

        private final AtomicBoolean shutDown = new AtomicBoolean();

        private final Executor closable = (task) -> {
            if (this.shutDown.get()) {
                throw new RejectedExecutionException("closed (test)");
            }
            executor.execute(task);
        };

        @Test
        void aShutdownTheBuilderWasToldHowToSeeStopsTheQueueAndReportsWhatIsLeft() {
            OperationQueue queue = OperationQueue.builder().name("closable").executor(this.closable, this.shutDown::get)
                .build();
            queue.start(1);
            executor.runAll();
            this.shutDown.set(true);

            CompletableFuture<Integer> outcome = queue.submitBlocking(() -> 1);

            assertThat(queue.stop()).succeedsWithin(TIMEOUT);
            assertThat(outcome).failsWithin(TIMEOUT).withThrowableThat().withCauseInstanceOf(QueueStoppedException.class);
            OperationQueueStats stats = queue.stats();
            assertThat(stats.abandoned()).isEqualTo(1);
            assertThat(stats.rejections()).isEqualTo(1);
            assertThat(stats.stoppedRunners()).isEqualTo(1);
        }

        @Test
        void aShutdownCheckThatThrowsIsTakenForNoAndTheRunnerIsRetried() {
            AtomicBoolean rejectOnce = new AtomicBoolean(true);
            OperationQueue queue = OperationQueue.builder().name("unsure").executor((task) -> {
                if (rejectOnce.getAndSet(false)) {
                    throw new RejectedExecutionException("busy (test)");
                }
                executor.execute(task);
            }, () -> {
                throw new IllegalStateException("not initialized");
            }).build();
            queue.start(1);

            CompletableFuture<Integer> outcome = queue.submitBlocking(() -> 1);

            await().atMost(TIMEOUT).until(() -> executor.queued() > 0);
            executor.runAll();
            assertThat(outcome).isCompletedWithValue(1);
            assertThat(queue.stats().stopped()).isFalse();
        }
    }

    @Nested
    class StopWithATimeout {

        @Test
        void aTimeoutTooLongForNanosecondsIsAccepted() {
            OperationQueue queue = OperationQueue.builder().name("forever").executor(executor).build();
            queue.start(1);
            queue.enqueue(operations.pending(0));
            executor.runAll();

            CompletableFuture<Void> stopped = queue.stop(ChronoUnit.FOREVER.getDuration());

            assertThat(stopped).isNotDone();
            operations.complete(0);
            executor.runAll();
            assertThat(stopped).isDone();
            assertThat(queue.stats().abandoned()).isZero();
        }

        @Test
        void aDrainThatFinishesEarlyLeavesNothingBehindThatKeepsTheQueueReachable() {
            OperationQueue queue = OperationQueue.builder().name("short-lived").executor(executor).build();
            queue.start(1);
            queue.enqueue(operations.pending(0));
            executor.runAll();
            CompletableFuture<Void> stopped = queue.stop(Duration.ofHours(1));
            operations.complete(0);
            executor.runAll();
            assertThat(stopped).isDone();

            WeakReference<OperationQueue> reference = new WeakReference<>(queue);
            queue = null;
            stopped = null;

            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
                System.gc();
                return reference.get() == null;
            });
        }
    }

    @Nested
    class RefusedEnqueues {

        @Test
        void enqueuesWaitingForRoomWhenTheQueueStopsAreCountedAsRefused() {
            OperationQueue queue = OperationQueue.builder().name("full").executor(executor).capacity(1).build();
            queue.enqueue(operations.immediate(0));
            CompletableFuture<Void> waiting = queue.enqueue(operations.immediate(1));
            CompletableFuture<Integer> submitted = queue.submitBlocking(() -> 2);

            queue.stop();

            assertThat(waiting).isCompletedExceptionally();
            assertThat(submitted).isCompletedExceptionally();
            OperationQueueStats stats = queue.stats();
            assertThat(stats.refused()).isEqualTo(2);
            assertThat(stats.awaitingRoom()).isZero();
            assertThat(stats.enqueued()).isEqualTo(1);
            assertThat(stats.finished()).as("refused enqueues were never accepted").isEqualTo(1);
        }

        @Test
        void anEnqueueAfterStopIsToldAtOnceAndNotCountedAsRefused() {
            OperationQueue queue = OperationQueue.builder().name("closed").executor(executor).build();
            queue.stop();

            assertThat(queue.enqueue(operations.immediate(0))).isCompletedExceptionally();
            assertThat(queue.stats().refused()).isZero();
        }
    }

    @Nested
    class Listening {

        @Test
        void aListenerHearsEnqueuedBeforeStartedForTheSameOperation() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch firstMayFinish = new CountDownLatch(1);
                CountDownLatch secondStarted = new CountDownLatch(1);
                List<String> events = new CopyOnWriteArrayList<>();
                OperationQueueListener slowToHearTheSecondEnqueue = new OperationQueueListener() {
                    @Override
                    public void enqueued(String queue) {
                        if (events.contains("enqueued 1")) {
                            // The busy runner is let go and given every chance to start the second
                            // operation before this callback returns.
                            firstMayFinish.countDown();
                            awaitQuietly(secondStarted, Duration.ofMillis(300));
                            events.add("enqueued 2");
                        }
                        else {
                            events.add("enqueued 1");
                        }
                    }

                    @Override
                    public void started(String queue, Duration waited) {
                        events.add(events.contains("started 1") ? "started 2" : "started 1");
                        if (events.contains("started 2")) {
                            secondStarted.countDown();
                        }
                    }
                };
                OperationQueue queue = OperationQueue.builder().name("ordered").executor(pool)
                    .listener(slowToHearTheSecondEnqueue).build();
                queue.start(1);
                queue.enqueue(QueuedOperation.of(() -> awaitQuietly(firstMayFinish, TIMEOUT)));
                await().atMost(TIMEOUT).until(() -> events.contains("started 1"));

                queue.enqueue(QueuedOperation.of(() -> {
                }));

                await().atMost(TIMEOUT).until(() -> events.size() == 4);
                assertThat(events).containsExactly("enqueued 1", "started 1", "enqueued 2", "started 2");
                queue.stop().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class RepeatedStop {

        @Test
        void everyCallToStopReturnsTheSameFutureThatNoCallerCanCompleteOrCancel() {
            OperationQueue queue = OperationQueue.builder().name("draining").executor(executor).build();
            queue.start(1);
            queue.enqueue(operations.pending(0));
            executor.runAll();

            CompletableFuture<Void> first = queue.stop();
            CompletableFuture<Void> second = queue.stop();
            CompletableFuture<Void> bounded = queue.stop(Duration.ofMinutes(1));

            assertThat(second).isSameAs(first).isSameAs(bounded);
            assertThat(first.cancel(true)).isFalse();
            assertThatException().isThrownBy(() -> first.complete(null))
                .isInstanceOf(UnsupportedOperationException.class)
                .withMessageContaining("copy()");
            assertThat(first).isNotDone();
            CompletableFuture<Void> mine = first.copy();
            assertThat(mine.cancel(true)).isTrue();
            assertThat(first).isNotDone();
            operations.complete(0);
            executor.runAll();
            assertThat(first).isCompletedWithValue(null);
        }
    }

    @Nested
    class Depth {

        @Test
        void statsReportADepthBeyondTheRangeOfAnInt() {
            OperationQueue queue = OperationQueue.builder().name("deep").executor(executor).build();
            long beyondInt = Integer.MAX_VALUE + 10L;
            queue.admission.slots.set(Admission.RESERVED, beyondInt);

            assertThat(queue.stats().depth()).isEqualTo(beyondInt);
        }
    }

    @Nested
    class FailureLogging {

        @Test
        void aFloodOfFailuresLogsTheFirstOfEachCauseWithItsTraceAndThenCounts() {
            OperationQueue queue = OperationQueue.builder().name("mail").executor(executor).build();
            queue.start(1);
            for (int i = 0; i < 100; i++) {
                queue.enqueue(QueuedOperation.of(() -> {
                    throw new IllegalStateException("mail server down");
                }));
            }
            for (int i = 0; i < 50; i++) {
                queue.enqueue(() -> CompletableFuture.failedFuture(new IOException("connection reset")));
            }
            executor.runAll();

            assertThat(logs.list).hasSize(2).allSatisfy((event) -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).startsWith("mail: operation ");
                assertThat(event.getThrowableProxy()).isNotNull();
            });
            assertThat(logs.list).extracting((event) -> event.getThrowableProxy().getClassName())
                .containsExactly(IllegalStateException.class.getName(), IOException.class.getName());

            queue.stop();
            executor.runAll();

            assertThat(logs.list).filteredOn((event) -> event.getThrowableProxy() == null)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy((message) -> assertThat(message).startsWith("mail: 99 more operations failed with "
                        + IllegalStateException.class.getName()))
                .anySatisfy((message) -> assertThat(message).startsWith("mail: 49 more operations failed with "
                        + IOException.class.getName()));
            assertThat(queue.stats().failed()).isEqualTo(150);
        }

        @Test
        void countsAreLoggedWhenTheIntervalEndsEvenIfNoFailureFollows() {
            OperationQueue queue = OperationQueue.builder().name("mail").executor(executor)
                .failureLogInterval(Duration.ofMillis(100)).build();
            queue.start(1);
            for (int i = 0; i < 3; i++) {
                queue.enqueue(QueuedOperation.of(() -> {
                    throw new IllegalStateException("mail server down");
                }));
            }
            executor.runAll();

            // Usually one line with a trace and "2 more"; a machine slow enough to spread the three
            // failures over two intervals logs two traces and "1 more". Either way the timer, not a
            // later failure, logs the count, and every failure is accounted for.
            await().atMost(TIMEOUT).untilAsserted(() -> {
                assertThat(logs.list).filteredOn((event) -> event.getThrowableProxy() == null)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .allSatisfy((message) -> assertThat(message).matches("mail: \\d+ more operations failed with "
                            + IllegalStateException.class.getName().replace(".", "\\.") + " .*"))
                    .isNotEmpty();
                assertThat(accountedFailures()).isEqualTo(3);
            });
        }

        private long accountedFailures() {
            return logs.list.stream().mapToLong((event) -> {
                if (event.getThrowableProxy() != null) {
                    return 1;
                }
                String message = event.getFormattedMessage();
                return Long.parseLong(message.substring("mail: ".length(), message.indexOf(" more")));
            }).sum();
        }

        @Test
        void theLevelAndIntervalAreTunable() {
            OperationQueue queue = OperationQueue.builder().name("mail").executor(executor)
                .failureLogLevel(org.slf4j.event.Level.ERROR)
                .failureLogInterval(Duration.ZERO)
                .build();
            queue.start(1);
            for (int i = 0; i < 3; i++) {
                queue.enqueue(QueuedOperation.of(() -> {
                    throw new IllegalStateException("mail server down");
                }));
            }
            executor.runAll();

            assertThat(logs.list).hasSize(3).allSatisfy((event) -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
            });
        }

        @Test
        void aLambdaIsNamedByTheClassThatWroteItNeverByItsGeneratedClass() {
            OperationQueue queue = OperationQueue.builder().name("mail").executor(executor).build();
            queue.start(1);
            queue.enqueue(() -> {
                throw new IllegalStateException("mail server down");
            });
            queue.enqueue(QueuedOperation.of(this::failToSend));
            executor.runAll();

            assertThat(logs.list).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage)
                .satisfies((message) -> assertThat(message)
                    .contains("mail: operation (lambda in " + FailureLogging.class.getName() + ") failed")
                    .doesNotContain("$$Lambda"));
        }

        @Test
        void aNegativeIntervalIsRejectedByName() {
            assertThatException().isThrownBy(() -> OperationQueue.builder().failureLogInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .withMessageContaining("failureLogInterval");
        }

        private void failToSend() {
            throw new IllegalStateException("mail server down");
        }
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
