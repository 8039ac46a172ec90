package io.github.operationqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.operationqueue.testing.ManualExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The runner budget: a runner gives its executor thread back after a budget of operations, so that a
 * probe queue sharing the executor with another queue's backlog waits for at most a budget's worth of
 * that backlog per thread, not for all of it. Asserted on counts and order, never on time.
 */
@Timeout(60)
class RunnerBudgetTests {

    private static final int BACKLOG = 10_000;

    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void shutDownPools() {
        this.pools.forEach(ExecutorService::shutdownNow);
    }

    @Test
    void aRunnerThatUsedItsBudgetGoesBehindWorkThatArrivedMeanwhile() {
        ManualExecutor executor = new ManualExecutor();
        OperationQueue probeQueue = OperationQueue.builder().name("probe").executor(executor).build();
        probeQueue.start(1);
        executor.runAll();
        OperationQueue backlogQueue = OperationQueue.builder().name("backlog").executor(executor).budget(16).build();
        AtomicLong performed = new AtomicLong();
        AtomicLong seenByProbe = new AtomicLong(-1);
        for (int i = 0; i < BACKLOG; i++) {
            long index = i;
            backlogQueue.enqueue(QueuedOperation.of(() -> {
                performed.incrementAndGet();
                if (index == 3) {
                    probeQueue.enqueue(QueuedOperation.of(() -> seenByProbe.set(performed.get())));
                }
            }));
        }
        backlogQueue.start(1);

        executor.runNext();
        assertThat(performed).as("one dispatch performs the budget").hasValue(16);
        executor.runNext();
        assertThat(seenByProbe).as("the probe runs before the backlog's next turn").hasValue(16);
        executor.runAll();
        assertThat(performed).hasValue(BACKLOG);
        assertThat(backlogQueue.stats().completed()).isEqualTo(BACKLOG);
    }

    @Test
    void withoutABudgetTheBacklogKeepsTheThreadUntilItIsDone() {
        ManualExecutor executor = new ManualExecutor();
        OperationQueue probeQueue = OperationQueue.builder().name("probe").executor(executor).build();
        probeQueue.start(1);
        executor.runAll();
        OperationQueue backlogQueue = OperationQueue.builder()
            .name("backlog")
            .executor(executor)
            .budget(Integer.MAX_VALUE)
            .build();
        AtomicLong performed = new AtomicLong();
        AtomicLong seenByProbe = new AtomicLong(-1);
        for (int i = 0; i < BACKLOG; i++) {
            long index = i;
            backlogQueue.enqueue(QueuedOperation.of(() -> {
                performed.incrementAndGet();
                if (index == 3) {
                    probeQueue.enqueue(QueuedOperation.of(() -> seenByProbe.set(performed.get())));
                }
            }));
        }
        backlogQueue.start(1);

        executor.runNext();
        executor.runAll();
        assertThat(seenByProbe).hasValue(BACKLOG);
    }

