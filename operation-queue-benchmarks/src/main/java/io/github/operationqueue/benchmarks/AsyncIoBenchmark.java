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
 * async-io: operations whose stage completes {@value SimulatedIo#LATENCY_MILLIS} ms after they start,
 * {@value #IN_FLIGHT} in flight on {@value #THREADS} threads: our queue with 100 runners against a
 * {@code Semaphore(100)} gating {@code CompletableFuture}s, Reactor's {@code flatMap(..., 100)},
 * Resilience4j's {@code Bulkhead}, virtual threads (Java 21+) and a 2-thread blocking pool. The ceiling
 * is {@value #IN_FLIGHT} operations per I/O latency (under 100,000 per second, less the timer's lateness):
 * a limiter that keeps its 100 slots busy reaches it, so every peer that does is at that ceiling:
 * {@link AsyncIoThreadBenchmark} measures what each asynchronous operation costs instead.
 *
 * <p>Each invocation starts a batch of {@value #BATCH} operations and waits until they have completed.
 *
 * <p>Run it (after {@code mvn -B -q -pl operation-queue-benchmarks -am package -Dmaven.test.skip=true};
 * on Java 17 leave {@code VIRTUAL_THREADS} out with {@code -p limiter=...}):
 * <pre>
 * java -jar operation-queue-benchmarks/target/benchmarks.jar AsyncIoBenchmark
 * java -jar operation-queue-benchmarks/target/benchmarks.jar AsyncIoBenchmark -p limiter=OPERATION_QUEUE,SEMAPHORE
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(AsyncIoBenchmark.BATCH)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class AsyncIoBenchmark extends AsyncIoTrial {

    static final int BATCH = 1_000;

    static final int IN_FLIGHT = 100;

    static final int THREADS = 2;

    @Override
    SimulatedIo newIo() {
        return SimulatedIo.afterOneMillisecond();
    }

    @Override
    int inFlight() {
        return IN_FLIGHT;
    }

    @Benchmark
    public void ioBoundOperations() throws InterruptedException {
        performBatch(BATCH);
    }
}
