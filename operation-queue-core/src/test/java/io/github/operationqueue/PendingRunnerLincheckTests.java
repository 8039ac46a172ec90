package io.github.operationqueue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.github.operationqueue.lincheck.QueueLincheckOperations;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.junit.jupiter.api.Tag;

/**
 * Checks with Lincheck that {@code stop(Duration)} ends a queue whose only runner is PENDING in a
 * saturated executor (one that accepts the runner and never runs it): at the deadline the runner is
 * claimed, waiters are refused, what is queued is abandoned, and the stop completes, linearizably with
 * concurrent {@code enqueue}, {@code tryEnqueue} and stats reads ({@link PendingRunnerSpecification}).
 *
 * <p>{@code stopAtDeadline} closes the queue as {@code stop(Duration)} does and then runs the deadline's
 * own path ({@code shutDown} with the timeout's reason) on the calling thread instead of the queue's
 * timer thread, so that model checking sees every step; it waits for the stop's future, which must be
 * complete once both have run. Reads of depth, refused, abandoned and runner states never overlap it,
 * for the reason {@code OperationQueueLincheckTests} gives.
 */
@Tag("concurrency")
public class PendingRunnerLincheckTests extends QueueLincheckOperations {

    // Saturated: takes every task and never runs one, as a full pool whose thread another tenant holds.
    private static final Executor SATURATED = (task) -> {
    };

    /** Lincheck creates one instance per scenario, reflectively; hence public. */
    public PendingRunnerLincheckTests() {
        super(OperationQueue.builder().name("lincheck-pending").executor(SATURATED).capacity(2).build());
        this.queue.start(1);
    }

    @Operation(nonParallelGroup = "stop")
    public void stopAtDeadline() {
        CompletableFuture<Void> stopped = this.queue.stop();
        this.queue.scheduler.shutDown("the drain timeout of PT0S elapsed");
        stopped.join();
    }

    @Operation(nonParallelGroup = "stop")
    public int pendingRunners() {
        return this.queue.stats().pendingRunners();
    }

    @Override
    protected Class<?> specification() {
        return PendingRunnerSpecification.class;
    }
}
