package io.github.operationqueue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.github.operationqueue.reliability.Reliability;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;

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
public class PendingRunnerLincheckTests {

    private static final QueuedOperation NOTHING = () -> CompletableFuture.completedFuture(null);

    // Saturated: takes every task and never runs one, as a full pool whose thread another tenant holds.
    private static final Executor SATURATED = (task) -> {
    };

    private final OperationQueue queue = OperationQueue.builder()
        .name("lincheck-pending")
        .executor(SATURATED)
        .capacity(2)
        .build();

    /** Lincheck creates one instance per scenario, reflectively; hence public. */
    public PendingRunnerLincheckTests() {
        this.queue.start(1);
    }

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
    public void stopAtDeadline() {
        CompletableFuture<Void> stopped = this.queue.stop();
        this.queue.scheduler.shutDown("the drain timeout of PT0S elapsed");
        stopped.join();
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

    @Operation(nonParallelGroup = "stop")
    public int pendingRunners() {
        return this.queue.stats().pendingRunners();
    }

    @Test
    @Timeout(300)
    void stress() {
        LinChecker.check(PendingRunnerLincheckTests.class, new StressOptions()
            .sequentialSpecification(PendingRunnerSpecification.class)
            .iterations(5 * Reliability.scale())
            .invocationsPerIteration(100)
            .threads(2)
            .actorsPerThread(3));
    }

    @Test
    @Timeout(900)
    @EnabledIf("io.github.operationqueue.reliability.Reliability#isFull")
    void modelChecking() {
        LinChecker.check(PendingRunnerLincheckTests.class, new ModelCheckingOptions()
            .sequentialSpecification(PendingRunnerSpecification.class)
            .iterations(20)
            .invocationsPerIteration(200)
            .threads(3)
            .actorsPerThread(3));
    }
}
