package io.github.operationqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicIntegerArray;

import io.github.operationqueue.testing.ConcurrentTestHarness;
import io.github.operationqueue.testing.RejectingExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariants of {@link OperationQueue} under real threads: exactly once, FIFO per producer,
 * runners that hold no thread, stop racing with producers. Each test repeats
 * {@code concurrency.repeats} times (a system property, small in CI; raise it to hunt races).
 */
@Tag("concurrency")
@Timeout(60)
class OperationQueueConcurrencyTests {

    private static final int REPEATS = Integer.getInteger("concurrency.repeats", 3);

    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void shutDownPools() {
        this.pools.forEach(ExecutorService::shutdownNow);
    }

    // Completes asynchronous operations on threads of their own. Not the common pool: on a
    // two-core machine it starts a new thread per task.
    private final ExecutorService completer = pool(2);

    private ExecutorService pool(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        this.pools.add(pool);
        return pool;
    }

    @Test
    void hundredRunnersOverTwoThreadsKeepHundredAsynchronousOperationsInFlight() throws Exception {
        ExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        this.pools.add(timer);
        OperationQueue queue = OperationQueue.builder().name("wide").executor(pool(2)).build();
        queue.start(100);
        CountDownLatch allStarted = new CountDownLatch(100);
        CompletableFuture<Void> release = new CompletableFuture<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();

        for (int i = 0; i < 100; i++) {
            queue.enqueue(() -> {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                allStarted.countDown();
                // Each operation stays in flight until all hundred have started: only possible if
                // no runner holds a thread while it waits.
                return release.thenCompose((ignored) -> CompletableFuture.runAsync(inFlight::decrementAndGet,
                        CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS, timer)));
            });
        }

        assertThat(allStarted.await(30, TimeUnit.SECONDS)).as("all 100 operations started").isTrue();
        assertThat(queue.stats().runningRunners()).isEqualTo(100);
        release.complete(null);
        queue.stop().get(30, TimeUnit.SECONDS);

