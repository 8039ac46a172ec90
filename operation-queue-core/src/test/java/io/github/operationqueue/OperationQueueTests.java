package io.github.operationqueue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.operationqueue.testing.ManualExecutor;
import io.github.operationqueue.testing.Operations;
import io.github.operationqueue.testing.RecordingListener;
import io.github.operationqueue.testing.RejectingExecutor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Behaviour of {@link OperationQueue} driven step by step through a {@link ManualExecutor}, so
 * that every interleaving is chosen by the test.
 */
@Timeout(10)
class OperationQueueTests {

    private final ManualExecutor executor = new ManualExecutor();

    private final Operations operations = new Operations();

    private final OperationQueue queue = OperationQueue.builder().name("test").executor(this.executor).build();

    @Nested
    class PortedFromTheCrate {

        @Test
        void startedQueueIsRunningAndIdleOnceRunnersWait() {
            queue.start(3);
            assertThat(queue.isRunning()).isTrue();
            assertThat(queue.stats().pendingRunners()).isEqualTo(3);
            assertThat(queue.isIdle()).isFalse();

            executor.runAll();

            assertThat(queue.isIdle()).isTrue();
            assertThat(queue.stats().waitingRunners()).isEqualTo(3);
        }

        @Test
        void stoppedQueueRefusesToStartAndToEnqueue() {
            queue.start(2);
            executor.runAll();

            CompletableFuture<Void> stopped = queue.stop();
            executor.runAll();

            assertThat(stopped).isCompleted();
            assertThat(queue.isRunning()).isFalse();
            assertThat(queue.stats().stoppedRunners()).isEqualTo(2);
            assertThatThrownBy(() -> queue.start(1)).isInstanceOf(QueueStoppedException.class).hasMessageContaining("test");
            assertThat(queue.enqueue(operations.immediate(1))).failsWithin(Duration.ZERO)
                .withThrowableThat()
                .withCauseInstanceOf(QueueStoppedException.class);
        }

