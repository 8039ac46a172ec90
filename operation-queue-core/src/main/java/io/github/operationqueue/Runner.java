package io.github.operationqueue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;

/**
 * One runner of an {@link OperationQueue}: a continuation, not a thread. Each dispatch to the
 * executor runs {@link #run()}, which takes and performs operations for as long as their stages
 * complete at once, and gives the thread back when a stage is still pending (to be dispatched
 * again when it completes), when there is no work (to be dispatched again by the next enqueue), or
 * after its budget when other tasks wait for the executor's threads (dispatched again at once, behind
 * them).
 *
 * <p><b>One status word</b>, as an actor mailbox keeps its status: {@code status} is the runner's
 * whole state, and only the methods below change it, each one transition:
 *
 * <pre>
 *  PENDING --begin()--------------------&gt; RUNNING      a copy the executor runs (or the yielding thread) wins it
 *  RUNNING --park()---------------------&gt; WAITING      no work (listed in the scheduler's parked queue), or a rate permit
 *                                                       not yet due (on the timer): holds no thread
 *  WAITING --unpark()-------------------&gt; RUNNING      it re-read the work after parking and found some
 *  WAITING --wake()---------------------&gt; PENDING      an enqueue, a resume, a stop or its permit's timer hands it to the executor
 *  RUNNING --handOff()------------------&gt; PENDING      its stage completed elsewhere, or it used its budget
 *  RUNNING --stop()---------------------&gt; STOPPED      drained, or the drain was cut short
 *  WAITING or PENDING --claim()---------&gt; STOPPED      a cut-short drain or an executor gone claims a runner holding no operation
 *  WAITING --claimWaiting()-------------&gt; STOPPED      a closed and drained queue claims a runner holding no thread
 *  PENDING --claimToPark()--------------&gt; WAITING      a rejected runner whose retry could not be scheduled waits for a wake-up
 * </pre>
 *
 * <p>Transitions out of RUNNING are made by the one thread that holds the runner; transitions out of
 * WAITING and PENDING are races decided by CAS. So a copy of a dispatch that another copy already ran,
 * or that a stop claimed, fails {@link #begin()} and returns at once, touching nothing else: an
 * executor that queues a task and throws anyway, a retry, and a claim never make a runner run twice.
 */
final class Runner implements Runnable {

    private static final int WAITING = 0;

    private static final int PENDING = 1;

    private static final int RUNNING = 2;

    private static final int STOPPED = 3;

    private static final AtomicIntegerFieldUpdater<Runner> STATUS =
            AtomicIntegerFieldUpdater.newUpdater(Runner.class, "status");

    // Per-operation hand-off between the runner's thread and the stage's completion: whoever
    // comes second decides who goes on with the next operation.
    private static final int AWAITING_STAGE = 0;

    private static final int RUNNER_RETURNED = 1;

    private static final int STAGE_COMPLETED = 2;

    // The self-dispatch this thread is making after a budget, if any; see yieldThread().
    private static final ThreadLocal<Yield> YIELDING = new ThreadLocal<>();

    private final RunnerScheduler scheduler;

    private final Outcomes outcomes;

    // Operations one dispatch may perform before the runner gives its thread back.
    private final int budget;

    private volatile int status = PENDING;

    private final AtomicInteger handoff = new AtomicInteger();

    // Rejections since the executor last ran this runner; sets the retry back-off. Written while the
    // runner is PENDING by the thread that saw the rejection, reset by begin(); the two never overlap,
    // and each write reaches the next through the executor's or the timer's hand-off.
    private int rejectionStreak;

    // A rate permit this runner reserved and has not spent on an operation yet (see FlowGate). Written
    // and read only by the thread that holds the runner; each holder's writes reach the next through the
    // executor's or the timer's hand-off, as for rejectionStreak.
    private boolean startPermit;

    Runner(RunnerScheduler scheduler, Outcomes outcomes, int budget) {
        this.scheduler = scheduler;
        this.outcomes = outcomes;
        this.budget = budget;
    }

    // ---- the status word

    RunnerState state() {
        return switch (this.status) {
            case WAITING -> RunnerState.WAITING;
            case PENDING -> RunnerState.PENDING;
            case RUNNING -> RunnerState.RUNNING;
            default -> RunnerState.STOPPED;
        };
    }

