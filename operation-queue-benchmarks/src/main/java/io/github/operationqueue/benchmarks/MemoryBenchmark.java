package io.github.operationqueue.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * memory: bytes retained per queued operation with {@value #QUEUED} queued, through our queue's
 * {@code enqueue} and {@code submit} against a {@code ThreadPoolExecutor}'s {@code execute} and
 * {@code submit}. The result is the secondary metric {@code retainedBytesPerOperation} (see
 * {@link RetainedHeap} for the method); the primary, the time to queue them all, is a by-product.
 *
 * <p>The fork gets a fixed 2 GB heap so that the measurement does not race heap resizing; the numbers
 * hold for the default compressed references and class pointers (heaps under 32 GB).
 *
 * <p>Run it (after {@code mvn -B -q -pl operation-queue-benchmarks -am package -Dmaven.test.skip=true}):
 * <pre>
 * java -jar operation-queue-benchmarks/target/benchmarks.jar MemoryBenchmark
 * java -jar operation-queue-benchmarks/target/benchmarks.jar MemoryBenchmark -p work=ENQUEUE,THREAD_POOL_EXECUTE
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
public class MemoryBenchmark {

    static final int QUEUED = 1_000_000;

    @Param({ "ENQUEUE", "SUBMIT", "THREAD_POOL_EXECUTE", "THREAD_POOL_SUBMIT" })
    QueuedWork work;

    private QueuedWork.Holder holder;

    @Benchmark
    public void queueOneMillion(RetainedHeap heap) {
        this.holder.fill().accept(QUEUED);
    }

    /** Called by {@link RetainedHeap} before it weighs the empty container. */
    void hold() {
        this.holder = this.work.hold();
    }

    /** Called by {@link RetainedHeap} once it has weighed the full container. */
    void release() {
        this.holder.release().run();
        this.holder = null;
    }
}
