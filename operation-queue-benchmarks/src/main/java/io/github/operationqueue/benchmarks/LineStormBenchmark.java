package io.github.operationqueue.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * line-storm: {@value #WAITERS} callers wait on a held gate; the holder releases it. Measured is the time
 * from the release until every waiter has observed it and retried, resumed in place (on the releasing
 * thread) or on a 2-thread pool. Exactly one retry must win the gate again, or the invocation fails.
 * Our {@code Line} is compared with the shared-future gate a user would write by hand.
 *
 * <p>Setting up the waiters (each a failed acquisition with its future and continuation) is not timed, but
 * its allocation is counted: with {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes of one storm,
 * setup and retries included, which {@code bench/report.py} divides by {@value #WAITERS} (bytes per waiter).
 *
 * <p>Run it (after {@code mvn -B -q -pl operation-queue-benchmarks -am package -Dmaven.test.skip=true}):
 * <pre>
 * java -jar operation-queue-benchmarks/target/benchmarks.jar LineStormBenchmark
 * java -jar operation-queue-benchmarks/target/benchmarks.jar LineStormBenchmark -p gate=LINE -p resumption=IN_PLACE
 * java -jar operation-queue-benchmarks/target/benchmarks.jar LineStormBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class LineStormBenchmark {

    static final int WAITERS = 10_000;

    private static final long PATIENCE_SECONDS = 60;

    @Param({ "LINE", "SHARED_FUTURE" })
    SingleFlightGate gate;

    @Param({ "IN_PLACE", "TWO_THREAD_POOL" })
    Resumption resumption;

    private ThreadPoolExecutor pool;

    private Gate started;

    private CountDownLatch observed;

    private AtomicInteger winners;

    @Setup
    public void startPool() {
        this.pool = Pools.fixed("waiter-pool", 2);
    }

    @TearDown
    public void stopPool() {
        Pools.close(this.pool);
    }

    @Setup(Level.Invocation)
    public void gatherWaiters() {
        this.started = this.gate.create();
        if (this.started.acquireOrWait() != null) {
            throw new IllegalStateException(this.gate + ": a new gate was not free");
        }
        CountDownLatch observed = new CountDownLatch(WAITERS);
        AtomicInteger winners = new AtomicInteger();
        Gate gate = this.started;
        Runnable retry = () -> {
            if (gate.acquireOrWait() == null) {
                winners.incrementAndGet();
            }
            observed.countDown();
        };
        for (int i = 0; i < WAITERS; i++) {
            CompletableFuture<Void> released = gate.acquireOrWait();
            if (released == null) {
                throw new IllegalStateException(this.gate + " let a second caller acquire it while it was held");
            }
            this.resumption.resume(released, this.pool, retry);
        }
        this.observed = observed;
        this.winners = winners;
    }

    @Benchmark
    public void releaseToWaiters() throws InterruptedException {
        this.started.releaseHolder();
        if (!this.observed.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(this.observed.getCount() + " of " + WAITERS + " waiters never observed "
                    + "the release of " + this.gate);
        }
    }

    @TearDown(Level.Invocation)
    public void checkExactlyOneWinner() {
        if (this.winners.get() != 1) {
            throw new IllegalStateException(this.winners.get() + " waiters won " + this.gate
                    + " after the release; exactly one should");
        }
        this.started.releaseHolder();
    }
}