    boolean isRunning() {
        return this.status == RUNNING;
    }

    boolean isPending() {
        return this.status == PENDING;
    }

    /** PENDING to RUNNING: whoever wins owns the runner (a copy the executor runs, or the thread that dispatched it itself). */
    boolean begin() {
        if (STATUS.compareAndSet(this, PENDING, RUNNING)) {
            this.rejectionStreak = 0;
            return true;
        }
        return false;
    }

    /** RUNNING to WAITING, by the holder: it found no work and is about to be listed as parked. */
    void park() {
        this.status = WAITING;
    }

    /** WAITING to RUNNING, by the runner that just parked and re-read the work: still ours unless woken or claimed meanwhile. */
    boolean unpark() {
        return STATUS.compareAndSet(this, WAITING, RUNNING);
    }

    /**
     * WAITING to PENDING: a waker wins the parked runner and must hand it to the executor. A runner
     * read as anything else is skipped without the CAS: wakers meet the stale node of a runner that
     * won itself back (see the scheduler) once per such park, and a failing CAS would still take this
     * object's cache line from the thread running it. Reading it not WAITING is as good an answer as
     * the CAS failing: that volatile read is ordered in the same Dekker pair.
     */
    boolean wake() {
        return this.status == WAITING && STATUS.compareAndSet(this, WAITING, PENDING);
    }

    /** RUNNING to PENDING, by the holder, just before it hands the runner to the executor. */
    void handOff() {
        this.status = PENDING;
    }

    /** RUNNING to STOPPED, by the holder. */
    void stop() {
        this.status = STOPPED;
    }

    /** WAITING or PENDING to STOPPED: a runner that holds no operation is stopped where it is. */
    boolean claim() {
        for (;;) {
            int current = this.status;
            if (current != WAITING && current != PENDING) {
                return false;
            }
            if (STATUS.compareAndSet(this, current, STOPPED)) {
                return true;
            }
        }
    }

    /**
     * WAITING to STOPPED: the queue is closed and drained, so a runner that holds no thread (parked, or
     * on the timer for a rate permit) has nothing left to start. A PENDING runner is left to its
     * dispatch. Read not WAITING, the runner is skipped without the CAS, as in {@link #wake()}.
     */
    boolean claimWaiting() {
        return this.status == WAITING && STATUS.compareAndSet(this, WAITING, STOPPED);
    }

    /** PENDING to WAITING: a rejected runner whose retry the timer could not take waits to be woken. */
    boolean claimToPark() {
        return STATUS.compareAndSet(this, PENDING, WAITING);
    }

    /** Counts a rejection of this PENDING runner; returns how many came before it since it last ran. */
    int rejected() {
        return this.rejectionStreak++;
    }

    boolean holdsStartPermit() {
        return this.startPermit;
    }

    void holdStartPermit(boolean held) {
        this.startPermit = held;
    }

    // ---- running