        assertThat(mostInFlight).hasValue(100);
        assertThat(queue.stats().completed()).isEqualTo(100);
    }

    @Test
    void eightProducersIntoSixteenRunnersPerformEveryOperationExactlyOnce() throws Exception {
        // 160,000 operations are enough per run; this one does not repeat.
        for (int repeat = 0; repeat < 1; repeat++) {
            int producers = 8;
            int perProducer = 20_000;
            OperationQueue queue = OperationQueue.builder().name("exactly-once").executor(pool(4)).build();
            queue.start(16);
            AtomicIntegerArray performed = new AtomicIntegerArray(producers * perProducer);

            ConcurrentTestHarness.run(producers, (producer) -> {
                for (int i = 0; i < perProducer; i++) {
                    int id = producer * perProducer + i;
                    // Half blocking bodies, half stages that complete later on another thread.
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        queue.enqueue(QueuedOperation.of(() -> performed.incrementAndGet(id)));
                    }
                    else {
                        queue.enqueue(() -> CompletableFuture.runAsync(() -> performed.incrementAndGet(id), this.completer));
                    }
                }
            });
            queue.stop().get(60, TimeUnit.SECONDS);

            List<String> notExactlyOnce = new ArrayList<>();
            for (int id = 0; id < performed.length(); id++) {
                if (performed.get(id) != 1) {
                    notExactlyOnce.add(id + " performed " + performed.get(id) + " times");
                }
            }
            assertThat(notExactlyOnce).isEmpty();
            OperationQueueStats stats = queue.stats();
            assertThat(stats.completed()).isEqualTo(stats.enqueued()).isEqualTo(producers * perProducer);
            assertThat(stats.stoppedRunners()).isEqualTo(16);
        }
    }

    @Test
    void oneRunnerKeepsEachProducersOrderAndNeverOverlapsOperations() throws Exception {
        for (int repeat = 0; repeat < REPEATS; repeat++) {
            int producers = 4;
            int perProducer = 2_500;
            OperationQueue queue = OperationQueue.builder().name("sequential").executor(pool(4)).build();
            queue.start(1);
            int[] lastSeen = new int[producers];
            java.util.Arrays.fill(lastSeen, -1);
            AtomicInteger overlapping = new AtomicInteger();
            AtomicInteger active = new AtomicInteger();
            List<String> disorders = new java.util.concurrent.CopyOnWriteArrayList<>();

            ConcurrentTestHarness.run(producers, (producer) -> {
                for (int i = 0; i < perProducer; i++) {
                    int sequence = i;
                    queue.enqueue(() -> {
                        if (active.incrementAndGet() != 1) {
                            overlapping.incrementAndGet();
                        }
                        // Plain array access is safe only because one runner is strictly sequential.
                        if (lastSeen[producer] != sequence - 1) {
                            disorders.add(producer + ":" + lastSeen[producer] + "->" + sequence);
                        }
                        lastSeen[producer] = sequence;
                        return CompletableFuture.runAsync(active::decrementAndGet, this.completer);
                    });
                }
            });
            queue.stop().get(60, TimeUnit.SECONDS);

            assertThat(overlapping).hasValue(0);
            assertThat(disorders).isEmpty();
            assertThat(lastSeen).containsOnly(perProducer - 1);
        }
    }

    @Test
    void stopRacingWithProducersPerformsOrReportsEveryAcceptedOperation() throws Exception {
        for (int repeat = 0; repeat < REPEATS; repeat++) {
            OperationQueue queue = OperationQueue.builder().name("racing-stop").executor(pool(3)).capacity(64).build();
            queue.start(4);
            AtomicInteger performed = new AtomicInteger();
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            List<CompletableFuture<Void>> acceptances = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch producing = new CountDownLatch(4);

            CompletableFuture<Void> producers = CompletableFuture.runAsync(() -> ConcurrentTestHarness.run(4, (p) -> {
                for (int i = 0; i < 2_000; i++) {
                    if (i == 100) {
                        producing.countDown();
                    }
                    acceptances.add(queue.enqueue(QueuedOperation.of(performed::incrementAndGet))
                        .whenComplete((ok, ex) -> (ex == null ? accepted : refused).incrementAndGet()));
                }
            }), pool(1));
            assertThat(producing.await(30, TimeUnit.SECONDS)).isTrue();
            queue.stop().get(30, TimeUnit.SECONDS);
            producers.get(30, TimeUnit.SECONDS);
            CompletableFuture.allOf(acceptances.stream()
                .map((f) -> f.exceptionally((ex) -> null))
                .toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            OperationQueueStats stats = queue.stats();
            assertThat(accepted.get() + refused.get()).isEqualTo(8_000);
            assertThat(stats.enqueued()).isEqualTo(accepted.get());
            assertThat(performed).hasValue(accepted.get());
            assertThat(stats.completed()).isEqualTo(accepted.get());
            assertThat(stats.abandoned()).isZero();
            assertThat(stats.depth()).isZero();
            assertThat(stats.awaitingRoom()).isZero();
        }
    }

    @Test
    void boundedQueueNeverHoldsMoreThanItsCapacity() throws Exception {
        for (int repeat = 0; repeat < REPEATS; repeat++) {
            int capacity = 8;
            OperationQueue queue = OperationQueue.builder().name("bounded").executor(pool(2)).capacity(capacity).build();
            AtomicLong deepest = new AtomicLong();
            AtomicInteger performed = new AtomicInteger();
            queue.start(3);

            ConcurrentTestHarness.run(4, (producer) -> {
                List<CompletableFuture<Void>> mine = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    mine.add(queue.enqueue(QueuedOperation.of(() -> {
                        deepest.accumulateAndGet(queue.stats().depth(), Math::max);
                        performed.incrementAndGet();
                    })));
                }
                CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new)).join();
            });
            queue.stop().get(30, TimeUnit.SECONDS);

            assertThat(performed).hasValue(8_000);
            assertThat(deepest.get()).isLessThanOrEqualTo(capacity);
        }
    }

    @Test
    void enqueuesWaitingForRoomAreAcceptedInTheOrderTheyWereMade() throws Exception {
        for (int repeat = 0; repeat < REPEATS; repeat++) {
            // Room is freed by the runner's thread while the producer's own enqueues admit waiters
            // too: two admitters at once must not swap the waiters they admit.
            OperationQueue queue = OperationQueue.builder().name("admission").executor(pool(2)).capacity(2).build();
            queue.start(1);
            int operations = 20_000;
            List<Integer> performed = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<CompletableFuture<Void>> acceptances = new ArrayList<>(operations);
            for (int i = 0; i < operations; i++) {
                int id = i;
                acceptances.add(queue.enqueue(QueuedOperation.of(() -> performed.add(id))));
            }
            CompletableFuture.allOf(acceptances.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            queue.stop().get(60, TimeUnit.SECONDS);

            List<String> outOfOrder = new ArrayList<>();
            for (int i = 1; i < performed.size(); i++) {
                if (performed.get(i) < performed.get(i - 1)) {
                    outOfOrder.add(performed.get(i - 1) + " before " + performed.get(i));
                }
            }
            assertThat(outOfOrder).isEmpty();
            assertThat(performed).hasSize(operations);
        }
    }

    @Test
    void aSaturatedExecutorThatRejectsUnderLoadLosesNothing() throws Exception {
        RejectingExecutor rejecting = new RejectingExecutor(pool(2), 50);
        OperationQueue queue = OperationQueue.builder().name("rejecting").executor(rejecting).build();
        queue.start(8);
        AtomicInteger performed = new AtomicInteger();

        ConcurrentTestHarness.run(4, (producer) -> {
            for (int i = 0; i < 1_000; i++) {
                queue.enqueue(QueuedOperation.of(performed::incrementAndGet));
            }
        });
        queue.stop(Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);

        assertThat(performed).hasValue(4_000);
        assertThat(queue.stats().rejections()).isEqualTo(rejecting.rejected());
        assertThat(queue.stats().abandoned()).isZero();
    }
}
