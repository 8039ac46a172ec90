package io.github.operationqueue.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Weighs what {@link MemoryBenchmark} queued: the heap in use after a full collection, before and after
 * each iteration's operations were queued, divided by their number. The container stays strongly
 * reachable through the second measurement, and everything else the iteration allocated (the futures
 * {@code enqueue} returns, for instance) is garbage by then, so the difference is what the container
 * retains.
 *
 * <p>Reported by JMH as the secondary result {@code retainedBytesPerOperation}, one value per iteration
 * ({@code bench/report.py} takes their median).
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class RetainedHeap {

    private static final int MAX_COLLECTIONS = 10;

    /** Bytes retained per queued operation in this iteration. */
    public double retainedBytesPerOperation;

    private long usedBefore;

    @Setup(Level.Iteration)
    public void weighEmpty(MemoryBenchmark benchmark) {
        benchmark.hold();
        this.usedBefore = usedHeapAfterCollection();
    }

    @TearDown(Level.Iteration)
    public void weighFull(MemoryBenchmark benchmark) {
        long usedAfter = usedHeapAfterCollection();
        this.retainedBytesPerOperation = (double) (usedAfter - this.usedBefore) / MemoryBenchmark.QUEUED;
        benchmark.release();
    }

    /**
     * Collects until the heap stops shrinking (a collection can free what finalization or reference
     * processing released in the one before) and returns the heap in use.
     */
    private static long usedHeapAfterCollection() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return used;
            }
            used = now;
        }
        return used;
    }
}
