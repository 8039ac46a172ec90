package io.github.operationqueue.benchmarks;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * instrumentation: what metrics and observation cost, on two workloads. Meters go to a
 * {@code SimpleMeterRegistry}.
 * <ul>
 * <li>{@code oneProducer}: dispatch-1 with one producer (see {@link DispatchBenchmark}) on a queue with
 * its Micrometer binder and observation decorator on ({@code ON}, the starter's defaults), against the
 * same queue with them off ({@code OFF}); {@code METRICS} and {@code OBSERVATION} split the cost between
 * the two; {@code POOL_BY_HAND} is a {@code ThreadPoolExecutor(1)} whose tasks carry the same
 * instrumentation written by hand (see {@link Instrumentation#POOL_BY_HAND}).</li>
 * <li>{@code asyncIo}: async-io's queue (see {@link AsyncIoBenchmark}: 100 runners, stages completed
 * {@value SimulatedIo#LATENCY_MILLIS} ms later) with the starter's defaults on or off.</li>
 * </ul>
 *
 * <p>Run it (after {@code mvn -B -q -pl operation-queue-benchmarks -am package -Dmaven.test.skip=true}):
 * <pre>
 * java -jar operation-queue-benchmarks/target/benchmarks.jar InstrumentationBenchmark
 * java -jar operation-queue-benchmarks/target/benchmarks.jar InstrumentationBenchmark.oneProducer -p instrumentation=ON,POOL_BY_HAND
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class InstrumentationBenchmark {

    static final int BATCH = DispatchBenchmark.BATCH;

    /** One runner (or one pool thread) performing no-op operations, with one {@link Instrumentation}. */
    @State(Scope.Benchmark)
    public static class NoOpDispatch {

        @Param({ "OFF", "METRICS", "OBSERVATION", "ON", "POOL_BY_HAND" })
        Instrumentation instrumentation;

        DispatchTarget target;

        @Setup
        public void start() {
            this.target = this.instrumentation.start(new SimpleMeterRegistry());
        }

        @TearDown
        public void stop() {
            this.target.stop().run();
        }
    }

    /** async-io's queue, with the starter's defaults on or off. */
    @State(Scope.Benchmark)
    public static class InstrumentedIo {

        @Param({ "OFF", "ON" })
        Instrumentation ioInstrumentation;

        SimulatedIo io;

        IoLimiter limiter;

        @Setup
        public void start() {
            this.io = SimulatedIo.afterOneMillisecond();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            this.limiter = AsyncIoLimiter.onQueue(this.io, AsyncIoBenchmark.IN_FLIGHT, (builder) -> this.ioInstrumentation.build(builder, meters));
        }

        @TearDown
        public void stop() {
            this.limiter.close();
            this.io.close();
        }
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void oneProducer(NoOpDispatch dispatch, NoOpBatch batch) {
        batch.begin(BATCH);
        for (int i = 0; i < BATCH; i++) {
            dispatch.target.dispatch().accept(batch);
        }
        batch.await();
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(AsyncIoBenchmark.BATCH)
    public void asyncIo(InstrumentedIo instrumented) throws InterruptedException {
        instrumented.io.begin(AsyncIoBenchmark.BATCH);
        instrumented.limiter.perform(AsyncIoBenchmark.BATCH);
        instrumented.io.await();
    }
}
