package io.github.operationqueue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.operationqueue.testing.ConcurrentTestHarness;
import io.github.operationqueue.testing.ManualExecutor;
import io.github.operationqueue.testing.Operations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OperationQueue#whenIdle()} and {@link OperationQueues#whenIdle()}: complete when nothing is
 * queued, waiting for room, or running; at once if so already; by the end of a stop at the latest.
 */
@Timeout(60)
class WhenIdleTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ManualExecutor executor = new ManualExecutor();

    private final Operations operations = new Operations();

    private OperationQueue queue(String name) {
        return OperationQueue.builder().name(name).executor(this.executor).build();
    }

    @Test
    void aQueueWithNothingToDoIsIdleAtOnce() {
        OperationQueue queue = queue("quiet");
        assertThat(queue.whenIdle()).isCompleted();
        queue.start(2);
        this.executor.runAll();
        assertThat(queue.whenIdle()).isCompleted();
    }

    @Test
    void anOperationWhoseStageIsPendingKeepsTheQueueBusyUntilItsRunnerParks() {
        OperationQueue queue = queue("busy");
        queue.start(1);
        queue.enqueue(this.operations.pending(0));
        queue.enqueue(this.operations.immediate(1));
        CompletableFuture<Void> idle = queue.whenIdle();
        this.executor.runAll();
        assertThat(this.operations.started()).containsExactly(0);
        assertThat(idle).isNotDone();

        this.operations.complete(0);
        assertThat(idle).as("the stage completed, the second operation is still queued").isNotDone();
        this.executor.runAll();

        assertThat(this.operations.started()).containsExactly(0, 1);
        assertThat(idle).isCompleted();
    }

    @Test
    void aPausedQueueHoldingOperationsIsNotIdleUntilItHasPerformedThem() {
        OperationQueue queue = queue("paused");
        queue.start(1);
        this.executor.runAll();
        queue.pause();
        queue.enqueue(this.operations.immediate(0));
        CompletableFuture<Void> idle = queue.whenIdle();
        this.executor.runAll();
        assertThat(idle).isNotDone();

        queue.resume();
        this.executor.runAll();

        assertThat(idle).isCompleted();
    }

    @Test
    void anEnqueueWaitingForRoomKeepsTheQueueBusy() {
        OperationQueue queue = OperationQueue.builder().name("full").executor(this.executor).capacity(1).build();
        queue.enqueue(this.operations.immediate(0));
        CompletableFuture<Void> waiting = queue.enqueue(this.operations.immediate(1));
        CompletableFuture<Void> idle = queue.whenIdle();
        assertThat(waiting).isNotDone();
        assertThat(idle).isNotDone();

        queue.start(1);
        this.executor.runAll();

        assertThat(this.operations.started()).containsExactly(0, 1);
        assertThat(idle).isCompleted();
    }

    @Test
    void aStopCompletesTheWaitAtTheLatestWhenItsOwnFutureCompletes() {
        OperationQueue queue = queue("no-runner");
        queue.enqueue(this.operations.immediate(0));
        CompletableFuture<Void> idle = queue.whenIdle();
        assertThat(idle).as("queued, and no runner to perform it").isNotDone();

        CompletableFuture<Void> stopped = queue.stop();

        assertThat(stopped).isCompleted();
        assertThat(idle).isCompleted();
        assertThat(queue.whenIdle()).as("asked after the stop").isCompleted();
    }

    /**
     * A caller that gives up on its wait (a probe that polls {@code whenIdle().orTimeout(…)} on a queue
     * that is always busy) must not leave its future behind: the queue held every such future until it
     * was next idle, so a busy queue's waiters grew without bound and each park re-queued all of them.
     */
    @Test
    void aWaitTheCallerCancelsOrTimesOutIsNotKeptByABusyQueue() {
        OperationQueue queue = queue("always-busy");
        queue.start(2);
        queue.enqueue(this.operations.pending(0));
        this.executor.runAll();
        for (int i = 0; i < 1_000; i++) {
            CompletableFuture<Void> idle = queue.whenIdle();
            if (i % 2 == 0) {
                idle.cancel(false);
            }
            else {
                idle.completeExceptionally(new java.util.concurrent.TimeoutException("probe " + i));
            }
        }
        CompletableFuture<Void> stillWaiting = queue.whenIdle();
        queue.enqueue(this.operations.immediate(1));
        this.executor.runAll();

        assertThat(this.operations.started()).containsExactly(0, 1);
        assertThat(stillWaiting).as("operation 0 is still running").isNotDone();
        assertThat(queue.scheduler.idleWaiterCount()).as("only the wait nobody gave up on is kept").isEqualTo(1);

        this.operations.complete(0);
        this.executor.runAll();
        assertThat(stillWaiting).isCompleted();
        assertThat(queue.scheduler.idleWaiterCount()).isZero();
    }

    @Test
    void theRegistryCompletesOnceEveryQueueRegisteredNowWasIdle() {
        OperationQueue busy = queue("busy");
        OperationQueue quiet = queue("quiet");
        OperationQueues queues = new OperationQueues();
        queues.register(busy);
        queues.register(quiet);
        busy.start(1);
        quiet.start(1);
        busy.enqueue(this.operations.pending(0));
        this.executor.runAll();

        CompletableFuture<Void> allIdle = queues.whenIdle();
        assertThat(allIdle).isNotDone();
        this.operations.complete(0);
        this.executor.runAll();

        assertThat(allIdle).isCompleted();
    }

    /**
     * Producers on several threads enqueue operations whose stages complete on another pool while
     * eight runners share a two-thread executor; each round, once every enqueue has returned,
     * {@code whenIdle()} must complete, and only when every operation has been recorded.
     */
    @Test
    @Tag("concurrency")
    void underConcurrentProducersItCompletesOnlyWhenEveryOperationHasFinished() throws Exception {
        ExecutorService runnersPool = Executors.newFixedThreadPool(2);
        ExecutorService stagesPool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                OperationQueue queue = OperationQueue.builder().name("round-" + round).executor(runnersPool).build();
                queue.start(8);
                AtomicLong finished = new AtomicLong();
                int producers = 4;
                int perProducer = 200;
                ConcurrentTestHarness.run(producers, (producer) -> {
                    for (int i = 0; i < perProducer; i++) {
                        boolean async = (i % 3) == 0;
                        queue.enqueue(() -> async
                                ? CompletableFuture.runAsync(finished::incrementAndGet, stagesPool)
                                : CompletableFuture.completedFuture(finished.incrementAndGet()));
                    }
                });

                queue.whenIdle().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

                OperationQueueStats stats = queue.stats();
                assertThat(finished).as("round %d", round).hasValue((long) producers * perProducer);
                assertThat(stats.completed()).as("round %d", round).isEqualTo((long) producers * perProducer);
                assertThat(stats.depth()).isZero();
                assertThat(stats.awaitingRoom()).isZero();
                // A runner whose stage completed elsewhere may still be on its way to park (RUNNING,
                // holding no operation): idle is about operations, so the counts are what must add up.
                assertThat(stats.completed() + stats.failed()).as("round %d", round).isEqualTo(stats.enqueued());
                assertThat(queue.stop()).succeedsWithin(TIMEOUT);
            }
        }
        finally {
            runnersPool.shutdownNow();
            stagesPool.shutdownNow();
        }
    }
}
