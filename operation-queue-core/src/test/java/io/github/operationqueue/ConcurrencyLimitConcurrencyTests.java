package io.github.operationqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.operationqueue.flow.ConcurrencyLimit;
import io.github.operationqueue.flow.netflix.NetflixConcurrencyLimits;
import io.github.operationqueue.testing.ConcurrentTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limit gate under real threads, seeded at random (the seed is logged; set
 * {@code -Dflow.seed=...} to replay one): producers, runners, stages completing on other threads,
 * overload failures moving an adaptive limit, and an operator setting the limit meanwhile. Never more
 * operations in flight than the highest limit the queue could have had, and nothing lost.
 */
@Tag("concurrency")
@Timeout(60)
class ConcurrencyLimitConcurrencyTests {

    private static final Logger logger = LoggerFactory.getLogger(ConcurrencyLimitConcurrencyTests.class);

    private static final int REPEATS = Integer.getInteger("concurrency.repeats", 3);

    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void shutDownPools() {
        this.pools.forEach(ExecutorService::shutdownNow);
    }

    @Test
    void neverMoreInFlightThanTheLimitAndNothingLost() throws Exception {
        long baseSeed = Long.getLong("flow.seed", System.nanoTime());
        for (int repeat = 0; repeat < REPEATS; repeat++) {
            long seed = baseSeed + repeat;
            logger.info("limit gate run with seed {}", seed);
            run(seed);
        }
    }

    private void run(long seed) throws Exception {
        Random random = new Random(seed);
        int runners = 4 + random.nextInt(40);
        int ceiling = 1 + random.nextInt(runners - 1);
        boolean adaptive = random.nextBoolean();
        ConcurrencyLimit limit = adaptive ? NetflixConcurrencyLimits.aimd(1, ceiling, 1 + random.nextInt(ceiling))
                : ConcurrencyLimit.fixed(ceiling);
        int operations = 500 + random.nextInt(1500);
        ExecutorService runnerThreads = pool(4);
        ExecutorService completers = pool(2);
        OperationQueue queue = OperationQueue.builder()
            .name("gate-" + seed)
            .executor(runnerThreads)
            .limit(limit)
            .overloadOn(ConcurrencyLimitTests.ServiceUnavailable.class)
            .build();
        queue.start(runners);

        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger performed = new AtomicInteger();
        long[] opSeeds = random.longs(operations).toArray();
        int producers = 3;
        ConcurrentTestHarness.run(producers, (producer) -> {
            for (int i = producer; i < operations; i += producers) {
                int kind = (int) Math.floorMod(opSeeds[i], 4L);
                queue.enqueue(() -> {
                    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    performed.incrementAndGet();
                    if (kind == 0) {
                        inFlight.decrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    }
                    return CompletableFuture.runAsync(() -> {
                        inFlight.decrementAndGet();
                        if (kind == 1) {
                            throw new ConcurrencyLimitTests.ServiceUnavailable();
                        }
                    }, completers);
                });
                if (!adaptive && i % 97 == 0) {
                    // An operator steering the limit within the same ceiling.
                    queue.setLimit(1 + Math.floorMod((int) opSeeds[i], ceiling));
                }
            }
        });
        queue.stop().get(30, TimeUnit.SECONDS);

        OperationQueueStats stats = queue.stats();
        assertThat(stats.completed() + stats.failed()).as("seed %d", seed).isEqualTo(operations);
        assertThat(performed).as("seed %d", seed).hasValue(operations);
        assertThat(mostInFlight.get()).as("seed %d: most in flight, ceiling %d", seed, ceiling)
            .isLessThanOrEqualTo(ceiling);
        assertThat(queue.flowControl().inFlight()).as("seed %d", seed).isZero();
    }

    private ExecutorService pool(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        this.pools.add(pool);
        return pool;
    }
}