        @Test
        void operationsEnqueuedBeforeStartArePerformedInOrderByOneRunner() {
            for (int i = 0; i < 5; i++) {
                assertThat(queue.enqueue(operations.immediate(i))).isCompleted();
            }
            assertThat(operations.started()).isEmpty();

            queue.start(1);
            executor.runAll();

            assertThat(operations.started()).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @Nested
    class Order {

        @Test
        void oneRunnerStartsTheNextOperationOnlyAfterThePreviousStageCompleted() {
            queue.start(1);
            for (int i = 0; i < 3; i++) {
                queue.enqueue(operations.pending(i));
            }
            executor.runAll();
            assertThat(operations.started()).containsExactly(0);

            operations.complete(0);
            executor.runAll();
            assertThat(operations.started()).containsExactly(0, 1);

            operations.complete(1);
            executor.runAll();
            assertThat(operations.started()).containsExactly(0, 1, 2);
        }

        @Test
        void severalRunnersStartOperationsInTheOrderTheyWereAccepted() {
            queue.start(4);
            for (int i = 0; i < 10; i++) {
                queue.enqueue(operations.pending(i));
            }
            executor.runAll();
            assertThat(operations.started()).containsExactly(0, 1, 2, 3);
            assertThat(queue.stats().runningRunners()).isEqualTo(4);

            for (int i = 0; i < 4; i++) {
                operations.complete(i);
            }
            executor.runAll();
            assertThat(operations.started()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        }

        @Test
        void performRunsOnTheExecutorNeverOnTheEnqueuingThread() throws Exception {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                OperationQueue pooled = new OperationQueue(pool);
                pooled.start(1);
                CompletableFuture<Thread> performer = pooled.submitBlocking(Thread::currentThread);
                assertThat(performer.get(5, TimeUnit.SECONDS)).isNotSameAs(Thread.currentThread());
                pooled.stop().get(5, TimeUnit.SECONDS);
            }
            finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class Failures {

        @Test
        void throwingFailedAndNullStagesAreCountedAndTheRunnerGoesOn() {
            queue.start(1);
            queue.enqueue(() -> {
                throw new IOException("cannot connect");
            });
            queue.enqueue(() -> CompletableFuture.failedFuture(new IllegalStateException("refused")));
            queue.enqueue(() -> null);
            queue.enqueue(operations.immediate(42));

            executor.runAll();

            assertThat(operations.started()).containsExactly(42);
            OperationQueueStats stats = queue.stats();
            assertThat(stats.failed()).isEqualTo(3);
            assertThat(stats.completed()).isEqualTo(1);
            assertThat(stats.waitingRunners()).isEqualTo(1);
        }

        @Test
        void submitReportsTheOperationsOwnFailure() {
            queue.start(1);
            CompletableFuture<String> outcome = queue.submit(
                    () -> CompletableFuture.failedFuture(new IllegalStateException("login expired")));
            executor.runAll();

            assertThat(outcome).failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(IllegalStateException.class)
                .withMessage("login expired");
        }

        @Test
        void submitReportsTheOperationsValue() {
            queue.start(1);
            CompletableFuture<String> async = queue.submit(() -> CompletableFuture.completedFuture("async"));
            CompletableFuture<Integer> blocking = queue.submitBlocking(() -> 42);
            executor.runAll();

            assertThat(async).isCompletedWithValue("async");
            assertThat(blocking).isCompletedWithValue(42);
        }

        @Test
        void aListenerThatThrowsBreaksNothing() {
            OperationQueue listened = OperationQueue.builder()
                .executor(executor)
                .listener(new OperationQueueListener() {
                    @Override
                    public void started(String queue, Duration waited) {
                        throw new IllegalStateException("broken listener");
                    }
                })
                .build();
            listened.start(1);
            listened.enqueue(operations.immediate(1));
            executor.runAll();

            assertThat(operations.started()).containsExactly(1);
            assertThat(listened.stats().completed()).isEqualTo(1);
        }
    }

    @Nested
    class ListenersThatThrowErrors {

        // An assertion in a test listener throws AssertionError: an Error, not a RuntimeException.
        private OperationQueue listenedBy(OperationQueueListener listener) {
            return OperationQueue.builder().name("listened").executor(executor).listener(listener).build();
        }

        @Test
        void anErrorFromStartedLosesNeitherTheOperationNorTheRunner() {
            OperationQueue listened = listenedBy(new OperationQueueListener() {
                @Override
                public void started(String queue, Duration waited) {
                    throw new AssertionError("listener assertion");
                }
            });
            listened.start(1);
            listened.enqueue(operations.immediate(1));
            listened.enqueue(operations.immediate(2));

            org.assertj.core.api.Assertions.assertThatCode(executor::runAll).doesNotThrowAnyException();
            CompletableFuture<Void> stopped = listened.stop();
            executor.runAll();

            assertThat(operations.started()).containsExactly(1, 2);
            assertThat(stopped).isCompleted();
            assertThat(listened.stats().completed()).isEqualTo(2);
        }

        @Test
        void anErrorFromCompletedDoesNotStrandTheRunner() {
            OperationQueue listened = listenedBy(new OperationQueueListener() {
                @Override
                public void completed(String queue, Duration duration, Throwable failure) {
                    throw new AssertionError("listener assertion");
                }
            });
            listened.start(1);
            listened.enqueue(operations.pending(0));
            listened.enqueue(operations.immediate(1));
            executor.runAll();

            operations.complete(0);
            executor.runAll();
            CompletableFuture<Void> stopped = listened.stop();
            executor.runAll();

            assertThat(operations.started()).containsExactly(0, 1);
            assertThat(stopped).isCompleted();
        }
    }

    @Nested
    class Stopping {

        @Test
        void stopPerformsEveryAcceptedOperationBeforeRunnersStop() {
            queue.start(2);
            executor.runAll();
            for (int i = 0; i < 6; i++) {
                queue.enqueue(operations.immediate(i));
            }

            CompletableFuture<Void> stopped = queue.stop();
            assertThat(stopped).isNotDone();
            executor.runAll();

            assertThat(stopped).isCompleted();
            assertThat(operations.started()).containsExactly(0, 1, 2, 3, 4, 5);
            OperationQueueStats stats = queue.stats();
            assertThat(stats.completed()).isEqualTo(6);
            assertThat(stats.finished()).isEqualTo(stats.enqueued());
            assertThat(stats.stoppedRunners()).isEqualTo(2);
            assertThat(queue.isIdle()).isFalse();
        }

        @Test
        void stopWaitsForPendingStagesAndIsIdempotent() {
            queue.start(1);
            queue.enqueue(operations.pending(0));
            executor.runAll();

            CompletableFuture<Void> first = queue.stop();
            CompletableFuture<Void> second = queue.stop();
            executor.runAll();
            assertThat(first).isNotDone();
            assertThat(second).isNotDone();

            operations.complete(0);
            executor.runAll();
            assertThat(first).isCompleted();
            assertThat(second).isCompleted();
        }

        @Test
        void stopOnAQueueThatNeverStartedAbandonsWhatItHolds() {
            RecordingListener listener = new RecordingListener();
            queue.addListener(listener);
            CompletableFuture<Integer> outcome = queue.submitBlocking(() -> 1);
            queue.enqueue(operations.immediate(2));

            assertThat(queue.stop()).isCompleted();

            assertThat(outcome).failsWithin(Duration.ZERO)
                .withThrowableThat()
                .withCauseInstanceOf(QueueStoppedException.class);
            assertThat(queue.stats().abandoned()).isEqualTo(2);
            assertThat(listener.events()).endsWith("abandoned test 2");
        }

        @Test
        void stopWithATimeoutAbandonsWhatIsLeftWhenTimeIsUp() throws Exception {
            queue.start(1);
            queue.enqueue(operations.pending(0));
            CompletableFuture<Integer> waiting = queue.submitBlocking(() -> 1);
            executor.runAll();

            CompletableFuture<Void> stopped = queue.stop(Duration.ofMillis(1));

            await().atMost(Duration.ofSeconds(5)).until(() -> queue.stats().abandoned() == 1);
            assertThat(waiting).failsWithin(Duration.ZERO)
                .withThrowableThat()
                .withCauseInstanceOf(QueueStoppedException.class)
                .withMessageContaining("abandoned");
            assertThat(stopped).isNotDone();

            operations.complete(0);
            executor.runAll();
            stopped.get(5, TimeUnit.SECONDS);
            OperationQueueStats stats = queue.stats();
            assertThat(stats.completed() + stats.failed() + stats.abandoned()).isEqualTo(stats.enqueued()).isEqualTo(2);
        }

        @Test
        void stopResumesAPausedQueueToDrainIt() {
            queue.start(1);
            queue.pause();
            queue.enqueue(operations.immediate(1));
            executor.runAll();
            assertThat(operations.started()).isEmpty();

            CompletableFuture<Void> stopped = queue.stop();
            executor.runAll();

            assertThat(operations.started()).containsExactly(1);
            assertThat(stopped).isCompleted();
            queue.pause();
            queue.resume();
            assertThat(queue.isPaused()).isFalse();
        }
    }

    @Nested
    class ExecutorsThatMisbehave {

        @Test
        void runnersShowPendingWhileTheExecutorHasNotRunThem() {
            queue.start(3);
            queue.enqueue(operations.immediate(1));

            assertThat(queue.stats().pendingRunners()).isEqualTo(3);
            executor.runNext();
            assertThat(queue.stats().pendingRunners()).isEqualTo(2);
        }

        @Test
        void aRejectingExecutorLosesNoRunnerAndNoOperation() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                RejectingExecutor rejecting = new RejectingExecutor(pool, 3);
                OperationQueue rejected = OperationQueue.builder().name("rejected").executor(rejecting).build();
                rejected.start(2);
                List<CompletableFuture<Integer>> outcomes = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    int value = i;
                    outcomes.add(rejected.submitBlocking(() -> value));
                }

                CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
                rejected.stop().get(10, TimeUnit.SECONDS);

                OperationQueueStats stats = rejected.stats();
                assertThat(stats.completed()).isEqualTo(20);
                assertThat(stats.rejections()).isEqualTo(rejecting.rejected()).isEqualTo(3);
                assertThat(stats.stoppedRunners()).isEqualTo(2);
            }
            finally {
                pool.shutdownNow();
            }
        }

        @Test
        void anExecutorThatThrowsSomethingElseIsRetriedAndNeverReachesTheProducer() throws Exception {
            AtomicInteger throwsLeft = new AtomicInteger(1);
            OperationQueue broken = OperationQueue.builder().name("broken").executor((task) -> {
                if (throwsLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("executor bug");
                }
                executor.execute(task);
            }).build();
            broken.start(1);
            CompletableFuture<Integer> outcome = broken.submitBlocking(() -> 7);

            assertThat(broken.stats().rejections()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> executor.queued() > 0);
            executor.runAll();
            assertThat(outcome).isCompletedWithValue(7);
        }

        @Test
        void aDrainTimeoutEndsRetriesOfAnExecutorThatKeepsRejecting() throws Exception {
            RejectingExecutor alwaysRejecting = new RejectingExecutor(executor, Integer.MAX_VALUE);
            OperationQueue starved = OperationQueue.builder().name("starved").executor(alwaysRejecting).build();
            starved.start(2);
            CompletableFuture<Integer> outcome = starved.submitBlocking(() -> 1);
            assertThat(starved.stats().pendingRunners()).isEqualTo(2);

            starved.stop(Duration.ofMillis(50)).get(5, TimeUnit.SECONDS);

            assertThat(outcome).failsWithin(Duration.ZERO)
                .withThrowableThat()
                .withCauseInstanceOf(QueueStoppedException.class);
            OperationQueueStats stats = starved.stats();
            assertThat(stats.abandoned()).isEqualTo(1);
            assertThat(stats.stoppedRunners()).isEqualTo(2);
            assertThat(stats.rejections()).isGreaterThanOrEqualTo(2);
        }

        @Test
        void anExecutorThatShutDownStopsTheQueueAndReportsWhatIsLeft() throws Exception {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            pool.shutdown();
            OperationQueue orphan = OperationQueue.builder().name("orphan").executor(pool).build();
            CompletableFuture<Integer> outcome = orphan.submitBlocking(() -> 1);

            orphan.start(1);

            orphan.stop().get(5, TimeUnit.SECONDS);
            assertThat(outcome).failsWithin(Duration.ZERO)
                .withThrowableThat()
                .withCauseInstanceOf(QueueStoppedException.class);
            OperationQueueStats stats = orphan.stats();
            assertThat(stats.abandoned()).isEqualTo(1);
            assertThat(stats.stoppedRunners()).isEqualTo(1);
            assertThat(stats.stopped()).isTrue();
        }
    }

