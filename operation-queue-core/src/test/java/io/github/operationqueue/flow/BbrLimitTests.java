package io.github.operationqueue.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link BbrLimit} against a simulated remote in virtual time ({@link SimulatedRemoteLoad}): every figure is
 * a count of operations or of virtual nanoseconds, and each run is the same for its seed (logged).
 */
@Timeout(60)
class BbrLimitTests {

    private static final Logger logger = LoggerFactory.getLogger(BbrLimitTests.class);

    private static final long MILLIS = TimeUnit.MILLISECONDS.toNanos(1);

    // Another seed: -Dbbr.seed=N.
    private static final long SEED = Long.getLong("bbr.seed", 20261207L);

    @BeforeEach
    void logSeed() {
        logger.info("seed {}", SEED);
    }

    @Test
    void settlesWithinAQuarterOfTheRemotesCapacityAndKeepsItBusy() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(1, 200, 20);
        SimulatedRemoteLoad load = steadyRemote(limit, 30);
        load.run(2_000);
        List<Integer> limits = new ArrayList<>();
        double perSecond = load.successesPerSecondOver(20_000, limits::add);

        assertAllBetween(limits, 23, 37);
        assertThat(load.refused()).as("503s after the start").isZero();
        // The remote serves 30 every 25 ms at most: 1,200 a second.
        assertThat(perSecond).isGreaterThan(0.95 * 1_200);
    }

    @Test
    void followsTheRemoteWhenItsCapacityHalves() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(1, 200, 20);
        SimulatedRemoteLoad load = steadyRemote(limit, 30);
        load.run(5_000);
        load.capacity(15);
        List<Integer> limits = load.limitsOver(12_000);

        // Within 2,000 operations (under two seconds at the remote's new 600 a second) the limit is near 15.
        assertAllBetween(limits.subList(2_000, limits.size()), 12, 18);
    }

    @Test
    void growsWhenTheRemoteGainsRoom() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(1, 200, 20);
        SimulatedRemoteLoad load = steadyRemote(limit, 15);
        load.run(5_000);
        assertThat(limit.limit()).isBetween(12, 18);
        load.capacity(60);
        List<Integer> limits = load.limitsOver(30_000);

        assertAllBetween(limits.subList(20_000, limits.size()), 45, 75);
    }

    @ParameterizedTest(name = "capacity {0}")
    @CsvSource({ "5, 4, 10", "15, 12, 19", "100, 80, 125" })
    void settlesNearRemotesOfEverySize(int capacity, int lowest, int highest) {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(1, 200, 20);
        SimulatedRemoteLoad load = steadyRemote(limit, capacity);
        load.run(10 * capacity + 3_000);
        List<Integer> limits = load.limitsOver(20_000);

        assertAllBetween(limits, lowest, highest);
    }

    @Test
    void dropsByAtLeastAThirdAfterARoundOfOverloadAndForgetsTheRateItHadMeasured() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(1, 200, 40);
        long now = fourRoundsAtForty(limit);
        int before = limit.limit();
        assertThat(before).isGreaterThanOrEqualTo(36);

        // A round in which a tenth of the operations were refused.
        int round = 2 * before;
        for (int i = 0; i < round; i++) {
            now += MILLIS * 25 / 40;
            limit.onSample(now - 25 * MILLIS, 25 * MILLIS, before, i % 10 == 0);
        }
        assertThat(limit.limit()).isLessThanOrEqualTo((int) (0.7 * before));
    }

    @Test
    void dropsAfterTwiceItsLimitOfRefusalsWhenTheRemoteRefusesEverything() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(1, 200, 40);
        long now = fourRoundsAtForty(limit);
        int before = limit.limit();

        // Every request refused within 5 ms: no round started after this has a success to measure a latency
        // by, which a round of overload does not need.
        int refusals = 0;
        while (limit.limit() == before && refusals < 20 * before) {
            now += MILLIS;
            limit.onSample(now - 5 * MILLIS, 5 * MILLIS, before, true);
            refusals++;
        }
        // The round under way when they began, then at most one more: twice the limit each.
        assertThat(refusals).isLessThanOrEqualTo(4 * before);
        assertThat(limit.limit()).isLessThanOrEqualTo((int) (0.7 * before));
    }

    @Test
    void comesBackUpAfterAnOutageInWhichTheRemoteRefusedEverything() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(1, 200, 20);
        SimulatedRemoteLoad load = steadyRemote(limit, 30);
        load.run(3_000);
        // A restart of the remote: every request is refused at once for a while.
        load.refuseOneIn(1);
        load.run(2_000);
        assertThat(limit.limit()).isEqualTo(1);
        load.refuseOneIn(0);
        List<Integer> limits = load.limitsOver(20_000);

        // Back near the capacity as after a start, not one more every cycle of eight rounds (or never).
        assertAllBetween(limits.subList(2_000, limits.size()), 20, 37);
    }

    @Test
    void neverRunsAwayToMaxWhenTheRemoteSlowsWithoutRefusingWhileTheQueueCannotFillItsLimit() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(1, 200, 20);
        SimulatedRemoteLoad load = steadyRemote(limit, 100);
        load.queueWithoutBound();
        // Fifty callers, each waiting for its operation before it enqueues the next (or fifty runners): the
        // remote has room for more, so every round leaves the limit part empty.
        load.demand(50);
        load.run(5_000);
        int before = limit.limit();
        // The remote now serves ten at once and queues the rest inside, without refusing any.
        load.capacity(10);
        List<Integer> limits = load.limitsOver(20_000);

        // Its latency grows fivefold while no round fills the limit to age the rate measured before: their
        // product went to max. (It does not come down to ten either: see the class description.)
        assertThat(limits).allSatisfy((value) -> assertThat(value).isLessThanOrEqualTo(before));
    }

    @Test
    void takesRareOverloadAsNoise() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(1, 200, 20);
        SimulatedRemoteLoad load = steadyRemote(limit, 30);
        load.refuseOneIn(200);
        load.run(2_000);
        List<Integer> limits = load.limitsOver(20_000);

        assertThat(load.refused()).isGreaterThan(50);
        // Now and then three refusals fall in one round and the limit drops a step; it is back within a few.
        assertThat(limits.stream().filter((value) -> value >= 23 && value <= 37).count())
            .isGreaterThan(95L * limits.size() / 100);
        assertAllBetween(limits, 15, 37);
    }

    @Test
    void learnsARemotesUsualShareOfRefusalsAndStaysNearItsCapacity() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(1, 200, 20);
        SimulatedRemoteLoad load = steadyRemote(limit, 30);
        // 2% of requests refused whatever the load, as the example app's stand-in does.
        load.refuseOneIn(50);
        load.run(3_000);
        List<Integer> limits = load.limitsOver(20_000);

        assertThat(limits.stream().mapToInt(Integer::intValue).average().orElseThrow()).isBetween(26.0, 36.0);
        assertThat(limits.stream().filter((value) -> value >= 23 && value <= 37).count())
            .isGreaterThan(90L * limits.size() / 100);
    }

    @Test
    void findsTheCapacityOfARemoteThatRefusesOneRequestInTwentyWhateverItsLoad() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(2, 200, 10);
        SimulatedRemoteLoad load = new SimulatedRemoteLoad(limit, 30, 135 * MILLIS, 15 * MILLIS, SEED);
        // As the example app's tests configure its stand-in: 5% refused at random. In a round of a small limit
        // one such refusal was already a tenth of it, and the limit sat at its floor of 2.
        load.refuseOneIn(20);
        load.run(8_000);
        List<Integer> limits = load.limitsOver(20_000);

        assertThat(limits.stream().mapToInt(Integer::intValue).average().orElseThrow()).isBetween(24.0, 37.0);
        assertThat(limits.stream().filter((value) -> value < 15).count()).isLessThan(limits.size() / 20L);
    }

    @Test
    void keepsTheRemoteBusyThroughWavesOfSlowOperations() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(2, 200, 10);
        SimulatedRemoteLoad load = new SimulatedRemoteLoad(limit, 30, 135 * MILLIS, 15 * MILLIS, SEED);
        // Every second, the operations started in the first 150 ms take 250 ms more: the requests that meet
        // an expired token and wait for a login, as in the example app's tests.
        load.slowWaves(1_000 * MILLIS, 150 * MILLIS, 250 * MILLIS);
        load.run(3_000);
        List<Integer> limits = load.limitsOver(20_000);

        // Above the capacity on average (the slowed operations hold places for longer), below two thirds of it
        // rarely: the waves must not sink it as random refusals once did.
        assertThat(limits.stream().mapToInt(Integer::intValue).average().orElseThrow()).isBetween(27.0, 60.0);
        assertThat(limits.stream().filter((value) -> value < 20).count()).isLessThan(limits.size() / 20L);
    }

    @Test
    void keepsWhatItLearntWhileTheQueueHasLittleWork() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(1, 200, 20);
        SimulatedRemoteLoad load = steadyRemote(limit, 30);
        load.run(5_000);
        load.demand(5);
        List<Integer> limits = load.limitsOver(10_000);
        load.demand(Integer.MAX_VALUE);
        load.run(200, limits::add);

        assertAllBetween(limits, 23, 37);
    }

    @Test
    void keepsTheRemoteBusyWhenItsLatencyIsNoisy() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(1, 200, 20);
        // Latency from 5 to 39 ms whatever the load, up to the capacity: a round's mean latency varies by
        // about a tenth, which could read as queueing, or as a faster remote.
        SimulatedRemoteLoad load = new SimulatedRemoteLoad(limit, 30, 22 * MILLIS, 17 * MILLIS, SEED);
        load.run(3_000);
        List<Integer> limits = new ArrayList<>();
        double perSecond = load.successesPerSecondOver(30_000, limits::add);

        // At most 30 / 22 ms, 1,364 a second.
        assertThat(perSecond).isGreaterThan(0.95 * 1_364);
        // Near the capacity on average; never far below it, nor at twice it, where the remote refuses.
        assertThat(limits.stream().mapToInt(Integer::intValue).average().orElseThrow()).isBetween(27.0, 40.0);
        assertAllBetween(limits, 15, 55);
        assertThat(load.refused()).isLessThan(limits.size() / 50);
    }

    @Test
    void holdsWhenRunnersComeBackLateFromABusyExecutor() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(1, 200, 20);
        SimulatedRemoteLoad load = steadyRemote(limit, 30);
        load.run(5_000);
        // Each place freed stays empty for 10 ms: the remote sees fewer requests than the limit allows, which
        // must not read as a remote with less room.
        load.restartAfter(10 * MILLIS);
        List<Integer> limits = load.limitsOver(20_000);

        // Down to its drain, 0.9 x the capacity, and no further: without the rounds' occupancy it sank to 1.
        assertThat(limits).allSatisfy((value) -> assertThat(value).isGreaterThanOrEqualTo(24));
        assertThat(limits.stream().mapToInt(Integer::intValue).average().orElseThrow()).isGreaterThan(27.0);
    }

    @Test
    void staysWithinMinAndMax() {
        ConcurrencyLimit low = ConcurrencyLimit.bbr(40, 50, 45);
        List<Integer> limits = new ArrayList<>();
        new SimulatedRemoteLoad(low, 10, 25 * MILLIS, 2 * MILLIS, SEED).run(5_000, limits::add);
        ConcurrencyLimit high = ConcurrencyLimit.bbr(1, 8, 4);
        new SimulatedRemoteLoad(high, 100, 25 * MILLIS, 2 * MILLIS, SEED).run(5_000, limits::add);

        assertAllBetween(limits.subList(0, 5_000), 40, 50);
        assertAllBetween(limits.subList(5_000, 10_000), 1, 8);
        assertThat(limits.subList(5_000, 10_000)).contains(8);
    }

    @Test
    void anOperationFasterThanTheClockLeavesTheLimitAtItsFloorNotBroken() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(2, 50, 10);
        for (int i = 0; i < 1_000; i++) {
            limit.onSample(1_000, 0, 10, false);
        }
        assertThat(limit.limit()).isBetween(2, 50);
    }

    @Test
    void samplesFromManyThreadsAtOnceKeepTheLimitWithinItsBounds() throws Exception {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(3, 60, 20);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> feeders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                feeders.add(pool.submit(() -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 200_000; i++) {
                        long now = System.nanoTime();
                        limit.onSample(now - 20 * MILLIS, random.nextLong(1, 40 * MILLIS), random.nextInt(1, 80),
                                random.nextInt(100) == 0);
                        assertThat(limit.limit()).isBetween(3, 60);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> feeder : feeders) {
                feeder.get(50, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        // Still learning after the storm: against a remote of 30 it settles again.
        SimulatedRemoteLoad load = steadyRemote(limit, 30);
        load.run(5_000);
        List<Integer> limits = load.limitsOver(5_000);
        assertAllBetween(limits, 23, 37);
    }

    @Test
    void namesItselfForTheEndpoint() {
        ConcurrencyLimit limit = ConcurrencyLimit.bbr(1, 100, 20);
        assertThat(limit.algorithm()).isEqualTo("bbr");
        assertThat(limit).hasToString("bbr(20, 1..100)");
    }

    @Test
    void refusesBoundsOutOfOrderNamingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> ConcurrencyLimit.bbr(0, 10, 5))
            .withMessage("a concurrency limit needs 1 <= min <= initial <= max, was min 0, initial 5, max 10");
        assertThatIllegalArgumentException().isThrownBy(() -> ConcurrencyLimit.bbr(5, 10, 4))
            .withMessageContaining("min 5, initial 4");
        assertThatIllegalArgumentException().isThrownBy(() -> ConcurrencyLimit.bbr(5, 10, 11))
            .withMessageContaining("initial 11, max 10");
    }

    /**
     * Four rounds of 80 samples at 40 in flight, fed by hand: 1,600 a second at 25 ms, an estimate of 40.
     *
     * @return the time of the last sample's end
     */
    private static long fourRoundsAtForty(ConcurrencyLimit limit) {
        long now = 0;
        for (int i = 0; i < 4 * 80; i++) {
            now += MILLIS * 25 / 40;
            limit.onSample(now - 25 * MILLIS, 25 * MILLIS, 40, false);
        }
        return now;
    }

    /** A remote of {@code capacity} that answers in 25 ms, give or take 2. */
    private static SimulatedRemoteLoad steadyRemote(ConcurrencyLimit limit, int capacity) {
        return new SimulatedRemoteLoad(limit, capacity, 25 * MILLIS, 2 * MILLIS, SEED);
    }

    private static void assertAllBetween(List<Integer> limits, int lowest, int highest) {
        assertThat(limits).allSatisfy((value) -> assertThat(value).isBetween(lowest, highest));
    }
}
