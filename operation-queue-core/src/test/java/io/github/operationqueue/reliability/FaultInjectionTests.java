package io.github.operationqueue.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueueListener;
import io.github.operationqueue.OperationQueueStats;
import io.github.operationqueue.QueueStoppedException;
import io.github.operationqueue.RunnerState;
import io.github.operationqueue.micrometer.OperationQueueMetrics;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Faults injected around the queue: an executor that rejects, throws {@code Error}s and runs tasks on the
 * caller's thread at random; listeners and meters that throw {@code RuntimeException} and {@code Error};
 * interrupted threads; an executor shut down mid-run; operations that never complete. In each case the
 * queue keeps working and its {@link Ledger} shows nothing lost. Sizes scale with
 * {@code reliability.scale}.
 */
@Tag("reliability")
class FaultInjectionTests {

    private static final Logger logger = LoggerFactory.getLogger(FaultInjectionTests.class);

    private static final int OPERATIONS_PER_ENQUEUER = 1_500 * Reliability.scale();

    private final ExecutorService workers = Executors.newFixedThreadPool(3);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private final QueueReports reports = new QueueReports();

    @AfterEach
    void shutDown() throws InterruptedException {
        this.reports.close();
        this.workers.shutdownNow();
        this.timer.shutdownNow();
        assertThat(this.workers.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        assertThat(this.timer.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aMisbehavingExecutorThrowingListenersAndMetersAndInterruptsLoseNothing() throws Exception {
        long seed = Reliability.seed("faults: executor, listeners, meters, interrupts");
        SplittableRandom random = new SplittableRandom(seed);
        ChaosExecutor executor = new ChaosExecutor(this.workers, random.nextLong());
        ThrowingListener listener = new ThrowingListener(random.nextLong());
        ThrowingMeterRegistry registry = new ThrowingMeterRegistry();
        OperationQueue queue = OperationQueue.builder().name("chaos").executor(executor).listener(listener).build();
        OperationQueueMetrics.monitor(registry, queue);
        Workload workload = new Workload(queue, this.timer);
        queue.start(4);

        List<Thread> enqueuers = new ArrayList<>();
        List<CompletableFuture<Object>> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        // Enqueuers call in with their interrupt status set, now and then: nothing in an enqueue waits, so
        // nothing may fail, and an operation the executor runs on the enqueuer's thread must start with the
        // status clear and hand it back afterwards.
        LongAdder interruptedEnqueues = new LongAdder();
        LongAdder interruptsLost = new LongAdder();
        for (int i = 0; i < 4; i++) {
            SplittableRandom own = random.split();
            enqueuers.add(new Thread(() -> {
                for (int n = 0; n < OPERATIONS_PER_ENQUEUER; n++) {
                    boolean interrupted = own.nextInt(10) == 0;
                    if (interrupted) {
                        interruptedEnqueues.increment();
                        Thread.currentThread().interrupt();
                    }
                    outcomes.add(workload.submitOne(own));
                    if (Thread.interrupted() != interrupted) {
                        interruptsLost.increment();
                    }
                }
            }, "chaos-enqueuer-" + i));
        }
        enqueuers.forEach(Thread::start);
        for (Thread enqueuer : enqueuers) {
            enqueuer.join(TimeUnit.MINUTES.toMillis(2));
            assertThat(enqueuer.isAlive()).isFalse();
        }
        // The thread that stops the queue is interrupted too.
        Thread.currentThread().interrupt();
        CompletableFuture<Void> stopped = queue.stop();
        assertThat(Thread.interrupted()).as("stop() leaves the caller's interrupt status alone").isTrue();
        stopped.get(2, TimeUnit.MINUTES);
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null)
            .get(1, TimeUnit.MINUTES);

        OperationQueueStats stats = queue.stats();
        long lost = workload.verify(stats);
        assertThat(lost).as("accepted operations lost").isZero();
        assertThat(stats.enqueued()).as("accepted").isEqualTo(4L * OPERATIONS_PER_ENQUEUER);
        assertThat(stats.abandoned()).as("abandoned (no drain timeout)").isZero();
        assertThat(stats.rejections()).as("rejections counted")
            .isEqualTo(executor.rejected.sum() + executor.errors.sum());
        assertThat(executor.rejected.sum()).isPositive();
        assertThat(executor.errors.sum()).isPositive();
        assertThat(executor.callerRuns.sum()).isPositive();
        assertThat(listener.runtimeExceptions.sum()).isPositive();
        assertThat(listener.errors.sum()).isPositive();
        assertThat(registry.runtimeExceptions.sum()).isPositive();
        assertThat(registry.errors.sum()).isPositive();
        assertThat(workload.interruptsLeftBehind.sum()).isPositive();
        assertThat(interruptsLost.sum()).as("enqueues that changed their caller's interrupt status").isZero();
        logger.info("chaos: {} operations, {} completed, {} failed, {} lost; executor: {}; listener threw {} "
                + "RuntimeExceptions and {} Errors; meters threw {} RuntimeExceptions and {} Errors; {} operations "
                + "left their thread interrupted; {} enqueues called with the interrupt status set", stats.enqueued(), stats.completed(),
                stats.failed(), lost, executor, listener.runtimeExceptions.sum(), listener.errors.sum(),
                registry.runtimeExceptions.sum(), registry.errors.sum(), workload.interruptsLeftBehind.sum(),
                interruptedEnqueues.sum());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anExecutorShutDownMidRunStopsTheQueueAndEveryOperationIsPerformedOrReportedAbandoned() throws Exception {
        long seed = Reliability.seed("faults: executor shut down mid-run");
        SplittableRandom random = new SplittableRandom(seed);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        OperationQueue queue = OperationQueue.builder().name("shut-down-executor").executor(pool).build();
        Workload workload = new Workload(queue, this.timer);
        queue.start(4);
        int operations = 5_000 * Reliability.scale();
        List<CompletableFuture<Object>> outcomes = new ArrayList<>();
        for (int i = 0; i < operations; i++) {
            outcomes.add(workload.submitOne(random));
        }
        long shutDownAfter = random.nextInt(operations / 2);
        await().atMost(Duration.ofMinutes(1))
            .until(() -> queue.stats().completed() + queue.stats().failed() >= shutDownAfter);
        pool.shutdown();

        // The queue stops itself at its next rejection and abandons what it holds; if its runners drained
        // everything before they needed the executor again, there was no rejection, and the stop below is
        // the first: it must still complete although no runner can be dispatched.
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null)
            .get(1, TimeUnit.MINUTES);
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        assertThat(queue.stop()).succeedsWithin(Duration.ofMinutes(1));
        assertThat(queue.isRunning()).isFalse();
        assertThat(queue.enqueue(() -> CompletableFuture.completedFuture(null)))
            .failsWithin(Duration.ofSeconds(10))
            .withThrowableOfType(java.util.concurrent.ExecutionException.class)
            .withCauseInstanceOf(QueueStoppedException.class);

        OperationQueueStats stats = queue.stats();
        long lost = workload.verify(stats);
        assertThat(lost).as("accepted operations lost").isZero();
        assertThat(stats.enqueued()).isEqualTo(operations);
        assertThat(stats.runners(RunnerState.STOPPED)).isEqualTo(4);
        assertThat(this.reports.abandoned.sum()).as("abandoned operations in the log").isEqualTo(stats.abandoned());
        logger.info("executor shut down after {} operations: {} completed, {} failed, {} abandoned and reported, "
                + "{} lost", shutDownAfter, stats.completed(), stats.failed(), stats.abandoned(), lost);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void operationsThatNeverCompleteHoldTheirRunnersAndAStopWithATimeoutAbandonsAndReportsTheRest() throws Exception {
        OperationQueue queue = OperationQueue.builder().name("never-completes").executor(this.workers).build();
        queue.start(2);
        List<CompletableFuture<Void>> neverCompleting = List.of(new CompletableFuture<>(), new CompletableFuture<>());
        List<CompletableFuture<Object>> hung = new ArrayList<>();
        for (CompletableFuture<Void> stage : neverCompleting) {
            hung.add(queue.submit(() -> stage));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> queue.stats().runners(RunnerState.RUNNING) == 2);
        int behind = 10 * Reliability.scale();
        List<CompletableFuture<Object>> queued = new ArrayList<>();
        for (int i = 0; i < behind; i++) {
            queued.add(queue.submit(() -> CompletableFuture.completedFuture("performed")));
        }

        CompletableFuture<Void> stopped = queue.stop(Duration.ofMillis(50));

        for (CompletableFuture<Object> outcome : queued) {
            assertThat(outcome).failsWithin(Duration.ofSeconds(30))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(QueueStoppedException.class)
                .withMessageContaining("abandoned");
        }
        assertThat(queue.stats().abandoned()).isEqualTo(behind);
        // The futures fail one by one as the entries are abandoned; the WARN line with the count follows.
        await().atMost(Duration.ofSeconds(30)).until(() -> this.reports.abandoned.sum() == behind);
        // Running operations are never interrupted: the stop waits for them, and says so in its stats.
        assertThat(stopped).isNotDone();
        assertThat(hung).noneMatch(CompletableFuture::isDone);
        assertThat(queue.stats().runners(RunnerState.RUNNING)).isEqualTo(2);

        neverCompleting.forEach((stage) -> stage.complete(null));
        assertThat(stopped).succeedsWithin(Duration.ofSeconds(30));
        assertThat(hung).allMatch((outcome) -> outcome.isDone() && !outcome.isCompletedExceptionally());
        OperationQueueStats stats = queue.stats();
        assertThat(stats.completed() + stats.failed() + stats.abandoned()).isEqualTo(stats.enqueued());
    }

    /** Throws from its callbacks at random: a tenth of them a RuntimeException, a twentieth an Error. */
    private static final class ThrowingListener implements OperationQueueListener {

        private final SplittableRandom random;

        final LongAdder runtimeExceptions = new LongAdder();

        final LongAdder errors = new LongAdder();

        ThrowingListener(long seed) {
            this.random = new SplittableRandom(seed);
        }

        @Override
        public void enqueued(String queue) {
            maybeThrow();
        }

        @Override
        public void started(String queue, Duration waited) {
            maybeThrow();
        }

        @Override
        public void completed(String queue, Duration duration, Throwable failure) {
            maybeThrow();
        }

        private void maybeThrow() {
            int roll;
            synchronized (this) {
                roll = this.random.nextInt(20);
            }
            if (roll < 2) {
                this.runtimeExceptions.increment();
                throw new IllegalStateException("listener failed on purpose");
            }
            if (roll < 3) {
                this.errors.increment();
                throw new AssertionError("listener failed on purpose");
            }
        }
    }

    /** A registry whose timers throw on every other recording: a RuntimeException, then an Error. */
    private static final class ThrowingMeterRegistry extends SimpleMeterRegistry {

        final LongAdder runtimeExceptions = new LongAdder();

        final LongAdder errors = new LongAdder();

        private final LongAdder recordings = new LongAdder();

        @Override
        protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
            return new CumulativeTimer(id, Clock.SYSTEM, config, pauseDetector, TimeUnit.SECONDS) {
                @Override
                protected void recordNonNegative(long amount, TimeUnit unit) {
                    ThrowingMeterRegistry.this.recordings.increment();
                    long count = ThrowingMeterRegistry.this.recordings.sum();
                    if (count % 4 == 1) {
                        ThrowingMeterRegistry.this.runtimeExceptions.increment();
                        throw new IllegalStateException("meter failed on purpose");
                    }
                    if (count % 4 == 3) {
                        ThrowingMeterRegistry.this.errors.increment();
                        throw new OutOfMemoryError("meter failed on purpose");
                    }
                    super.recordNonNegative(amount, unit);
                }
            };
        }
    }
}
