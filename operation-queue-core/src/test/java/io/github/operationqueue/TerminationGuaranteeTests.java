package io.github.operationqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The termination guarantee, stated as {@code ExecutorService.awaitTermination} states its own: when
 * {@code stop()}'s future completes, every accepted operation has finished or been reported abandoned,
 * every future the queue returned is settled, every listener call has returned, and no runner will
 * touch the queue again. And the promises around it: a budget never loses a runner, a drain deadline
 * claims runners that hold no operation, an interrupt stays with the operation that left it.
 *
 * <p>Each test holds the interleaving it needs with latches and a one-thread pool, so that it fails
 * the same way every time on code that breaks the promise; none asserts on time.
 */
@Timeout(60)
class TerminationGuaranteeTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<ExecutorService> pools = new ArrayList<>();

    private final CapturedQueueLog logs = new CapturedQueueLog();

    @AfterEach
    void shutDownPools() {
        this.pools.forEach(ExecutorService::shutdownNow);
    }

    private ExecutorService onePool() {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        this.pools.add(pool);
        return pool;
    }

    /** Counts the tasks a pool with no queue (Spring's {@code queueCapacity=0}) actually runs. */
    private ThreadPoolExecutor saturatingPool(AtomicInteger tasksRun, java.util.concurrent.RejectedExecutionHandler onFull) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>(), onFull) {
            @Override
            protected void beforeExecute(Thread thread, Runnable task) {
                tasksRun.incrementAndGet();
            }
        };
        this.pools.add(pool);
        return pool;
    }

    // ---- defect 1: a refused budget self-dispatch is won back in place

    @Test
    void aSelfDispatchTheExecutorRefusesGoesOnInPlaceWithoutABackOffOrALogLine() throws Exception {
        AtomicInteger tasksRun = new AtomicInteger();
        ThreadPoolExecutor pool = saturatingPool(tasksRun, new ThreadPoolExecutor.AbortPolicy());
        // Behind a plain Executor: a ThreadPoolExecutor itself, with nothing queued, is not given the
        // thread back at all (RunnerBudgetTests); this is an executor that cannot tell.
        OperationQueue queue = OperationQueue.builder()
            .name("saturated")
            .executor(pool::execute, pool::isShutdown)
            .budget(64)
            .build();
        AtomicInteger performed = new AtomicInteger();
        for (int i = 0; i < 3_200; i++) {
            queue.enqueue(QueuedOperation.of(performed::incrementAndGet));
        }
        this.logs.capture();
        try {
            queue.start(1);
            // Counted before the stop: a stop that finds the runner already parked wakes it with a dispatch
            // of its own, which the pool, free by then, runs as a second task.
            await().atMost(TIMEOUT).until(() -> performed.get() == 3_200 && queue.stats().waitingRunners() == 1);
            assertThat(tasksRun).as("executor tasks: the first dispatch performs the whole backlog").hasValue(1);
            assertThat(queue.stats().rejections()).as("one refused self-dispatch per budget").isEqualTo(50);
            queue.stop().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        finally {
            this.logs.release();
        }

        assertThat(performed).hasValue(3_200);
        assertThat(this.logs.list).as("nothing logged per refused self-dispatch")
            .noneMatch((event) -> event.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @Test
    void aBudgetChangesNothingPerformedWhenTheExecutorShutsDownGracefullyDuringABacklog() throws Exception {
        ExecutorService pool = onePool();
        OperationQueue queue = OperationQueue.builder().name("graceful").executor(pool).budget(64).build();
        AtomicInteger performed = new AtomicInteger();
        queue.enqueue(QueuedOperation.of(pool::shutdown));
        for (int i = 1; i < 1_000; i++) {
            queue.enqueue(QueuedOperation.of(performed::incrementAndGet));
        }

        queue.start(1);

        await().atMost(TIMEOUT).until(() -> queue.stats().depth() == 0 && queue.stats().runningRunners() == 0);
        assertThat(queue.stats().abandoned()).isZero();
        assertThat(performed).hasValue(999);
        assertThat(queue.stop()).succeedsWithin(TIMEOUT);
    }

    @Test
    void aSelfDispatchADiscardPolicyDropsIsClaimedAtTheDrainDeadline() throws Exception {
        AtomicInteger tasksRun = new AtomicInteger();
        ThreadPoolExecutor pool = saturatingPool(tasksRun, new ThreadPoolExecutor.DiscardPolicy());
        // Behind a plain Executor, as above: one that cannot tell whether a task waits.
        OperationQueue queue = OperationQueue.builder()
            .name("discarding")
            .executor(pool::execute, pool::isShutdown)
            .budget(64)
            .build();
        AtomicInteger performed = new AtomicInteger();
        for (int i = 0; i < 1_000; i++) {
            queue.enqueue(QueuedOperation.of(performed::incrementAndGet));
        }
        queue.start(1);
        await().atMost(TIMEOUT).until(() -> performed.get() == 64 && pool.getActiveCount() == 0);

        assertThat(queue.stop(Duration.ofMillis(50))).succeedsWithin(TIMEOUT);

        OperationQueueStats stats = queue.stats();
        assertThat(stats.completed()).isEqualTo(64);
        assertThat(stats.abandoned()).isEqualTo(936);
        assertThat(stats.pendingRunners()).isZero();
    }

    // ---- defect 2: stop() completes after its side effects

    /**
     * The drain deadline abandons an entry while the only runner is inside a blocking operation; the
     * {@code abandoned} listener, the last side effect of that abandonment, lets the operation finish
     * and then waits until the runner has given its pool thread back (a probe task on the one-thread
     * pool runs only then). The runner has stopped by then; the stop must still not be complete,
     * since a listener call has not returned.
     */
    @Test
    void stopCompletesOnlyAfterTheAbandonedListenerAndTheAbandonedFuturesAreDone() throws Exception {
        ExecutorService pool = onePool();
        CountDownLatch finishTheOperation = new CountDownLatch(1);
        AtomicReference<OperationQueue> queueRef = new AtomicReference<>();
        CompletableFuture<Boolean> stopDoneDuringListener = new CompletableFuture<>();
        OperationQueueListener lastSideEffect = new OperationQueueListener() {
            @Override
            public void abandoned(String queue, int count) {
                finishTheOperation.countDown();
                try {
                    pool.submit(() -> { }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    stopDoneDuringListener.complete(queueRef.get().stop().isDone());
                }
                catch (Exception ex) {
                    stopDoneDuringListener.completeExceptionally(ex);
                }
            }
        };
        OperationQueue queue = OperationQueue.builder().name("settled").executor(pool).listener(lastSideEffect).build();
        queueRef.set(queue);
        queue.start(1);
        CompletableFuture<Object> running = queue.submitBlocking(() -> finishTheOperation.await(TIMEOUT.toSeconds(),
                TimeUnit.SECONDS));
        await().atMost(TIMEOUT).until(() -> queue.stats().runningRunners() == 1);
        CompletableFuture<Object> abandoned = queue.submitBlocking(() -> "never");

        CompletableFuture<Void> stopped = queue.stop(Duration.ofMillis(1));

        assertThat(stopDoneDuringListener).succeedsWithin(TIMEOUT).isEqualTo(false);
        assertThat(stopped).succeedsWithin(TIMEOUT);
        assertThat(running).isCompletedWithValue(true);
        assertThat(abandoned).isCompletedExceptionally();
        OperationQueueStats stats = queue.stats();
        assertThat(stats.completed()).isEqualTo(1);
        assertThat(stats.abandoned()).isEqualTo(1);
    }

    // ---- defect 3: stop(Duration) claims a PENDING runner at its deadline

    @Test
    void aDrainDeadlineClaimsARunnerStillPendingBehindAnotherTenantsTask() throws Exception {
        ExecutorService pool = onePool();
        CountDownLatch otherTenantDone = new CountDownLatch(1);
        // The other tenant's task outlasts every wait of this test but the class's timeout.
        pool.execute(() -> awaitQuietly(otherTenantDone, 3 * TIMEOUT.toSeconds()));
        OperationQueue queue = OperationQueue.builder().name("pending").executor(pool).build();
        AtomicBoolean performed = new AtomicBoolean();
        queue.start(1);
        CompletableFuture<Object> queued = queue.submitBlocking(() -> performed.getAndSet(true));
        try {
            assertThat(queue.stats().pendingRunners()).isEqualTo(1);

            assertThat(queue.stop(Duration.ofMillis(100))).succeedsWithin(TIMEOUT);

            assertThat(queued).isCompletedExceptionally();
            assertThat(queue.stats().stoppedRunners()).isEqualTo(1);
        }
        finally {
            otherTenantDone.countDown();
        }
        // The copy of the claimed runner that the pool still held returns at once.
        pool.submit(() -> { }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(performed).isFalse();
        assertThat(queue.stats().completed()).isZero();
    }

    // ---- defect 4: shutdownNow() that removed a runner's copy does not hang stop()

    @Test
    void stopCompletesAfterShutdownNowRemovedAQueuedRunner() throws Exception {
        ExecutorService pool = onePool();
        pool.execute(() -> awaitQuietly(new CountDownLatch(1)));
        OperationQueue queue = OperationQueue.builder().name("removed").executor(pool).build();
        queue.start(1);
        CompletableFuture<Object> queued = queue.submitBlocking(() -> "never");
        assertThat(pool.shutdownNow()).hasSize(1);

        assertThat(queue.stop()).succeedsWithin(TIMEOUT);

        assertThat(queued).isCompletedExceptionally();
        assertThat(queue.stats().abandoned()).isEqualTo(1);
    }

    @Test
    void stopWithATimeoutCompletesAfterShutdownNowRemovedAQueuedRunner() throws Exception {
        ExecutorService pool = onePool();
        pool.execute(() -> awaitQuietly(new CountDownLatch(1)));
        OperationQueue queue = OperationQueue.builder().name("removed").executor(pool).build();
        queue.start(1);
        queue.enqueue(QueuedOperation.of(() -> { }));
        pool.shutdownNow();

        assertThat(queue.stop(Duration.ofMillis(100))).succeedsWithin(TIMEOUT);

        assertThat(queue.stats().abandoned()).isEqualTo(1);
        assertThat(queue.stats().stoppedRunners()).isEqualTo(1);
    }

    // ---- defect 5: an interrupt stays with the operation that left it

    @Test
    void anInterruptAnOperationLeavesReachesNeitherAnotherCallersStagesNorTheNextStartedListener() throws Exception {
        ExecutorService pool = onePool();
        List<Boolean> interruptedInStarted = new CopyOnWriteArrayList<>();
        OperationQueue queue = OperationQueue.builder()
            .name("interrupted")
            .executor(pool)
            .capacity(1)
            .listener(new OperationQueueListener() {
                @Override
                public void started(String queue, Duration waited) {
                    interruptedInStarted.add(Thread.currentThread().isInterrupted());
                }
            })
            .build();
        queue.enqueue(QueuedOperation.of(() -> Thread.currentThread().interrupt()));
        CompletableFuture<Void> second = queue.enqueue(QueuedOperation.of(() -> { }));
        CompletableFuture<Boolean> thirdAcceptedInterrupted = queue.enqueue(QueuedOperation.of(() -> { }))
            .thenApply((ignored) -> Thread.currentThread().isInterrupted());
        assertThat(second).isNotDone();
        assertThat(thirdAcceptedInterrupted).isNotDone();

        queue.start(1);

        assertThat(thirdAcceptedInterrupted).as("another caller's stage, completed on the runner's thread")
            .succeedsWithin(TIMEOUT)
            .isEqualTo(false);
        queue.stop().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(interruptedInStarted).containsExactly(false, false, false);
    }

    // ---- defect 6: after the drain deadline, at most one more start per runner

    /**
     * The deadline abandons the backlog while the only runner is inside operation 0. The first
     * abandoned future's dependent (on the abandoning thread, so the rest of the backlog is still
     * queued) lets operation 0 finish and waits until the runner either stopped or started two more:
     * a runner must not race the abandoner through the backlog.
     */
    @Test
    void afterTheDrainDeadlineARunnerStartsAtMostOneMoreOperation() throws Exception {
        ExecutorService pool = onePool();
        CountDownLatch finishFirst = new CountDownLatch(1);
        List<Integer> started = new CopyOnWriteArrayList<>();
        OperationQueue queue = OperationQueue.builder().name("deadline").executor(pool).build();
        queue.start(1);
        queue.submitBlocking(() -> {
            started.add(0);
            return finishFirst.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        });
        await().atMost(TIMEOUT).until(() -> started.size() == 1);
        List<CompletableFuture<Object>> backlog = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            int id = i;
            backlog.add(queue.submitBlocking(() -> started.add(id)));
        }
        CompletableFuture<Void> raced = new CompletableFuture<>();
        backlog.get(0).whenComplete((value, failure) -> {
            finishFirst.countDown();
            try {
                await().atMost(TIMEOUT).until(() -> started.size() > 2 || !queue.isRunning());
                raced.complete(null);
            }
            catch (Throwable ex) {
                raced.completeExceptionally(ex);
            }
        });

        CompletableFuture<Void> stopped = queue.stop(Duration.ofMillis(1));

        assertThat(raced).succeedsWithin(TIMEOUT);
        assertThat(stopped).succeedsWithin(TIMEOUT);
        assertThat(started).as("operations started; 0 began before the deadline").hasSizeLessThanOrEqualTo(2);
        OperationQueueStats stats = queue.stats();
        assertThat(stats.completed() + stats.abandoned()).isEqualTo(51);
    }

    /** The cut comes while the runner performs the last operation of its budget: it must still stop. */
    @Test
    void aRunnerWhoseBudgetRunsOutAfterTheCutStopsAtItsNextTake() throws Exception {
        ExecutorService pool = onePool();
        OperationQueue queue = OperationQueue.builder().name("budget-cut").executor(pool).budget(1).build();
        queue.start(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        CompletableFuture<Object> first = queue.submitBlocking(() -> {
            firstStarted.countDown();
            await().atMost(TIMEOUT).until(() -> queue.stats().abandoned() == 10);
            return "done";
        });
        for (int i = 0; i < 10; i++) {
            queue.enqueue(QueuedOperation.of(() -> { }));
        }
        assertThat(firstStarted.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(queue.stop(Duration.ofMillis(1))).succeedsWithin(TIMEOUT);

        assertThat(first).isCompletedWithValue("done");
        assertThat(queue.stats().stoppedRunners()).isEqualTo(1);
    }

    // ---- item 7: a retry of a rejected dispatch never runs on the JVM-wide delay thread

    @Test
    void anExecutorThatBlocksInExecuteOnARetryDoesNotStallTheJvmsTimeouts() throws Exception {
        ExecutorService pool = onePool();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch retrying = new CountDownLatch(1);
        CountDownLatch unblock = new CountDownLatch(1);
        OperationQueue queue = OperationQueue.builder().name("blocking-execute").executor((task) -> {
            int call = calls.incrementAndGet();
            if (call == 1) {
                throw new RejectedExecutionException("full");
            }
            if (call == 2) {
                retrying.countDown();
                awaitQuietly(unblock);
            }
            pool.execute(task);
        }).build();
        this.logs.capture();
        try {
            queue.start(1);
            assertThat(retrying.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Object> elsewhere = new CompletableFuture<>().orTimeout(10, TimeUnit.MILLISECONDS);

            assertThat(elsewhere).failsWithin(Duration.ofSeconds(5))
                .withThrowableThat()
                .withCauseInstanceOf(TimeoutException.class);
        }
        finally {
            unblock.countDown();
            this.logs.release();
        }
        assertThat(queue.stop()).succeedsWithin(TIMEOUT);
    }

    // ---- item 7: a self-dispatch marker survives another queue's self-dispatch on the same thread

    /**
     * Queue A's executor first runs a task of queue B's (a trampoline draining another tenant's work on
     * the calling thread), then A's own task inline. B's runner yields on this thread while A's yield is
     * under way: when it is done, A's marker must be back, so that A's inline copy is recognised and A
     * goes on in place instead of nesting one call per budget.
     */
    @Test
    void aSelfDispatchInsideAnotherQueuesSelfDispatchLeavesTheOuterMarkerInPlace() {
        java.util.Deque<Runnable> tasksOfB = new java.util.ArrayDeque<>();
        OperationQueue queueB = OperationQueue.builder().name("b").executor(tasksOfB::add).budget(1).build();
        OperationQueue queueA = OperationQueue.builder().name("a").executor((task) -> {
            Runnable other = tasksOfB.poll();
            if (other != null) {
                other.run();
            }
            task.run();
        }).budget(1).build();
        int backlog = 2_000;
        for (int i = 0; i < backlog; i++) {
            queueB.enqueue(QueuedOperation.of(() -> { }));
        }
        queueB.start(1);
        List<Integer> depths = new ArrayList<>();
        for (int i = 0; i < backlog; i++) {
            queueA.enqueue(QueuedOperation.of(() -> depths.add(new Throwable().getStackTrace().length)));
        }

        queueA.start(1);

        assertThat(depths).hasSize(backlog);
        assertThat(depths.get(depths.size() - 1) - depths.get(0)).as("frames added between A's first and last operation")
            .isLessThan(50);
        assertThat(queueB.stats().completed()).as("B's runner took its turns").isGreaterThan(0);
    }

    // ---- item 7: a listener that fails on every event logs through the failure log

    @Test
    void aListenerThatFailsOnEveryEventLogsOneTracePerIntervalNotOnePerEvent() {
        OperationQueue queue = OperationQueue.builder()
            .name("failing-listener")
            .executor(Runnable::run)
            .listener(new OperationQueueListener() {
                @Override
                public void started(String queue, Duration waited) {
                    throw new IllegalStateException("listener failure");
                }
            })
            .build();
        queue.start(1);
        this.logs.capture();
        try {
            for (int i = 0; i < 100; i++) {
                queue.enqueue(QueuedOperation.of(() -> { }));
            }
            assertThat(queue.stop()).isCompleted();
        }
        finally {
            this.logs.release();
        }
        assertThat(queue.stats().completed()).isEqualTo(100);
        assertThat(this.logs.list).as("one line with the trace, one summary of the other 99 at the stop")
            .hasSize(2)
            .anySatisfy((event) -> assertThat(event.getFormattedMessage()).contains("99 more"));
    }

    // ---- item 7: the failure log's timer does not outlive the queue

    @Test
    void theStopSummarisesHeldBackFailuresAndEndsTheQueuesTimerThread() {
        OperationQueue queue = OperationQueue.builder()
            .name("timer-owner")
            .executor(Runnable::run)
            .failureLogInterval(Duration.ofHours(1))
            .build();
        queue.start(1);
        this.logs.capture();
        try {
            for (int i = 0; i < 3; i++) {
                queue.enqueue(() -> CompletableFuture.failedFuture(new IllegalStateException("failed")));
            }
            assertThat(timerThreadAlive("timer-owner-timer")).as("a summary is due in an hour").isTrue();

            assertThat(queue.stop()).isCompleted();
        }
        finally {
            this.logs.release();
        }
        assertThat(this.logs.list).as("the first failure, then the summary of the other two at the stop")
            .hasSize(2)
            .anySatisfy((event) -> assertThat(event.getFormattedMessage()).contains("2 more"));
        await().atMost(TIMEOUT).until(() -> !timerThreadAlive("timer-owner-timer"));
    }

    private static boolean timerThreadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch((thread) -> thread.getName().equals(name) && thread.isAlive());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        awaitQuietly(latch, TIMEOUT.toSeconds());
    }

    private static void awaitQuietly(CountDownLatch latch, long seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
