package io.github.operationqueue.micrometer;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.QueuedOperation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Micrometer binder adds to the memory allocated per operation: a queue with the binder on
 * against a bare one, both performing the same no-op operations on the thread that enqueues them
 * (a same-thread executor), measured with the JVM's per-thread allocation counter. The budget is one
 * small object per operation (the time it was accepted must travel with it for the wait timer);
 * everything else the binder does per operation (listener dispatch, timer records) must allocate
 * nothing, also before the JIT compiler could remove a short-lived object.
 */
class BinderAllocationTests {

    private static final Logger logger = LoggerFactory.getLogger(BinderAllocationTests.class);

    // The entry that carries the accepted time (32 B), and 1 B of slack per operation for what the
    // registry allocates now and then, not per operation (a timer's max rotating to a new window).
    private static final double BUDGET_BYTES_PER_OPERATION = 33;

    private static final int WARM_UP = 20_000;

    private static final int MEASURED = 200_000;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    @Test
    @Timeout(60)
    void theBinderAllocatesAtMostOneSmallObjectPerOperation() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
            .getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).as("this JVM counts allocated bytes per thread")
            .isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        OperationQueue bare = OperationQueue.builder().name("bare").executor(Runnable::run).build();
        OperationQueue bound = OperationQueue.builder().name("bound").executor(Runnable::run).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OperationQueueMetrics.monitor(registry, bound);
        bare.start(1);
        bound.start(1);
        QueuedOperation noOp = () -> DONE;

        perform(bare, noOp, WARM_UP);
        perform(bound, noOp, WARM_UP);
        long bareBytes = allocatedBy(threads, () -> perform(bare, noOp, MEASURED));
        long boundBytes = allocatedBy(threads, () -> perform(bound, noOp, MEASURED));

        double extraPerOperation = (double) (boundBytes - bareBytes) / MEASURED;
        logger.info("bound: allocated {} B per operation more than bare ({} and {} B over {} operations)",
                extraPerOperation, boundBytes, bareBytes, MEASURED);
        assertThat(registry.get(MeterNames.QUEUE_WAIT).timer().count()).isEqualTo(WARM_UP + MEASURED);
        assertThat(registry.get(MeterNames.QUEUE_EXECUTION).tag(MeterNames.OUTCOME, "success").timer().count())
            .isEqualTo(WARM_UP + MEASURED);
        assertThat(extraPerOperation).as("bytes allocated per operation by the binder").isLessThanOrEqualTo(
                BUDGET_BYTES_PER_OPERATION);
        bare.stop(Duration.ofSeconds(5)).join();
        bound.stop(Duration.ofSeconds(5)).join();
    }

    private static void perform(OperationQueue queue, QueuedOperation operation, int count) {
        for (int i = 0; i < count; i++) {
            queue.enqueue(operation);
        }
    }

    private static long allocatedBy(com.sun.management.ThreadMXBean threads, Runnable work) {
        long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