    @Nested
    class Capacity {

        private final OperationQueue bounded = OperationQueue.builder()
            .name("bounded")
            .executor(executor)
            .capacity(2)
            .build();

        @Test
        void enqueueOnAFullQueueCompletesWhenRoomFrees() {
            assertThat(bounded.enqueue(operations.immediate(0))).isCompleted();
            assertThat(bounded.enqueue(operations.immediate(1))).isCompleted();
            CompletableFuture<Void> third = bounded.enqueue(operations.immediate(2));
            assertThat(third).isNotDone();
            assertThat(bounded.stats().depth()).isEqualTo(2);
            assertThat(bounded.stats().awaitingRoom()).isEqualTo(1);
            assertThat(bounded.tryEnqueue(operations.immediate(3))).isFalse();

            bounded.start(1);
            executor.runAll();

            assertThat(third).isCompleted();
            assertThat(operations.started()).containsExactly(0, 1, 2);
            assertThat(bounded.stats().enqueued()).isEqualTo(3);
        }

        @Test
        void runningOperationsDoNotCountTowardsCapacity() {
            bounded.start(1);
            bounded.enqueue(operations.pending(0));
            executor.runAll();

            assertThat(bounded.tryEnqueue(operations.immediate(1))).isTrue();
            assertThat(bounded.tryEnqueue(operations.immediate(2))).isTrue();
            assertThat(bounded.tryEnqueue(operations.immediate(3))).isFalse();
            assertThat(bounded.stats().capacity()).isEqualTo(2);
        }