    /**
     * Two runners of a backlog queue on a 2-thread pool; one backlog operation hands a probe to another
     * queue on the same pool. The probe's runner then waits in the pool's FIFO queue behind at most one
     * backlog runner, and each backlog dispatch performs at most one budget: so the thread that runs the
     * probe performs at most two budgets of backlog once the probe's runner is queued (counted from
     * when its enqueue returned), however the threads are scheduled after that. Counted per thread,
     * since the other thread may go on while this one is descheduled.
     */
    @Test
    void aProbeOnASharedTwoThreadPoolWaitsForAtMostTwoBudgetsOnItsThread() throws Exception {
        int budget = 32;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        this.pools.add(pool);
        OperationQueue probeQueue = OperationQueue.builder().name("probe").executor(pool).build();
        probeQueue.start(1);
        waitUntilIdle(probeQueue);
        OperationQueue backlogQueue = OperationQueue.builder().name("backlog").executor(pool).budget(budget).build();
        AtomicBoolean handedOver = new AtomicBoolean();
        ThreadLocal<long[]> performedOnThisThreadSinceHandOver = ThreadLocal.withInitial(() -> new long[1]);
        CompletableFuture<Long> seenByProbe = new CompletableFuture<>();
        int handOverAt = BACKLOG / 2;
        for (int i = 0; i < BACKLOG; i++) {
            long index = i;
            backlogQueue.enqueue(QueuedOperation.of(() -> {
                if (index == handOverAt) {
                    probeQueue.enqueue(QueuedOperation
                        .of(() -> seenByProbe.complete(performedOnThisThreadSinceHandOver.get()[0])));
                    // Counting starts once the probe's runner is in the pool's queue: while this thread is
                    // still inside enqueue (and may be descheduled there), the other keeps taking budgets.
                    handedOver.set(true);
                }
                else if (handedOver.get()) {
                    performedOnThisThreadSinceHandOver.get()[0]++;
                }
            }));
        }
        backlogQueue.start(2);

        long seen = seenByProbe.get(30, TimeUnit.SECONDS);
        backlogQueue.stop().get(30, TimeUnit.SECONDS);
        probeQueue.stop().get(30, TimeUnit.SECONDS);
        assertThat(seen).as("backlog operations the probe's thread performed after the hand-off")
            .isLessThanOrEqualTo(2L * budget);
        assertThat(backlogQueue.stats().completed()).isEqualTo(BACKLOG);
        assertThat(probeQueue.stats().completed()).isEqualTo(1);
    }

    /**
     * On a {@code ThreadPoolExecutor} whose queue holds no other task, giving the thread back would hand
     * it to nobody: the runner keeps it and costs no {@code execute} per budget. (With a task waiting,
     * it still yields: the two-thread probe test above.)
     */
    @Test
    void aRunnerKeepsItsThreadAfterItsBudgetWhenNoTaskWaitsInThePoolsQueue() throws Exception {
        AtomicInteger executes = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>()) {
            @Override
            public void execute(Runnable task) {
                executes.incrementAndGet();
                super.execute(task);
            }
        };
        this.pools.add(pool);
        OperationQueue queue = OperationQueue.builder().name("alone").executor(pool).budget(10).build();
        AtomicLong performed = new AtomicLong();
        for (int i = 0; i < 1_000; i++) {
            queue.enqueue(QueuedOperation.of(performed::incrementAndGet));
        }

        // The one runner starts with the whole backlog queued: nothing else dispatches it.
        queue.start(1);
        queue.whenIdle().get(10, TimeUnit.SECONDS);

        assertThat(performed).hasValue(1_000);
        assertThat(executes).as("executor calls: the start only, no self-dispatch per budget").hasValue(1);
    }

    /**
     * A caller-runs executor (Spring's SyncTaskExecutor, a pool's CallerRunsPolicy) runs a runner's
     * self-dispatch on the thread making it: the runner must go on in place rather than nest a call per
     * budget, or a long backlog would overflow the stack.
     */
    @Test
    void aCallerRunsExecutorGoesOnInPlaceAfterEachBudget() {
        OperationQueue queue = OperationQueue.builder().name("in-place").executor(Runnable::run).budget(2).build();
        AtomicLong performed = new AtomicLong();
        int backlog = 200_000;
        for (int i = 0; i < backlog; i++) {
            queue.enqueue(QueuedOperation.of(performed::incrementAndGet));
        }
        int depthAtStart = new Throwable().getStackTrace().length;
        AtomicLong deepestFrames = new AtomicLong();
        queue.enqueue(QueuedOperation.of(() -> deepestFrames.set(new Throwable().getStackTrace().length)));

        queue.start(1);

        assertThat(performed).hasValue(backlog);
        assertThat(deepestFrames.get() - depthAtStart).as("frames between start() and the last operation")
            .isLessThan(50);
        assertThat(queue.stats().completed()).isEqualTo(backlog + 1);
        assertThat(queue.stop()).isCompleted();
    }

    @Test
    void aBudgetBelowOneIsRejectedByName() {
        assertThatIllegalArgumentException().isThrownBy(() -> OperationQueue.builder().budget(0))
            .withMessageContaining("budget")
            .withMessageContaining("was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> OperationQueue.builder().budget(-5))
            .withMessageContaining("budget");
    }

    private static void waitUntilIdle(OperationQueue queue) {
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(queue::isIdle);
    }
}
