package io.github.operationqueue.benchmarks;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationQueue;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * backlog: the time per operation for one runner to drain {@value #BACKLOG} no-op operations that were
 * all queued before it started, with a runner budget against none. Here the budget fires as often as it
 * can, every budget's worth of operations, since the runner never catches up with a producer: so this is
 * where its cost (one {@code execute} on the pool and the hop to a pool thread) shows, unlike on
 * {@link DispatchBenchmark}, where the runner empties the queue between a producer's enqueues and parks
 * before it has used its budget.
 *
 * <p>Each invocation fills a paused queue outside the measured time, then resumes it and waits until the
 * whole backlog has run; the score is that time divided by the backlog. Iterations last 2 s, as in the
 * other benchmarks (JMH's default of 10 s would make this one alone take ten minutes); each holds a few
 * dozen invocations.
 *
 * <p>{@code executor}: {@code THREAD_POOL} hands the queue the {@code ThreadPoolExecutor} itself, whose
 * empty queue tells the runner that nobody waits for its thread, so the budget only costs that check;
 * {@code OPAQUE} hands it the same pool behind a plain {@code Executor}, which cannot tell, so the runner
 * gives its thread back at every budget: the price of each yield.
 *
 * <p>Run it (after {@code mvn -B -q -pl operation-queue-benchmarks -am package -Dmaven.test.skip=true}):
 * <pre>
 * java -jar operation-queue-benchmarks/target/benchmarks.jar BacklogBenchmark
 * java -jar operation-queue-benchmarks/target/benchmarks.jar BacklogBenchmark -p budget=64 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BacklogBenchmark.BACKLOG)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class BacklogBenchmark {

    static final int BACKLOG = 1_000_000;

    /** The queue's runner budget, see {@link RunnerBudget}: the default against none. */
    @Param({ RunnerBudget.NONE, "64" })
    String budget;

    /** What the queue is given: the pool itself, or the pool behind an {@code Executor} that hides it. */
    @Param({ "THREAD_POOL", "OPAQUE" })
    String executor;

    private ThreadPoolExecutor pool;

    private OperationQueue queue;

    private final NoOpBatch backlog = new NoOpBatch();

    @Setup(Level.Trial)
    public void start() {
        this.pool = Pools.fixed("backlog-executor", 1);
        ThreadPoolExecutor pool = this.pool;
        Executor given = switch (this.executor) {
            case "THREAD_POOL" -> pool;
            case "OPAQUE" -> pool::execute;
            default -> throw new IllegalArgumentException("executor=" + this.executor
                    + " is not supported: use THREAD_POOL or OPAQUE");
        };
        this.queue = RunnerBudget.apply(this.budget, OperationQueue.builder().name("backlog").executor(given))
            .build();
        this.queue.start(1);
    }

    /** Queues the whole backlog behind a pause, so that the runner starts on a full queue. */
    @Setup(Level.Invocation)
    public void fill() {
        this.queue.pause();
        this.backlog.begin(BACKLOG);
        for (int i = 0; i < BACKLOG; i++) {
            this.queue.enqueue(this.backlog);
        }
    }

    @Benchmark
    public void drain() {
        this.queue.resume();
        this.backlog.await();
    }

    @TearDown(Level.Trial)
    public void stop() {
        this.queue.stop().join();
        Pools.close(this.pool);
    }
}