        @Test
        void anEnqueueWaitingForRoomFailsWhenTheQueueStops() {
            bounded.enqueue(operations.immediate(0));
            bounded.enqueue(operations.immediate(1));
            CompletableFuture<Integer> waiting = bounded.submitBlocking(() -> 2);

            bounded.stop();

            assertThat(waiting).failsWithin(Duration.ZERO)
                .withThrowableThat()
                .withCauseInstanceOf(QueueStoppedException.class);
            assertThat(bounded.stats().enqueued()).isEqualTo(2);
            assertThat(bounded.stats().abandoned()).isEqualTo(2);
            assertThat(bounded.stats().awaitingRoom()).isZero();
        }

        @Test
        void tryEnqueueOnAStoppedQueueThrows() {
            bounded.stop();
            assertThatThrownBy(() -> bounded.tryEnqueue(operations.immediate(0)))
                .isInstanceOf(QueueStoppedException.class)
                .hasMessageContaining("bounded");
        }

        @Test
        void anUnboundedQueueReportsCapacityZero() {
            assertThat(queue.stats().capacity()).isZero();
        }
    }

    @Nested
    class Pausing {

        @Test
        void pausedRunnersFinishTheirOperationAndTakeNoNewOneUntilResumed() {
            queue.start(1);
            queue.enqueue(operations.pending(0));
            queue.enqueue(operations.immediate(1));
            executor.runAll();

            queue.pause();
            operations.complete(0);
            executor.runAll();
            assertThat(operations.started()).containsExactly(0);
            assertThat(queue.stats().waitingRunners()).isEqualTo(1);
            assertThat(queue.stats().paused()).isTrue();
            assertThat(queue.enqueue(operations.immediate(2))).isCompleted();

            queue.resume();
            executor.runAll();
            assertThat(operations.started()).containsExactly(0, 1, 2);
        }

