package io.github.operationqueue.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * async-io-thread: what one asynchronous operation costs its limiter. {@value #IN_FLIGHT} operations in
 * flight on {@value AsyncIoBenchmark#THREADS} threads, each completed by a separate I/O thread as soon as
 * that thread gets to it ({@link SimulatedIo#asFastAsItCan()}): no timer sets the pace as in
 * {@link AsyncIoBenchmark}, so the throughput is that of the limiter's own work per operation (starting
 * it, handing its completion back, starting the next) against the same peers: a {@code Semaphore} gating
 * {@code CompletableFuture}s, Reactor's {@code flatMap}, Resilience4j's {@code Bulkhead}, virtual threads
 * (Java 21+) and a 2-thread blocking pool.
 *
 * <p>Each invocation starts a batch of {@value #BATCH} operations, ten times the limit so that the
 * limiter runs at its limit for most of the batch, and waits until they have completed.
 *
 * <p>Run it (after {@code mvn -B -q -pl operation-queue-benchmarks -am package -Dmaven.test.skip=true};
 * on Java 17 leave {@code VIRTUAL_THREADS} out with {@code -p limiter=...}):
 * <pre>
 * java -jar operation-queue-benchmarks/target/benchmarks.jar AsyncIoThreadBenchmark
 * java -jar operation-queue-benchmarks/target/benchmarks.jar AsyncIoThreadBenchmark -p limiter=OPERATION_QUEUE,SEMAPHORE -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(AsyncIoThreadBenchmark.BATCH)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class AsyncIoThreadBenchmark extends AsyncIoTrial {

    static final int BATCH = 10_000;

    static final int IN_FLIGHT = 1_000;

    @Override
    SimulatedIo newIo() {
        return SimulatedIo.asFastAsItCan();
    }

    @Override
    int inFlight() {
        return IN_FLIGHT;
    }

    @Benchmark
    public void ioThreadOperations() throws InterruptedException {
        performBatch(BATCH);
    }
}
