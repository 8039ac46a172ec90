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

    // Rejections since the executor last ran this runner; sets the retry back-off. Reset by run()
    // and counted by the queue when a dispatch is rejected. The two never overlap: a rejected runner
    // is not running, and each write reaches the next through the executor's or the retry timer's
    // hand-off.
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

    /**
     * Takes and performs operations until one is pending or there is no work. Each operation starts
     * with a clear interrupt status, as a task of a {@code ThreadPoolExecutor} does, so that an
     * interrupt left behind by one operation cannot fail the next; the thread gets back the status
     * it came with (an executor that runs tasks on the caller's thread must not lose its caller's
     * interrupt).
     */
    @Override
    public void run() {
        this.rejectionStreak = 0;
        boolean arrivedInterrupted = Thread.interrupted();
        try {
            QueuedEntry entry;
            while ((entry = this.queue.take(this)) != null) {
                this.state = RunnerState.RUNNING;
                Thread.interrupted();
                if (!performCompletedAtOnce(entry)) {
                    return;
                }
            }
        }
        finally {
            Thread.interrupted();
            if (arrivedInterrupted) {
                Thread.currentThread().interrupt();
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
            stage.whenComplete((value, failure) -> stageCompleted(entry, startedAt, value, failure));
        }
        catch (RuntimeException ex) {
            // A CompletionStage implementation that cannot take a callback fails its operation.
            this.queue.finished(entry, startedAt, null, ex);
            return true;
        }
        return !this.handoff.compareAndSet(AWAITING_STAGE, RUNNER_RETURNED);
    }

    /**
     * Records the outcome and lets the runner go on. Runs inside a {@code whenComplete} callback,
     * where anything thrown would vanish into a future nobody reads: so nothing may escape, and the
     * hand-off happens whatever the bookkeeping did.
     */
    private void stageCompleted(QueuedEntry entry, long startedAt, Object value, Throwable failure) {
        try {
            this.queue.finished(entry, startedAt, value, failure);
        }
        catch (Throwable ex) {
            this.queue.bookkeepingFailed(entry, ex);
        }
        finally {
            if (!this.handoff.compareAndSet(AWAITING_STAGE, STAGE_COMPLETED)) {
                this.queue.dispatch(this);
            }
        }
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
