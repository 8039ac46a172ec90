package io.github.operationqueue;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.operationqueue.flow.StartRate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plain stop racing the permit timers of a rate-limited queue under real threads, seeded at random
 * (the seed is logged; set {@code -Dflow.seed=...} to replay one). Most permits are due within two
 * milliseconds, so timers fire while the stop closes and claims; some runners reserve their permit
 * just as the last entry is taken elsewhere and get one an hour ahead, as a slow rate would give them.
 * The stop must complete without waiting for those, with every runner stopped exactly once and nothing
 * lost.
 */
@Tag("concurrency")
@Timeout(120)
class DrainedStopConcurrencyTests {

    private static final Logger logger = LoggerFactory.getLogger(DrainedStopConcurrencyTests.class);

    private static final int REPEATS = Integer.getInteger("concurrency.repeats", 3) * 5;

    private static final long HOUR = Duration.ofHours(1).toNanos();

    // In the permit plan: reserve once every operation has started, for an hour.
    private static final long LATE = -1;

    private static final int THREADS = 4;

    @Test
    void aPlainStopRacingPermitTimersStopsEveryRunnerOnceWithoutWaitingForLatePermits() throws Exception {
        long firstSeed = Long.getLong("flow.seed", System.nanoTime());
        ExecutorService runnerThreads = Executors.newFixedThreadPool(THREADS);
        ExecutorService completers = Executors.newFixedThreadPool(2);
        try {
            for (long seed = firstSeed; seed < firstSeed + REPEATS; seed++) {
                logger.info("drained stop run with seed {}", seed);
                stopWhilePermitTimersFire(seed, runnerThreads, completers);
            }
        }
        finally {
            runnerThreads.shutdownNow();
            completers.shutdownNow();
        }
    }

    private void stopWhilePermitTimersFire(long seed, ExecutorService runnerThreads, ExecutorService completers)
            throws Exception {
        Random random = new Random(seed);
        int runners = 8 + random.nextInt(150);
        int operations = 20 + random.nextInt(300);
        int stopAfter = random.nextInt(operations + 1);
        long[] plan = new long[64];
        for (int i = 0; i < plan.length; i++) {
            plan[i] = (random.nextInt(4) == 0) ? LATE : random.nextInt((int) TimeUnit.MILLISECONDS.toNanos(2));
        }
        CountDownLatch allStarted = new CountDownLatch(operations);
        // At most half the threads wait for the late permits, so the others always drain the queue.
        Semaphore lateReservers = new Semaphore(THREADS / 2);
        AtomicInteger reservations = new AtomicInteger();
        StartRate rate = new StartRate() {
            @Override
            public long reserveNanos() {
                long wait = plan[Math.floorMod(reservations.getAndIncrement(), plan.length)];
                if (wait != LATE || !lateReservers.tryAcquire()) {
                    return Math.max(0, wait);
                }
                try {
                    // This runner saw an entry; by the time its permit is reserved, others took them all.
                    allStarted.await(30, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                finally {
                    lateReservers.release();
                }
                return HOUR;
            }

            @Override
            public String describe() {
                return "seeded";
            }
        };
        OperationQueue queue = OperationQueue.builder()
            .name("drained-stop-" + Math.floorMod(seed, 1_000_000L))
            .executor(runnerThreads)
            .rate(rate)
            .build();
        queue.start(runners);

        AtomicInteger started = new AtomicInteger();
        for (int i = 0; i < operations; i++) {
            boolean async = random.nextBoolean();
            queue.enqueue(() -> {
                started.incrementAndGet();
                allStarted.countDown();
                return async ? CompletableFuture.runAsync(() -> {
                }, completers) : CompletableFuture.completedFuture(null);
            });
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> started.get() >= stopAfter);
        // Late permits lie an hour ahead: a stop that waited for one would miss this by far.
        assertThat(queue.stop()).as("seed %d: the stop", seed).succeedsWithin(Duration.ofSeconds(30));

        OperationQueueStats stats = queue.stats();
        assertThat(stats.completed()).as("seed %d", seed).isEqualTo(operations);
        assertThat(stats.abandoned()).as("seed %d", seed).isZero();
        assertThat(started).as("seed %d", seed).hasValue(operations);
        assertThat(stats.stoppedRunners()).as("seed %d", seed).isEqualTo(runners);
        // A runner counted down twice (claimed and stopped by its timer) would take this below zero.
        assertThat(queue.scheduler.liveRunners()).as("seed %d", seed).isZero();
    }
}
