package io.github.operationqueue.lincheck;

import java.util.concurrent.CompletableFuture;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.QueueStoppedException;
import io.github.operationqueue.QueuedOperation;
import io.github.operationqueue.reliability.Reliability;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The operations and the runs the queue's Lincheck tests share: enqueue, tryEnqueue, reads of the
 * stats, a short stress run in every build and model checking under {@code -Preliability}. A subclass
 * gives the queue, its sequential specification and its way of stopping the queue, in the non-parallel
 * group {@code stop} with the reads (see {@link OperationQueueLincheckTests} for why they never overlap a
 * stop).
 */
public abstract class QueueLincheckOperations {

    private static final QueuedOperation NOTHING = () -> CompletableFuture.completedFuture(null);

    protected final OperationQueue queue;

    protected QueueLincheckOperations(OperationQueue queue) {
        this.queue = queue;
    }

    /** The contract run one call at a time, which Lincheck compares the concurrent histories with. */
    protected abstract Class<?> specification();

    // Timeouts guard against a hang, not a speed: model checking pays some 12 s of instrumentation first.
    @Test
    @Timeout(300)
    void stress() {
        LinChecker.check(getClass(), new StressOptions()
            .sequentialSpecification(specification())
            .iterations(5 * Reliability.scale())
            .invocationsPerIteration(100)
            .threads(2)
            .actorsPerThread(3));
    }

    @Test
    @Timeout(900)
    @EnabledIf("io.github.operationqueue.reliability.Reliability#isFull")
    void modelChecking() {
        LinChecker.check(getClass(), new ModelCheckingOptions()
            .sequentialSpecification(specification())
            .iterations(20)
            .invocationsPerIteration(200)
            .threads(3)
            .actorsPerThread(3));
    }

    /** Whether the operation was accepted by the time the call returned. */
    @Operation
    public boolean enqueue() {
        CompletableFuture<Void> accepted = this.queue.enqueue(NOTHING);
        return accepted.isDone() && !accepted.isCompletedExceptionally();
    }

    @Operation
    public String tryEnqueue() {
        try {
            return this.queue.tryEnqueue(NOTHING) ? "accepted" : "full";
        }
        catch (QueueStoppedException ex) {
            return "stopped";
        }
    }

    @Operation(nonParallelGroup = "stop")
    public String depthAndStopped() {
        var stats = this.queue.stats();
        return "depth=" + stats.depth() + " stopped=" + stats.stopped();
    }

    @Operation(nonParallelGroup = "stop")
    public long refused() {
        return this.queue.stats().refused();
    }

    @Operation(nonParallelGroup = "stop")
    public long abandoned() {
        return this.queue.stats().abandoned();
    }
}
