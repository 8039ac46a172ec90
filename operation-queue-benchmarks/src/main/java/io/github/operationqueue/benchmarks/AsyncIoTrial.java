package io.github.operationqueue.benchmarks;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@link AsyncIoBenchmark} and {@link AsyncIoThreadBenchmark} share: one {@link AsyncIoLimiter} per
 * trial, started on its {@link SimulatedIo}, and batches of operations that it starts and that the
 * benchmark waits for. The two differ in their I/O, their in-flight limit and their batch.
 *
 * <p>Public only because JMH's generated code, in a package of its own, refers to the class.
 */
@State(Scope.Benchmark)
public abstract class AsyncIoTrial {

    @Param({ "OPERATION_QUEUE", "SEMAPHORE", "REACTOR_FLAT_MAP", "RESILIENCE4J_BULKHEAD", "VIRTUAL_THREADS",
            "BLOCKING_POOL" })
    AsyncIoLimiter limiter;

    private SimulatedIo io;

    private IoLimiter started;

    /** The I/O of this benchmark, new for each trial. */
    abstract SimulatedIo newIo();

    /** Most operations the limiter lets be in flight. */
    abstract int inFlight();

    @Setup
    public void start() {
        this.io = newIo();
        this.started = this.limiter.start(this.io, inFlight());
    }

    @TearDown
    public void stop() {
        this.started.close();
        this.io.close();
    }

    /** Starts {@code size} operations through the limiter and returns once all have completed. */
    void performBatch(int size) throws InterruptedException {
        this.io.begin(size);
        this.started.perform(size);
        this.io.await();
    }
}