        @Test
        void pauseBeforeStartMakesRunnersStartPaused() {
            queue.pause();
            queue.start(2);
            queue.enqueue(operations.immediate(0));
            executor.runAll();

            assertThat(operations.started()).isEmpty();
            assertThat(queue.stats().waitingRunners()).isEqualTo(2);

            queue.resume();
            executor.runAll();
            assertThat(operations.started()).containsExactly(0);
        }
    }

    @Nested
    class Context {

        private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();

        @Test
        void theDecoratorRestoresTheEnqueuersContextInPerform() throws Exception {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                OperationQueue decorated = OperationQueue.builder()
                    .executor(pool)
                    .decorator(OperationDecorator.ofRunnable((runnable) -> {
                        String captured = REQUEST_ID.get();
                        return () -> {
                            REQUEST_ID.set(captured);
                            try {
                                runnable.run();
                            }
                            finally {
                                REQUEST_ID.remove();
                            }
                        };
                    }))
                    .build();
                decorated.start(1);
                REQUEST_ID.set("request-7");
                CompletableFuture<String> seen = decorated.submitBlocking(REQUEST_ID::get);
                REQUEST_ID.remove();

                assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("request-7");
            }
            finally {
                pool.shutdownNow();
            }
        }

        @Test
        void aDecoratorSeesTheStageOfTheOperationItWraps() {
            AtomicReference<Object> seenOutcome = new AtomicReference<>();
            OperationQueue decorated = OperationQueue.builder()
                .executor(executor)
                .decorator((operation) -> () -> operation.perform().whenComplete((value, failure) -> seenOutcome.set(value)))
                .build();
            decorated.start(1);
            decorated.submit(() -> CompletableFuture.completedFuture("done"));
            executor.runAll();

            assertThat(seenOutcome).hasValue("done");
        }
    }

    @Nested
    class Listening {

        @Test
        void listenersSeeEveryEventOfAnOperation() {
            RecordingListener listener = new RecordingListener();
            OperationQueue listened = OperationQueue.builder().name("listened").executor(executor).listener(listener).build();
            listened.start(1);
            listened.enqueue(operations.immediate(0));
            listened.enqueue(() -> CompletableFuture.failedFuture(new IOException("gone")));
            executor.runAll();

            assertThat(listener.events()).containsExactly("enqueued listened", "enqueued listened", "started listened",
                    "completed listened", "started listened", "completed listened IOException");
        }

