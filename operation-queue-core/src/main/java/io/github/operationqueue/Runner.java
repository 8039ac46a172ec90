package io.github.operationqueue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;

/**
 * One runner of an {@link OperationQueue}: a continuation, not a thread. Each dispatch to the
 * executor runs {@link #run()}, which takes and performs operations for as long as their stages
 * complete at once, and gives the thread back when a stage is still pending (to be dispatched
 * again when it completes) or when there is no work (to be dispatched again by the next enqueue).
 *
 * <p>State machine, see {@link RunnerState}: {@code PENDING -> RUNNING} when the executor runs
 * it and it takes an operation; {@code -> WAITING} when it parks; {@code WAITING -> PENDING}
 * when an enqueue, a resume or a stop dispatches it; {@code RUNNING -> PENDING} when its pending
 * stage completes on another thread, or when it has used its budget and dispatches itself again;
 * {@code -> STOPPED} once, for good.
 */
final class Runner implements Runnable {

    // Per-operation hand-off between the runner's thread and the stage's completion: whoever
    // comes second decides who goes on with the next operation.
    private static final int AWAITING_STAGE = 0;

    private static final int RUNNER_RETURNED = 1;

    private static final int STAGE_COMPLETED = 2;

    private final OperationQueue queue;

    // Operations one dispatch may perform before the runner gives its thread back.
    private final int budget;

    private final AtomicInteger handoff = new AtomicInteger();

    // The self-dispatch this thread is making after a budget, if any; see yieldThread().
    private static final ThreadLocal<Yield> YIELDING = new ThreadLocal<>();

    // Set by each dispatch, cleared by the one run() it lets through: a task the executor holds
    // twice (queued, then retried after the executor threw anyway) runs the runner once.
    private final AtomicBoolean scheduled = new AtomicBoolean();

    // Written by whoever moves the runner on; read by stats().
    private volatile RunnerState state = RunnerState.PENDING;

    // Rejections since the executor last ran this runner; sets the retry back-off. Reset by run()
    // and counted by the queue when a dispatch is rejected. The two never overlap: a rejected runner
    // is not running, and each write reaches the next through the executor's or the retry timer's
    // hand-off.
    int rejectionStreak;

    Runner(OperationQueue queue, int budget) {
        this.queue = queue;
        this.budget = budget;
    }

    RunnerState state() {
        return this.state;
    }

    void moveTo(RunnerState next) {
        this.state = next;
    }

    void markScheduled() {
        this.scheduled.set(true);
    }

    boolean isScheduled() {
        return this.scheduled.get();
    }

    /** Claims the pending dispatch; returns whether it was still pending (no copy ran it yet). */
    boolean unschedule() {
        return this.scheduled.compareAndSet(true, false);
    }

