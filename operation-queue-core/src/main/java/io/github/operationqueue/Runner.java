package io.github.operationqueue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One runner of an {@link OperationQueue}: a continuation, not a thread. Each dispatch to the
 * executor runs {@link #run()}, which takes and performs operations for as long as their stages
 * complete at once, and gives the thread back when a stage is still pending (to be dispatched
 * again when it completes) or when there is no work (to be dispatched again by the next enqueue).
 *
 * <p>State machine, see {@link RunnerState}: {@code PENDING -> RUNNING} when the executor runs
 * it and it takes an operation; {@code -> WAITING} when it parks; {@code WAITING -> PENDING}
 * when an enqueue, a resume or a stop dispatches it; {@code RUNNING -> PENDING} when its pending
 * stage completes on another thread; {@code -> STOPPED} once, for good.
 */
final class Runner implements Runnable {

    // Per-operation hand-off between the runner's thread and the stage's completion: whoever
    // comes second decides who goes on with the next operation.
    private static final int AWAITING_STAGE = 0;

    private static final int RUNNER_RETURNED = 1;

    private static final int STAGE_COMPLETED = 2;

    private final OperationQueue queue;

    private final AtomicInteger handoff = new AtomicInteger();

    // Written by whoever moves the runner on; read by stats().
    private volatile RunnerState state = RunnerState.PENDING;

    // Consecutive rejections by the executor; written only while this runner is not running.
    int rejectionStreak;

    Runner(OperationQueue queue) {
        this.queue = queue;
    }

    RunnerState state() {
        return this.state;
    }

    void moveTo(RunnerState next) {
        this.state = next;
    }

    @Override
    public void run() {
        this.rejectionStreak = 0;
        QueuedEntry entry;
        while ((entry = this.queue.take(this)) != null) {
            this.state = RunnerState.RUNNING;
            if (!performCompletedAtOnce(entry)) {
                return;
            }
        }
    }

    /**
     * Starts {@code entry}'s operation and returns whether its stage had already completed, in
     * which case this thread goes on with the next operation.
     */
    private boolean performCompletedAtOnce(QueuedEntry entry) {
        long startedAt = this.queue.started(entry);
        CompletionStage<?> stage = start(entry);
        this.handoff.set(AWAITING_STAGE);
        try {
            stage.whenComplete((value, failure) -> {
                this.queue.finished(entry, startedAt, value, failure);
                if (!this.handoff.compareAndSet(AWAITING_STAGE, STAGE_COMPLETED)) {
                    this.queue.dispatch(this);
                }
            });
        }
        catch (RuntimeException ex) {
            // A CompletionStage implementation that cannot take a callback fails its operation.
            this.queue.finished(entry, startedAt, null, ex);
            return true;
        }
        return !this.handoff.compareAndSet(AWAITING_STAGE, RUNNER_RETURNED);
    }

    private static CompletionStage<?> start(QueuedEntry entry) {
        try {
            CompletionStage<?> stage = entry.operation.perform();
            return (stage != null) ? stage : CompletableFuture.failedFuture(new IllegalStateException(
                    "QueuedOperation.perform() returned null; return a completed stage instead"));
        }
        catch (Throwable ex) {
            // Whatever perform() throws fails this operation, never the runner.
            return CompletableFuture.failedFuture(ex);
        }
    }
}