        @Test
        void aRemovedListenerHearsNothingMore() {
            RecordingListener listener = new RecordingListener();
            queue.addListener(listener);
            queue.enqueue(operations.immediate(0));
            assertThat(queue.removeListener(listener)).isTrue();
            queue.enqueue(operations.immediate(1));

            assertThat(listener.events()).containsExactly("enqueued test");
        }
    }

    @Nested
    class BadInput {

        @Test
        void nullOperationsAreRejectedByName() {
            assertThatNullPointerException().isThrownBy(() -> queue.enqueue(null)).withMessageContaining("operation");
            assertThatNullPointerException().isThrownBy(() -> queue.tryEnqueue(null)).withMessageContaining("operation");
            assertThatNullPointerException().isThrownBy(() -> queue.submit(null)).withMessageContaining("operation");
            assertThatNullPointerException().isThrownBy(() -> queue.submitBlocking(null)).withMessageContaining("body");
            assertThat(queue.stats().enqueued()).isZero();
        }

        @Test
        void negativeRunnersAreRejectedByName() {
            assertThatIllegalArgumentException().isThrownBy(() -> queue.start(-1))
                .withMessageContaining("runners")
                .withMessageContaining("-1");
            assertThat(queue.stats().runners()).isZero();
        }

        @Test
        void aNullExecutorIsRejectedByName() {
            assertThatNullPointerException().isThrownBy(() -> new OperationQueue(null)).withMessageContaining("executor");
            assertThatNullPointerException().isThrownBy(() -> OperationQueue.builder().build())
                .withMessageContaining("executor");
        }

        @Test
        void aNegativeCapacityIsRejectedByName() {
            assertThatIllegalArgumentException().isThrownBy(() -> OperationQueue.builder().capacity(-5))
                .withMessageContaining("capacity")
                .withMessageContaining("-5");
        }

        @Test
        void aNegativeDrainTimeoutIsRejectedByName() {
            assertThatIllegalArgumentException().isThrownBy(() -> queue.stop(Duration.ofSeconds(-1)))
                .withMessageContaining("timeout");
            assertThat(queue.stats().stopped()).isFalse();
        }

        @Test
        void aBlankNameIsRejected() {
            assertThatIllegalArgumentException().isThrownBy(() -> OperationQueue.builder().name(" "))
                .withMessageContaining("name");
        }
    }

    @Test
    void statsCountRunnersByState() {
        queue.start(3);
        queue.enqueue(operations.pending(0));
        executor.runNext();

        OperationQueueStats stats = queue.stats();
        assertThat(stats.runners(RunnerState.RUNNING)).isEqualTo(stats.runningRunners()).isEqualTo(1);
        assertThat(stats.runners(RunnerState.PENDING)).isEqualTo(stats.pendingRunners()).isEqualTo(2);
        assertThat(stats.runners(RunnerState.WAITING)).isZero();
        assertThat(stats.runners(RunnerState.STOPPED)).isZero();
        assertThat(stats.liveRunners()).isEqualTo(3);
    }

    @Test
    void statsCountEveryOutcome() throws ExecutionException, InterruptedException {
        AtomicInteger performed = new AtomicInteger();
        queue.start(2);
        for (int i = 0; i < 4; i++) {
            queue.enqueue(QueuedOperation.of(performed::incrementAndGet));
        }
        queue.enqueue(QueuedOperation.of(() -> {
            throw new IllegalStateException("boom");
        }));
        executor.runAll();
        queue.stop();
        executor.runAll();

        OperationQueueStats stats = queue.stats();
        assertThat(performed).hasValue(4);
        assertThat(stats).extracting(OperationQueueStats::name, OperationQueueStats::enqueued,
                OperationQueueStats::completed, OperationQueueStats::failed, OperationQueueStats::abandoned,
                OperationQueueStats::depth, OperationQueueStats::stopped)
            .containsExactly("test", 5L, 4L, 1L, 0L, 0L, true);
    }
}
