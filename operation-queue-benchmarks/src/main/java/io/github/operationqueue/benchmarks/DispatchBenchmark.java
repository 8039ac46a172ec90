package io.github.operationqueue.benchmarks;

import java.util.concurrent.TimeUnit;

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
 * dispatch-1 and dispatch-100: how many no-op operations per second one or four producers push through
 * 1 or 100 runners, against a {@code ThreadPoolExecutor} and Spring's {@code ThreadPoolTaskExecutor}
 * with as many threads. The operation does nothing but count, so what is measured is the cost of handing
 * work over and getting it run: admission, wake-ups, executor hand-offs and the per-operation
 * bookkeeping.
 *
 * <p>Each invocation is one producer's batch of {@value #BATCH} operations, dispatched back to back and
 * waited for, so the score is the rate at which operations are both accepted and performed. With
 * {@code fourProducers}, four producer threads do so at once and the score is their sum.
 *
 * <p>Run it (after {@code mvn -B -q -pl operation-queue-benchmarks -am package -Dmaven.test.skip=true}):
 * <pre>
 * java -jar operation-queue-benchmarks/target/benchmarks.jar DispatchBenchmark
 * java -jar operation-queue-benchmarks/target/benchmarks.jar 'DispatchBenchmark.oneProducer' -p concurrency=1 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(DispatchBenchmark.BATCH)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class DispatchBenchmark {

    static final int BATCH = 10_000;

    @Param({ "OPERATION_QUEUE", "THREAD_POOL_EXECUTOR", "SPRING_TASK_EXECUTOR" })
    Dispatcher dispatcher;

    /** Runners of the queue, threads of every dispatcher: 1 is dispatch-1, 100 is dispatch-100. */
    @Param({ "1", "100" })
    int concurrency;

    /** The queue's runner budget, see {@link RunnerBudget}; peers ignore it. */
    @Param(RunnerBudget.NONE)
    String budget;

    private DispatchTarget target;

    @Setup
    public void start() {
        this.target = this.dispatcher.start(this.concurrency, this.budget);
    }

    @TearDown
    public void stop() {
        this.target.stop().run();
    }

    @Benchmark
    @Threads(1)
    public void oneProducer(NoOpBatch batch) {
        dispatchBatch(batch);
    }

    @Benchmark
    @Threads(4)
    public void fourProducers(NoOpBatch batch) {
        dispatchBatch(batch);
    }

    private void dispatchBatch(NoOpBatch batch) {
        batch.begin(BATCH);
        for (int i = 0; i < BATCH; i++) {
            this.target.dispatch().accept(batch);
        }
        batch.await();
    }
}
