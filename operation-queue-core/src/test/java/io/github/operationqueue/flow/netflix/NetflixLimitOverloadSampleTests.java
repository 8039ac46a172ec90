package io.github.operationqueue.flow.netflix;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import com.netflix.concurrency.limits.Limit;
import io.github.operationqueue.flow.ConcurrencyLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an algorithm is told of an operation classed as overload: the execution time of the latest operation
 * that was not (or the overload's own, if longer, or before any success). A recording {@link Limit} sees the
 * samples exactly as a concurrency-limits algorithm would.
 */
class NetflixLimitOverloadSampleTests {

    private static final Logger logger = LoggerFactory.getLogger(NetflixLimitOverloadSampleTests.class);

    private static final long MILLI = Duration.ofMillis(1).toNanos();

    @Test
    void overloadCarriesTheLatestRealExecutionTimeOrItsOwnIfLonger() {
        RecordingLimit recording = new RecordingLimit();
        ConcurrencyLimit limit = NetflixConcurrencyLimits.of("recording", recording, 1, 100);

        limit.onSample(0, 5 * MILLI, 1, true);
        limit.onSample(0, 30 * MILLI, 1, false);
        limit.onSample(0, 5 * MILLI, 1, true);
        limit.onSample(0, 40 * MILLI, 1, true);
        limit.onSample(0, 20 * MILLI, 1, false);
        limit.onSample(0, 5 * MILLI, 1, true);

        assertThat(recording.samples()).containsExactly(
                // before any success there is nothing better than its own time
                new Sample(5 * MILLI, true), new Sample(30 * MILLI, false), new Sample(30 * MILLI, true),
                new Sample(40 * MILLI, true), new Sample(20 * MILLI, false), new Sample(20 * MILLI, true));
    }

    @Test
    void gradient2IsToldOfSuccessesOnly() {
        ConcurrencyLimit gradient2 = NetflixConcurrencyLimits.gradient2(1, 100, 10);
        ConcurrencyLimit vegas = NetflixConcurrencyLimits.vegas(1, 100, 10);
        ConcurrencyLimit aimd = NetflixConcurrencyLimits.aimd(1, 100, 10);
        for (ConcurrencyLimit limit : List.of(gradient2, vegas, aimd)) {
            limit.onSample(0, 25 * MILLI, 10, false);
            for (int i = 0; i < 20; i++) {
                limit.onSample(0, MILLI, 10, true);
            }
        }
        assertThat(gradient2.limit()).as("gradient2 reads no overload").isEqualTo(10);
        assertThat(vegas.limit()).as("vegas lowers its limit on overload").isLessThan(10);
        assertThat(aimd.limit()).as("aimd lowers its limit on overload").isLessThan(10);
    }

    /**
     * Many threads complete operations at once, as they do in a queue: every overload sample the algorithm
     * sees carries the time of some success (all of them slower than any overload), never the overload's own
     * time nor a value no operation took.
     */
    @Test
    @Timeout(30)
    void overloadSamplesFromManyThreadsCarryARealExecutionTime() throws Exception {
        RecordingLimit recording = new RecordingLimit();
        ConcurrencyLimit limit = NetflixConcurrencyLimits.of("recording", recording, 1, 100);
        long seed = ThreadLocalRandom.current().nextLong();
        logger.info("overload samples from many threads, seed {}", seed);
        limit.onSample(0, 20 * MILLI, 1, false);
        int threads = 8;
        int samplesPerThread = 10_000;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed + t);
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < samplesPerThread; i++) {
                        if (random.nextBoolean()) {
                            // a success of 20 to 29 ms, with the high bits set, so that a torn read would show
                            limit.onSample(0, (20 + random.nextInt(10)) * MILLI | (1L << 40), 1, false);
                        }
                        else {
                            limit.onSample(0, MILLI, 1, true);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        }
        finally {
            pool.shutdownNow();
        }
        List<Sample> overloads = recording.samples().stream().filter(Sample::overload).toList();
        List<Sample> notReal = overloads.stream().filter((sample) -> !isSuccessTime(sample.nanos())).toList();
        assertThat(overloads).isNotEmpty();
        assertThat(notReal.size()).as("overload samples without a success's time, such as %s",
                notReal.subList(0, Math.min(3, notReal.size()))).isZero();
    }

    // The first success's time, or one of the threads' (20 to 29 ms with bit 40 set, which a torn read would lose).
    private static boolean isSuccessTime(long nanos) {
        long withoutMark = nanos & ~(1L << 40);
        return nanos == 20 * MILLI
                || (withoutMark != nanos && withoutMark >= 20 * MILLI && withoutMark <= 29 * MILLI);
    }

    record Sample(long nanos, boolean overload) {
    }

    /** Records every sample; thread-safe, as concurrency-limits' own limits are. */
    private static final class RecordingLimit implements Limit {

        private final List<Sample> samples = new ArrayList<>();

        @Override
        public int getLimit() {
            return 10;
        }

        @Override
        public void notifyOnChange(Consumer<Integer> consumer) {
        }

        @Override
        public synchronized void onSample(long startTime, long rtt, int inflight, boolean didDrop) {
            this.samples.add(new Sample(rtt, didDrop));
        }

        synchronized List<Sample> samples() {
            return List.copyOf(this.samples);
        }
    }
}