    /**
     * Takes and performs operations until one is pending, there is no work, or the runner has used its
     * budget; then it gives its thread back, and in the last case is dispatched again at once, behind
     * whatever else the executor holds (another queue's runner, say). Each operation starts
     * with a clear interrupt status, as a task of a {@code ThreadPoolExecutor} does, so that an
     * interrupt left behind by one operation cannot fail the next; the thread gets back the status
     * it came with (an executor that runs tasks on the caller's thread must not lose its caller's
     * interrupt). A copy of a dispatch that has already run, or that the queue gave up, returns at once.
     */
    @Override
    public void run() {
        if (!unschedule()) {
            // A stale copy of a dispatch that another copy already ran.
            return;
        }
        Yield yielding = YIELDING.get();
        if (yielding != null && yielding.runner == this) {
            // The executor ran our own self-dispatch on this thread (a caller-runs executor): the
            // caller below goes on instead, so that a long backlog does not nest a call per budget.
            yielding.ranInline = true;
            return;
        }
        this.rejectionStreak = 0;
        boolean arrivedInterrupted = Thread.interrupted();
        try {
            int performed = 0;
            Object entry;
            while ((entry = this.queue.take(this)) != null) {
                this.state = RunnerState.RUNNING;
                if (!performCompletedAtOnce(entry)) {
                    return;
                }
                if (++performed == this.budget) {
                    if (!yieldThread()) {
                        return;
                    }
                    performed = 0;
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
     * Dispatches this runner again after it has used its budget: not parked and not waiting for a
     * stage, nothing else would. Returns whether this thread goes on as the runner after all, which
     * it does when the executor ran the dispatch on this very thread (it found the marker and
     * returned at once); otherwise another thread owns the runner now and this one must return.
     */
    private boolean yieldThread() {
        Yield yielding = new Yield(this);
        YIELDING.set(yielding);
        try {
            this.queue.dispatch(this);
        }
        finally {
            YIELDING.remove();
        }
        if (yielding.ranInline) {
            this.state = RunnerState.RUNNING;
            return true;
        }
        return false;
    }

    /** One self-dispatch after a budget, confined to the thread making it. */
    private static final class Yield {

        final Runner runner;

        boolean ranInline;

        Yield(Runner runner) {
            this.runner = runner;
        }
    }

    /**
     * Starts {@code entry}'s operation and returns whether its stage had already completed, in
     * which case this thread goes on with the next operation.
     */
    private boolean performCompletedAtOnce(Object entry) {
        long startedAt = this.queue.started(entry);
        // Cleared after the started listeners, so that an interrupt one of them left cannot fail the operation.
        Thread.interrupted();
        CompletionStage<?> stage = start(entry);
        if (stage.getClass() == CompletableFuture.class) {
            // The exact class only: a subclass (a minimal stage, say) may refuse these reads.
            CompletableFuture<?> future = (CompletableFuture<?>) stage;
            if (future.isDone() && !future.isCompletedExceptionally()) {
                // Already complete, as a blocking body's is: no callback and no hand-off to settle.
                record(entry, startedAt, future.getNow(null), null);
                return true;
            }
        }
        this.handoff.set(AWAITING_STAGE);
        StageCallback callback = new StageCallback(entry, startedAt);
        try {
            stage.whenComplete(callback);
        }
        catch (Throwable ex) {
            // A CompletionStage implementation that cannot take a callback fails its operation. It
            // may have registered the callback before it threw: whichever of the two claims the
            // outcome first records it, once.
            if (callback.claimOutcome()) {
                record(entry, startedAt, null, ex);
                return true;
            }
        }
        return !this.handoff.compareAndSet(AWAITING_STAGE, RUNNER_RETURNED);
    }

    /**
     * Records the outcome and lets the runner go on. Runs inside a {@code whenComplete} callback,
     * where anything thrown would vanish into a future nobody reads: so nothing may escape, and the
     * hand-off happens whatever the bookkeeping did.
     */
    private void stageCompleted(Object entry, long startedAt, Object value, Throwable failure) {
        try {
            record(entry, startedAt, value, failure);
        }
        finally {
            if (!this.handoff.compareAndSet(AWAITING_STAGE, STAGE_COMPLETED)) {
                this.queue.dispatch(this);
            }
        }
    }

    /**
     * The {@code whenComplete} callback of one pending operation. It records nothing when the
     * runner has already failed the operation because {@code whenComplete} threw.
     */
    private final class StageCallback implements BiConsumer<Object, Throwable> {

        private static final AtomicIntegerFieldUpdater<StageCallback> OUTCOME_CLAIMED =
                AtomicIntegerFieldUpdater.newUpdater(StageCallback.class, "outcomeClaimed");

        private final Object entry;

        private final long startedAt;

        private volatile int outcomeClaimed;

        StageCallback(Object entry, long startedAt) {
            this.entry = entry;
            this.startedAt = startedAt;
        }

        boolean claimOutcome() {
            return OUTCOME_CLAIMED.compareAndSet(this, 0, 1);
        }

        @Override
        public void accept(Object value, Throwable failure) {
            if (claimOutcome()) {
                stageCompleted(this.entry, this.startedAt, value, failure);
            }
        }
    }

    /** Records an operation's outcome; a failure of the bookkeeping itself is logged, never thrown. */
    private void record(Object entry, long startedAt, Object value, Throwable failure) {
        try {
            this.queue.finished(entry, startedAt, value, failure);
        }
        catch (Throwable ex) {
            this.queue.bookkeepingFailed(entry, ex);
        }
    }

    private static CompletionStage<?> start(Object entry) {
        try {
            CompletionStage<?> stage = QueuedEntry.operation(entry).perform();
            return (stage != null) ? stage : CompletableFuture.failedFuture(new IllegalStateException(
                    "QueuedOperation.perform() returned null; return a completed stage instead"));
        }
        catch (Throwable ex) {
            // Whatever perform() throws fails this operation, never the runner.
            return CompletableFuture.failedFuture(ex);
        }
    }
}
