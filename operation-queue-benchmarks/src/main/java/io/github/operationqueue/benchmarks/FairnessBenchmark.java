package io.github.operationqueue.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
 * fairness: the latency of one probe operation handed to a 2-thread pool that another tenant has just
 * given a backlog of {@value #BACKLOG} synchronous no-op operations. With our queues, the backlog queue's
 * two runners hold both threads for as long as work remains unless a runner budget makes them hand the
 * threads back; the probe queue's runner waits behind them. The peer is the pool used directly, which
 * runs tasks in order.
 *
 * <p>Each iteration is one probe: the backlog is queued (not timed), then released and the probe handed
 * over (timed until the probe has run). {@code budget} takes the queues' runner budget; see
 * {@link RunnerBudget} for the values to come.
 *
 * <p>Run it (after {@code mvn -B -q -pl operation-queue-benchmarks -am package -Dmaven.test.skip=true}):
 * <pre>
 * java -jar operation-queue-benchmarks/target/benchmarks.jar FairnessBenchmark
 * java -jar operation-queue-benchmarks/target/benchmarks.jar FairnessBenchmark -p tenant=OPERATION_QUEUE -p budget=none
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(2)
public class FairnessBenchmark {

    static final int BACKLOG = 1_000_000;

    static final int THREADS = 2;

    @Param({ "OPERATION_QUEUE", "THREAD_POOL_EXECUTOR" })
    SharedPoolTenant tenant;

    /** The queues' runner budget, see {@link RunnerBudget}. */
    @Param(RunnerBudget.NONE)
    String budget;

    private ThreadPoolExecutor pool;

    private SharedPoolTenant.Tenants tenants;

    private final NoOpBatch backlog = new NoOpBatch();

    private CompletableFuture<Void> probed;

    @Setup
    public void start() {
        this.pool = Pools.fixed("shared-pool", THREADS);
        this.tenants = this.tenant.start(this.pool, this.budget);
    }

    @TearDown
    public void stop() {
        this.tenants.close();
        Pools.close(this.pool);
    }

    @Setup(Level.Iteration)
    public void queueBacklog() {
        this.backlog.begin(BACKLOG);
        this.probed = new CompletableFuture<>();
        this.tenants.queueBacklog(this.backlog, BACKLOG);
    }

    @Benchmark
    public void probeLatency() {
        this.tenants.releaseBacklogAndProbe(this.probed);
        this.probed.join();
    }

    @TearDown(Level.Iteration)
    public void drainBacklog() {
        this.backlog.await();
    }
}