    /**
     * Takes and performs operations until one is pending, there is no work, or the runner has used its
     * budget; then it gives its thread back. The interrupt status is cleared before each
     * {@code perform()} and after each call that runs other code on this thread (the listeners, the
     * completion of another caller's future), as a {@code ThreadPoolExecutor} clears it between tasks:
     * an interrupt one operation leaves behind stays with it. The thread gets back the status it came
     * with (an executor that runs tasks on the caller's thread must not lose its caller's interrupt).
     */
    @Override
    public void run() {
        Yield yielding = YIELDING.get();
        if (yielding != null && yielding.runner == this) {
            // The executor ran our own self-dispatch on this thread (a caller-runs executor): the
            // caller below goes on instead, so that a long backlog does not nest a call per budget.
            yielding.ranInline = true;
            return;
        }
        if (!begin()) {
            // A stale copy of a dispatch that another copy already ran, or that a stop claimed.
            return;
        }
        boolean arrivedInterrupted = Thread.interrupted();
        try {
            takeAndPerform();
        }
        finally {
            Thread.interrupted();
            if (arrivedInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void takeAndPerform() {
        int performed = 0;
        Object entry;
        while ((entry = this.scheduler.take(this)) != null) {
            // take() may have completed the futures of enqueues that waited for room, here.
            Thread.interrupted();
            if (!performCompletedAtOnce(entry)) {
                return;
            }
            if (++performed == this.budget) {
                // Yielding to nobody would only cost an execute: see tasksWaitForAThread.
                if (this.scheduler.tasksWaitForAThread() && !yieldThread()) {
                    return;
                }
                performed = 0;
            }
        }
    }

    /**
     * Dispatches this runner again after it has used its budget, and returns whether this thread goes
     * on as the runner after all. It does when the executor ran the dispatch on this very thread (the
     * copy found the marker and returned at once), when the executor refused it (no back-off: this
     * thread holds the runner, so it wins it back in place), and when the executor has shut down (a
     * {@code CallerRunsPolicy} drops a task silently then). Otherwise another thread owns the runner
     * now and this one must return. A marker an outer self-dispatch left on this thread (another
     * queue's, whose executor ran ours inline) is put back afterwards.
     */
    private boolean yieldThread() {
        Yield yielding = new Yield(this);
        Yield outer = YIELDING.get();
        YIELDING.set(yielding);
        boolean accepted;
        try {
            accepted = this.scheduler.redispatch(this);
        }
        finally {
            if (outer != null) {
                YIELDING.set(outer);
            }
            else {
                YIELDING.remove();
            }
        }
        if (yielding.ranInline || !accepted || this.scheduler.isExecutorShutDown()) {
            // Won back unless a stop claimed it (then it is STOPPED and counted) or a copy runs it.
            return begin();
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
        long startedAt = this.outcomes.started(entry);
        // Cleared after the started listeners, so that an interrupt one of them left cannot fail the operation.
        Thread.interrupted();
        CompletionStage<?> stage = start(entry);
        // What the operation left behind stays with it: not for the listeners or futures below.
        Thread.interrupted();
        if (stage.getClass() == CompletableFuture.class) {
            // The exact class only: a subclass (a minimal stage, say) may refuse these reads.
            CompletableFuture<?> future = (CompletableFuture<?>) stage;
            if (future.isDone() && !future.isCompletedExceptionally()) {
                // Already complete, as a blocking body's is: no callback and no hand-off to settle.
                this.outcomes.finished(entry, startedAt, future.getNow(null), null);
                Thread.interrupted();
                return true;
            }
        }
        // A release store, not a volatile one: no fence is needed. The only other writer is the stage's
        // callback, which can run only after whenComplete below has pushed it onto the stage with a
        // CAS; this store comes before that CAS in program order, so the callback's CAS sees it. The
        // previous operation's hand-off is over: it was decided before this thread took this entry.
        this.handoff.setRelease(AWAITING_STAGE);
        StageCallback callback = new StageCallback(entry, startedAt);
        boolean goOn;
        try {
            stage.whenComplete(callback);
            goOn = !this.handoff.compareAndSet(AWAITING_STAGE, RUNNER_RETURNED);
        }
        catch (Throwable ex) {
            // A CompletionStage implementation that cannot take a callback fails its operation. It
            // may have registered the callback before it threw: whichever of the two claims the
            // outcome first records it, once.
            if (callback.claimOutcome()) {
                this.outcomes.finished(entry, startedAt, null, ex);
                goOn = true;
            }
            else {
                goOn = !this.handoff.compareAndSet(AWAITING_STAGE, RUNNER_RETURNED);
            }
        }
        // A stage that completed during whenComplete ran its callback here.
        Thread.interrupted();
        return goOn;
    }

    /**
     * Records the outcome and lets the runner go on. Runs inside a {@code whenComplete} callback,
     * where anything thrown would vanish into a future nobody reads: so nothing may escape, and the
     * hand-off happens whatever the bookkeeping did.
     */
    private void stageCompleted(Object entry, long startedAt, Object value, Throwable failure) {
        try {
            this.outcomes.finished(entry, startedAt, value, failure);
        }
        finally {
            if (!this.handoff.compareAndSet(AWAITING_STAGE, STAGE_COMPLETED)) {
                this.scheduler.resume(this);
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

    private static CompletionStage<?> start(Object entry) {
        try {
            CompletionStage<?> stage = QueuedEntry.perform(entry);
            return (stage != null) ? stage : CompletableFuture.failedFuture(new IllegalStateException(
                    "QueuedOperation.perform() returned null; return a completed stage instead"));
        }
        catch (Throwable ex) {
            // Whatever perform() throws fails this operation, never the runner.
            return CompletableFuture.failedFuture(ex);
        }
    }
}
