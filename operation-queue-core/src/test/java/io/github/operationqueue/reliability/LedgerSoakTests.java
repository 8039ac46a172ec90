package io.github.operationqueue.reliability;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueueListener;
import io.github.operationqueue.OperationQueueStats;
import io.github.operationqueue.QueueStoppedException;
import io.github.operationqueue.QueuedOperation;
import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ledger soak: eight threads enqueue a mix of synchronous, blocking, asynchronous and line-holding
 * operations, a tenth of which fail, through every way in ({@code enqueue}, {@code tryEnqueue},
 * {@code submit}, {@code submitBlocking}); meanwhile the queue is paused and resumed, storms of operations
 * contend for one {@link Line}, and at a random moment the queue is stopped with a short drain timeout
 * while the enqueuers are still at it. A {@link Ledger} follows every operation; at the end it must show
 * that each accepted operation finished exactly once or was reported abandoned, that each refused enqueue
 * was told so and counted, and that the queue's stats, listener and log agree with it. The heap after
 * collections stays flat during the run, and no thread is left behind after the stop.
 *
 * <p>Each run picks a capacity and an executor: a fixed pool; a pool with no queue and the default
 * {@code AbortPolicy} (Spring's {@code queueCapacity=0}), saturated by eight runners on four threads, so that
 * wake-ups are rejected and retried and budget self-dispatches are refused and won back in place; and the same
 * pool with a {@code DiscardPolicy} and a small budget, which silently drops runners: they stay PENDING until
 * the drain deadline claims them, and what they would have performed is reported abandoned.
 *
 * <p>The default build soaks 20 s in all (5 s per run); {@code -Preliability} soaks 4 minutes. The seed is logged; {@code -Dreliability.seed=} replays the enqueuers' choices (thread
 * interleavings differ from run to run).
 */
@Tag("reliability")
class LedgerSoakTests {

    private static final Logger logger = LoggerFactory.getLogger(LedgerSoakTests.class);

    private static final int ENQUEUERS = 8;

    private static final int RUNNERS = 8;

    private static final int THREADS = 4;

    // The enqueuers hold back while this many operations are in flight: a soak measures a steady state.
    private static final int MAX_IN_FLIGHT = 2_000;

    // Each enqueuer lets this many enqueues wait for room before it waits for the oldest.
    private static final int MAX_WAITING_PER_ENQUEUER = 16;

    private static final Duration SOAK_PER_CAPACITY = Reliability.scaled(Duration.ofSeconds(5));

    // A guard against a hang, far above the soak itself; no speed is asserted.
    @ParameterizedTest(name = "capacity {0}, {1}")
    @CsvSource({ "64, FIXED", "0, FIXED", "64, SATURATED_ABORTING", "0, SATURATED_DISCARDING" })
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyAcceptedOperationFinishesOnceOrIsReportedAbandoned(int capacity, Pool pool) throws Exception {
        long seed = Reliability.seed("ledger soak, capacity " + capacity + ", " + pool);
        try (Soak soak = new Soak(capacity, pool, seed)) {
            soak.run(SOAK_PER_CAPACITY);
            soak.verify();
        }
    }

    /** One soak run: its queue, threads, ledger and measurements. */
    private static final class Soak implements AutoCloseable {

        private final SplittableRandom random;

        private final int capacity;

        private final Pool pool;

        private final Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());

