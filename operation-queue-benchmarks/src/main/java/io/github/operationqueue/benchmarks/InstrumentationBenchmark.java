package io.github.operationqueue.benchmarks;

import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationQueue;
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
 * instrumentation: dispatch-1 with one producer (see {@link DispatchBenchmark}) on a queue with its
 * Micrometer binder and observation decorator on, against the same queue with them off; {@code METRICS}
 * and {@code OBSERVATION} split the cost between the two. Meters go to a {@code SimpleMeterRegistry}.
 *
 * <p>Run it (after {@code mvn -B -q -pl operation-queue-benchmarks -am package -Dmaven.test.skip=true}):
 * <pre>
 * java -jar operation-queue-benchmarks/target/benchmarks.jar InstrumentationBenchmark
 * java -jar operation-queue-benchmarks/target/benchmarks.jar InstrumentationBenchmark -p instrumentation=OFF,ON
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(InstrumentationBenchmark.BATCH)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class InstrumentationBenchmark {

    static final int BATCH = DispatchBenchmark.BATCH;

    @Param({ "OFF", "METRICS", "OBSERVATION", "ON" })
    Instrumentation instrumentation;

    private ThreadPoolExecutor pool;

    private OperationQueue queue;

    @Setup
    public void start() {
        this.pool = Pools.fixed("queue-executor", 1);
        this.queue = this.instrumentation.build(OperationQueue.builder().name("instrumented").executor(this.pool),
                new SimpleMeterRegistry());
        this.queue.start(1);
    }

    @TearDown
    public void stop() {
        this.queue.stop(Duration.ofSeconds(30)).join();
        Pools.close(this.pool);
    }

    @Benchmark
    @Threads(1)
    public void oneProducer(NoOpBatch batch) {
        batch.begin(BATCH);
        for (int i = 0; i < BATCH; i++) {
            this.queue.enqueue(batch);
        }
        batch.await();
    }
}