        private final ExecutorService workers;

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("soak-timer"));

        private final Ledger ledger = new Ledger();

        private final Line line = new Line("soak");

        private final CountingListener events = new CountingListener();

        private final QueueReports reports = new QueueReports();

        private final HeapSamples heap = new HeapSamples();

        private final OperationQueue queue;

        private final LongAdder lineStorms = new LongAdder();

        private final LongAdder pauses = new LongAdder();

        private volatile boolean producing = true;

        private OperationQueueStats finalStats;

        Soak(int capacity, Pool pool, long seed) {
            this.capacity = capacity;
            this.pool = pool;
            this.random = new SplittableRandom(seed);
            this.workers = pool.create(named("soak-worker"));
            this.queue = OperationQueue.builder()
                .name("soak")
                .executor(this.workers)
                .capacity(capacity)
                .budget(pool.budget)
                .listener(this.events)
                .build();
        }

        void run(Duration duration) throws Exception {
            this.queue.start(RUNNERS);
            List<Thread> enqueuers = new ArrayList<>();
            for (int i = 0; i < ENQUEUERS; i++) {
                SplittableRandom own = this.random.split();
                Thread enqueuer = new Thread(() -> enqueueUntilStopped(own), "soak-enqueuer-" + i);
                enqueuers.add(enqueuer);
                enqueuer.start();
            }
            long start = System.nanoTime();
            long stopAt = start + (long) (duration.toNanos() * (0.8 + 0.2 * this.random.nextDouble()));
            long nextSample = start;
            while (System.nanoTime() < stopAt) {
                if (System.nanoTime() >= nextSample) {
                    this.heap.sample();
                    nextSample = System.nanoTime() + duration.toNanos() / 25;
                }
                sleepMillis(20 + this.random.nextInt(80));
                this.queue.pause();
                this.pauses.increment();
                sleepMillis(1 + this.random.nextInt(10));
                this.queue.resume();
            }
            Duration drainTimeout = Duration.ofMillis(this.random.nextInt(50));
            CompletableFuture<Void> stopped = this.queue.stop(drainTimeout);
            // The enqueuers go on for a moment: enqueues now meet a stopped queue.
            sleepMillis(20);
            this.producing = false;
            for (Thread enqueuer : enqueuers) {
                enqueuer.join(TimeUnit.MINUTES.toMillis(1));
                assertThat(enqueuer.isAlive()).as("%s still running", enqueuer.getName()).isFalse();
            }
            stopped.get(1, TimeUnit.MINUTES);
            // Listeners and futures may still be completing on the thread that stopped the last runner.
            await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> this.ledger.unsettled().stream()
                .noneMatch((entry) -> entry.channel == Ledger.Channel.SUBMIT));
            this.finalStats = this.queue.stats();
            logger.info("capacity {}, {}: stopped with a drain timeout of {} ms", this.capacity, this.pool,
                    drainTimeout.toMillis());
        }

        private void enqueueUntilStopped(SplittableRandom random) {
            Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
            while (this.producing) {
                if (this.ledger.inFlight() > MAX_IN_FLIGHT) {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                    continue;
                }
                if (random.nextInt(2_000) == 0) {
                    this.lineStorms.increment();
                    for (int i = 0; i < 50 && this.producing; i++) {
                        handOver(random, Kind.LINE, waiting);
                    }
                }
                else {
                    handOver(random, Kind.values()[random.nextInt(Kind.values().length)], waiting);
                }
                waiting.removeIf(CompletableFuture::isDone);
                while (waiting.size() > MAX_WAITING_PER_ENQUEUER && this.producing) {
                    try {
                        waiting.peekFirst().get(100, TimeUnit.MILLISECONDS);
                    }
                    catch (TimeoutException ex) {
                        // Paused, or full: look at the stop flag again.
                    }
                    catch (Exception ex) {
                        // Refused by the stop; the ledger has it.
                    }
                    waiting.removeIf(CompletableFuture::isDone);
                }
            }
        }

        private void handOver(SplittableRandom random, Kind kind, Deque<CompletableFuture<Void>> waiting) {
            boolean fails = random.nextInt(10) == 0;
            long delayMicros = random.nextInt(2_000);
            int channel = random.nextInt(4);
            if (channel == 0) {
                Ledger.Entry entry = this.ledger.open(Ledger.Channel.TRY_ENQUEUE);
                try {
                    if (this.queue.tryEnqueue(operation(entry, kind, fails, delayMicros))) {
                        entry.accepted();
                    }
                    else {
                        entry.refused(false);
                    }
                }
                catch (QueueStoppedException ex) {
                    entry.refused(false);
                }
            }
            else if (channel == 1) {
                Ledger.Entry entry = this.ledger.open(Ledger.Channel.SUBMIT);
                QueuedOperation operation = operation(entry, kind, fails, delayMicros);
                this.queue.submit(operation::perform).whenComplete(entry::reported);
            }
            else {
                Ledger.Entry entry = this.ledger.open(Ledger.Channel.ENQUEUE);
                CompletableFuture<Void> accepted = this.queue.enqueue(operation(entry, kind, fails, delayMicros));
                boolean waited = !accepted.isDone();
                accepted.whenComplete((ignored, refused) -> {
                    if (refused == null) {
                        entry.accepted();
                    }
                    else {
                        entry.refused(waited);
                    }
                });
                if (waited) {
                    waiting.addLast(accepted);
                }
            }
        }

        /** The operation the queue performs for {@code entry}: its value is the entry's id. */
        private QueuedOperation operation(Ledger.Entry entry, Kind kind, boolean fails, long delayMicros) {
            return () -> {
                entry.performed();
                CompletionStage<Long> stage = switch (kind) {
                    case SYNC -> fails ? CompletableFuture.failedFuture(new SoakFailure())
                            : CompletableFuture.completedFuture(entry.id);
                    case BLOCKING -> {
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(delayMicros / 4));
                        if (fails) {
                            entry.finished(true);
                            throw new SoakFailure();
                        }
                        yield CompletableFuture.completedFuture(entry.id);
                    }
                    case ASYNC -> later(entry.id, fails, delayMicros);
                    case LINE -> onTheLine(entry.id, fails, delayMicros);
                };
                return stage.whenComplete((value, failure) -> entry.finished(failure != null));
            };
        }

        private CompletableFuture<Long> later(long value, boolean fails, long delayMicros) {
            CompletableFuture<Long> stage = new CompletableFuture<>();
            this.timer.schedule(() -> {
                if (fails) {
                    stage.completeExceptionally(new SoakFailure());
                }
                else {
                    stage.complete(value);
                }
            }, delayMicros, TimeUnit.MICROSECONDS);
            return stage;
        }

        /** Holds the line for a while if it is free; otherwise waits until its holder lets go. */
        private CompletableFuture<Long> onTheLine(long value, boolean fails, long delayMicros) {
            AcquireOutcome outcome = this.line.tryAcquireToken();
            if (outcome instanceof AcquireOutcome.Success success) {
                return later(value, fails, delayMicros).whenComplete((ignored, failure) -> success.token().close());
            }
            CompletableFuture<Void> released = ((AcquireOutcome.Failure) outcome).released();
            return released.thenCompose((ignored) -> fails ? CompletableFuture.failedFuture(new SoakFailure())
                    : CompletableFuture.completedFuture(value));
        }

        void verify() {
            OperationQueueStats stats = this.finalStats;
            Ledger ledger = this.ledger;
            assertThat(ledger.violations()).as("ledger violations").isEmpty();

            List<Ledger.Entry> left = ledger.unsettled();
            List<Ledger.Entry> notAccounted = left.stream().filter((entry) -> !entry.isAcceptedAndNeverPerformed())
                .toList();
            assertThat(notAccounted).as("operations whose end is unknown")
                .extracting(Ledger.Entry::describe)
                .isEmpty();
            long abandonedEnqueues = left.size();

            // A submit future that failed with QueueStoppedException was refused or abandoned; the queue's
            // acceptance count tells how many of them it had accepted.
            long acceptedSubmits = stats.enqueued() - ledger.accepted.sum();
            long abandonedSubmits = acceptedSubmits - ledger.submitRan.sum();
            assertThat(abandonedSubmits).as("submit operations accepted and not performed")
                .isBetween(0L, ledger.submitNotRunReported.sum());
            long refusedSubmits = ledger.submitNotRunReported.sum() - abandonedSubmits;

            assertThat(stats.completed()).as("completed").isEqualTo(ledger.succeeded.sum());
            assertThat(stats.failed()).as("failed").isEqualTo(ledger.failed.sum());
            assertThat(stats.abandoned()).as("abandoned").isEqualTo(abandonedEnqueues + abandonedSubmits);
            long lost = stats.enqueued() - stats.completed() - stats.failed() - stats.abandoned();
            assertThat(lost).as("accepted operations lost").isZero();

            // Refused while waiting for room: counted, and logged with the count.
            assertThat(stats.refused()).as("refused after waiting for room")
                .isBetween(ledger.refusedAfterWaiting.sum(), ledger.refused.sum() + refusedSubmits);
            assertThat(this.reports.refused.sum()).as("refused enqueues in the log").isEqualTo(stats.refused());
            assertThat(this.reports.abandoned.sum()).as("abandoned operations in the log")
                .isEqualTo(stats.abandoned());
            assertThat(this.reports.errors.sum()).as("ERROR lines").isZero();

            assertThat(this.events.enqueued.sum()).as("enqueued events").isEqualTo(stats.enqueued());
            assertThat(this.events.started.sum()).as("started events").isEqualTo(stats.completed() + stats.failed());
            assertThat(this.events.completed.sum()).as("completed events").isEqualTo(stats.completed());
            assertThat(this.events.failed.sum()).as("failed events").isEqualTo(stats.failed());
            assertThat(this.events.abandoned.sum()).as("abandoned events").isEqualTo(stats.abandoned());

            assertThat(stats.depth()).isZero();
            assertThat(stats.awaitingRoom()).isZero();
            assertThat(stats.runners(io.github.operationqueue.RunnerState.STOPPED)).isEqualTo(RUNNERS);
            assertThat(this.line.status()).as("the line after the soak").isInstanceOf(
                    io.github.operationqueue.line.LineStatus.Free.class);

            logger.info("capacity {}, {}: {} operations handed over, {} accepted, {} completed, {} failed, {} abandoned, "
                    + "{} refused ({} counted as refused after waiting for room), {} lost; {} pauses, {} line storms, "
                    + "{} rejected dispatches; heap after GC: {}", this.capacity, this.pool, ledger.attempts.sum(),
                    stats.enqueued(), stats.completed(),
                    stats.failed(), stats.abandoned(), ledger.refused.sum() + refusedSubmits, stats.refused(), lost,
                    this.pauses.sum(), this.lineStorms.sum(), stats.rejections(), this.heap);
            assertThat(this.heap.size()).as("heap samples").isGreaterThanOrEqualTo(8);
            assertThat(Math.abs(this.heap.drift())).as("heap drift after GC (%s)", this.heap).isLessThanOrEqualTo(0.10);
        }

        /** Shuts down the test's own threads, then checks that nothing the queue started is left. */
        @Override
        public void close() throws Exception {
            this.producing = false;
            this.queue.stop();
            this.reports.close();
            this.workers.shutdown();
            this.timer.shutdown();
            assertThat(this.workers.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            assertThat(this.timer.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            await().pollInSameThread().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(threadsLeftBehind()).isEmpty());
        }

        private List<String> threadsLeftBehind() {
            return Thread.getAllStackTraces().keySet().stream()
                .filter((thread) -> !this.threadsBefore.contains(thread) && thread.isAlive())
                // The JDK's one delay-scheduler thread (CompletableFuture.delayedExecutor), shared by the JVM.
                .filter((thread) -> !thread.getName().equals("CompletableFutureDelayScheduler"))
                .map(Thread::getName)
                .collect(Collectors.toList());
        }

        private static ThreadFactory named(String prefix) {
            AtomicInteger count = new AtomicInteger();
            return (task) -> new Thread(task, prefix + "-" + count.incrementAndGet());
        }

        private static void sleepMillis(long millis) throws InterruptedException {
            TimeUnit.MILLISECONDS.sleep(millis);
        }
    }

    private enum Kind {
        SYNC, BLOCKING, ASYNC, LINE
    }

    /** The executor of a soak run, and the runner budget it is soaked with. */
    enum Pool {

        FIXED(64) {
            @Override
            ExecutorService create(ThreadFactory threads) {
                return Executors.newFixedThreadPool(THREADS, threads);
            }
        },
        SATURATED_ABORTING(16) {
            @Override
            ExecutorService create(ThreadFactory threads) {
                return new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new SynchronousQueue<>(), threads,
                        new ThreadPoolExecutor.AbortPolicy());
            }
        },
        SATURATED_DISCARDING(8) {
            @Override
            ExecutorService create(ThreadFactory threads) {
                return new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new SynchronousQueue<>(), threads,
                        new ThreadPoolExecutor.DiscardPolicy());
            }
        };

        final int budget;

        Pool(int budget) {
            this.budget = budget;
        }

        abstract ExecutorService create(ThreadFactory threads);
    }

    /** Counts every event the queue tells its listeners. */
    private static final class CountingListener implements OperationQueueListener {

        final LongAdder enqueued = new LongAdder();

        final LongAdder started = new LongAdder();

        final LongAdder completed = new LongAdder();

        final LongAdder failed = new LongAdder();

        final LongAdder abandoned = new LongAdder();

        @Override
        public void enqueued(String queue) {
            this.enqueued.increment();
        }

        @Override
        public void started(String queue, Duration waited) {
            this.started.increment();
        }

        @Override
        public void completed(String queue, Duration duration, Throwable failure) {
            (failure != null ? this.failed : this.completed).increment();
        }

        @Override
        public void abandoned(String queue, int count) {
            this.abandoned.add(count);
        }
    }
}
