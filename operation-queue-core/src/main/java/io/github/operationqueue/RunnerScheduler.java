package io.github.operationqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The runners of an {@link OperationQueue} and their lifecycle, as {@code ThreadPoolExecutor} keeps
 * its workers and {@code tryTerminate} together: which runners exist, which are parked holding no
 * thread, how a runner gets a thread of the executor (dispatch, and a back-off when the executor
 * rejects it), and the one shutdown path. It uses {@link Admission} for the entries and
 * {@link Termination} for the state of the ending, and calls nothing above it; {@link Runner} is its
 * worker, as a {@code ThreadPoolExecutor.Worker} is its pool's.
 *
 * <p><b>No lost wake-up.</b> Parking and waking are the two halves of Dekker's pattern: a runner
 * sets its status to WAITING and lists itself in {@code parked}, then re-reads the work
 * ({@link #park}); a producer publishes work and then polls {@code parked}, winning a runner by CAS
 * ({@link #wake}). At least one of the two sees the other. {@code parked} may hold stale nodes (a
 * runner that won itself back, or was claimed); wakers skip them, since only a WAITING runner can be won.
 *
 * <h2>The shutdown path, and why the future completes once, after everything else</h2>
 *
 * <p>Every way a queue ends goes through {@link #shutDown}: {@code stop()} (drain), the drain deadline
 * and the executor giving out (cut short). It is five steps, in this order:
 * <ol>
 * <li><b>close</b>: set CLOSED in the reservation word, under the lifecycle lock so that no runner is
 * added afterwards. Exactly one caller closes.</li>
 * <li><b>fail waiters</b>: only the closer refuses the enqueues waiting for room, counting each before
 * its future fails. A waiter that joins after the closer looked withdraws itself, uncounted: its
 * enqueue is ordered after the stop.</li>
 * <li><b>claim runners that hold no operation</b>: when cut short, every WAITING or PENDING runner is
 * stopped where it is; a copy the executor still holds fails {@link Runner#begin()} and returns at
 * once. A runner that holds an operation finishes it and then stops at its next {@link #take}, or in
 * {@link #resume} if its stage completes elsewhere, without taking another: so after the cut each
 * runner starts at most the one operation it had already taken. A runner that moves to PENDING after
 * the claim looked at it (a stage completed, a budget used) reads the cut after its own write and
 * claims itself ({@link #execute}). When draining, parked runners are woken instead, to drain; once
 * the queue is closed and drained (at the close, or when the last runner to take an entry stops), every
 * WAITING runner is claimed where it is, since none has anything left to start
 * ({@link #claimWaitingRunners}).</li>
 * <li><b>abandon</b>: when cut short, everything still queued; when draining, what is queued once no
 * live runner is left (in {@link #tryTerminate}).</li>
 * <li><b>complete</b>, in {@link #tryTerminate}, once, after every side effect.</li>
 * </ol>
 *
 * <p>{@code tryTerminate} completes when, at one read, no runner is live, CLOSED is set and every
 * reserved slot has been released ({@link Admission#isClosedAndDrained()}: the release count, read after
 * the reservation word, has reached it), and no step of the path is in progress
 * ({@link Termination#isQuiet()}). The first two only move one way once closed (no runner is added and
 * no slot reserved after CLOSED, and a slot is released only after it was reserved), so once all three
 * hold they hold for good, and the guarantee follows from who calls it:
 * <ol>
 * <li><b>Every step ends by calling it.</b> The closer, each cut, and each abandonment count
 * themselves in progress before they start and call {@code tryTerminate()} after they end; the last
 * of them sees none in progress. So the refusals, the failed {@code submit} futures, the WARN lines
 * and the {@code abandoned} listener calls all happen before the future completes.</li>
 * <li><b>The last runner calls it.</b> A runner stops after it recorded its last operation (counters,
 * listeners, its {@code submit} future); the one that takes live runners to 0 calls
 * {@code tryTerminate()}, which abandons what is left (an entry a producer published after the runners
 * stopped) and completes. A claimed runner is counted down by its claimer, inside a step.</li>
 * <li><b>A producer's entry comes last.</b> A producer reserved its slot just before CLOSED and
 * publishes after: while the slot is reserved depth &gt; 0, so nothing completes; after publishing it
 * reads the live runners, and reading 0 it calls {@code tryTerminate()} itself, which abandons the
 * entry. Reading a live runner, it leaves the entry to that runner, which it has woken.</li>
 * <li><b>A PENDING runner the executor never runs</b> (a saturated pool, a discarding policy, a copy
 * removed by {@code shutdownNow()}) is claimed by the cut of the drain deadline, or by a stop that finds
 * the executor shut down; only a plain {@code stop()} on a running executor waits for it, as
 * {@code awaitTermination} waits for a task a pool holds.</li>
 * <li><b>Flow control</b>: a runner refused by the limit or by the quiet parks as any other (woken to
 * drain, claimed by a cut or by the sweep of a drained queue); a runner waiting on the timer for its
 * rate permit is WAITING but not in {@code parked}, so no producer wakes it early. While entries are
 * left it drains when its permit is due (a plain {@code stop()} waits for that permit); once the queue
 * is closed and drained it is claimed at once, by a cut or by the sweep, exactly once: its timer firing
 * later fails its CAS and does nothing. A dispatch the shut-down executor rejects cuts the stop.</li>
 * <li><b>Racing completers</b> claim the completion by CAS; the winner flushes the failure logs,
 * completes the {@link OperationQueue#whenIdle()} futures, shuts the timer down, and completes the
 * future last. No runner touches the queue after it: every runner is STOPPED, and a stale copy only
 * fails its CAS.</li>
 * </ol>
 */
final class RunnerScheduler {

    private static final Logger logger = QueueLog.LOGGER;

    private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String name;

    private final Executor executor;

    // Asked after a rejection: has the executor shut down for good?
    private final BooleanSupplier executorShutDown;

    // Asked when a runner has used its budget: is a task waiting for one of the executor's threads?
    private final BooleanSupplier tasksWaiting;

    private final Admission admission;

    private final Outcomes outcomes;

    private final Termination termination;

    private final QueueTimer timer;

    private final SafeListener listener;

    // Taken only to add runners and to close, so that a close cannot miss runners a start is adding.
    private final Object lifecycleLock = new Object();

    private volatile boolean paused;

    // Null for a queue with neither a limit nor a rate: then each take pays one null check for it.
    private final FlowGate flow;

    private final BackOff backOff;

    // Appended under lifecycleLock, read anywhere.
    private final List<Runner> runners = new CopyOnWriteArrayList<>();

    private final AtomicInteger liveRunners = new AtomicInteger();

    // Runners that parked; may hold stale nodes (see the class description). Package-private for tests.
    final ConcurrentLinkedQueue<Runner> parked = new ConcurrentLinkedQueue<>();

    private final ConcurrentLinkedQueue<CompletableFuture<Void>> idleWaiters = new ConcurrentLinkedQueue<>();

    private final LongAdder rejections = new LongAdder();

    // Rejections that start a runner's streak: the first of each cause with its trace, then counts.
    private final FailureLog rejectionLog;

    // Set by the one sweep that claims the WAITING runners of a closed and drained queue.
    private final AtomicBoolean drainedSweepDone = new AtomicBoolean();

    // Whether a failing shut-down check was reported: it would fail again on every retry.
    private final AtomicBoolean shutDownCheckFailed = new AtomicBoolean();

    RunnerScheduler(String name, Executor executor, BooleanSupplier executorShutDown, BooleanSupplier tasksWaiting,
            Admission admission, Outcomes outcomes, SafeListener listener, QueueTimer timer,
            Duration rejectionLogInterval, FlowGate flow, BackOff backOff) {
        this.name = name;
        this.flow = flow;
        this.backOff = backOff;
        if (flow != null) {
            flow.onRoomOpened(this::roomOpened);
        }
        backOff.onEnd(() -> roomOpened(Integer.MAX_VALUE));
        this.executor = executor;
        this.executorShutDown = executorShutDown;
        this.tasksWaiting = tasksWaiting;
        this.admission = admission;
        this.outcomes = outcomes;
        this.listener = listener;
        this.timer = timer;
        this.termination = new Termination(name, admission, listener);
        this.rejectionLog = new FailureLog(name, "runner dispatch", "runner dispatches", logger, Level.WARN,
                rejectionLogInterval, timer);
    }

    // ---- reading

    int liveRunners() {
        return this.liveRunners.get();
    }

    long rejections() {
        return this.rejections.sum();
    }

    long abandoned() {
        return this.termination.abandoned();
    }

    boolean isPaused() {
        return this.paused;
    }

    FlowGate flow() {
        return this.flow;
    }

    BackOff backOff() {
        return this.backOff;
    }

    /** The queue's timer; for tests that must order their own steps with its tasks. */
    QueueTimer timer() {
        return this.timer;
    }

    DrainFuture terminated() {
        return this.termination.terminated();
    }

    /** Counts runners by {@link RunnerState}, indexed by ordinal; a moment's view. */
    int[] countByState() {
        int[] states = new int[RunnerState.values().length];
        for (Runner runner : this.runners) {
            states[runner.state().ordinal()]++;
        }
        return states;
    }

    boolean allWaiting() {
        for (Runner runner : this.runners) {
            if (runner.state() != RunnerState.WAITING) {
                return false;
            }
        }
        return true;
    }

    // ---- starting, pausing, publishing

    /**
     * Adds {@code count} runners and hands each to the executor.
     *
     * @throws QueueStoppedException if the queue is closed
     */
    void start(int count, int budget) {
        List<Runner> added = new ArrayList<>(count);
        synchronized (this.lifecycleLock) {
            if (this.admission.isClosed()) {
                throw new QueueStoppedException(this.name, "start runners");
            }
            if (count > Integer.MAX_VALUE - this.runners.size()) {
                // The live-runner count must not overflow.
                throw new IllegalArgumentException(this.name + ": cannot add " + count + " runners to the "
                        + this.runners.size() + " it has");
            }
            for (int i = 0; i < count; i++) {
                added.add(new Runner(this, this.outcomes, budget));
            }
            this.runners.addAll(added);
            this.liveRunners.addAndGet(count);
        }
        logger.debug("{}: starting {} runners", this.name, count);
        added.forEach(this::execute);
    }

    void pause() {
        this.paused = true;
    }

    /** Resumes and wakes a runner for each queued entry; returns whether it was paused. */
    boolean resume() {
        if (!this.paused) {
            return false;
        }
        this.paused = false;
        wake((int) Math.min(Integer.MAX_VALUE, this.admission.depth()));
        return true;
    }

    /**
     * {@code count} entries were published: wake a runner for each, unless paused (resume() wakes them
     * then). On a closed queue with no live runner nobody is left to drain them: the entry a producer
     * publishes after the stop is abandoned here (see the class description, case 3).
     */
    void published(int count) {
        if (count == 0) {
            return;
        }
        boolean closed = this.admission.isClosed();
        if ((!this.paused || closed) && !this.backOff.isQuiet()) {
            wake((this.flow == null) ? count : this.flow.wakeable(count));
        }
        if (closed && this.liveRunners.get() == 0) {
            tryTerminate();
        }
    }

    // ---- a runner's way through the queue (called by Runner)

    /**
     * Returns the next operation for {@code runner}, or {@code null} after parking or stopping it,
     * in which case the runner must give its thread back.
     */
    Object take(Runner runner) {
        for (;;) {
            if (this.termination.isCutShort()) {
                stopRunning(runner);
                return null;
            }
            if ((!this.paused || this.admission.isClosed()) && !this.backOff.isQuiet()) {
                long admitted = (this.flow == null) ? FlowGate.START
                        : this.admission.hasPublished() ? this.flow.admit(runner) : FlowGate.REFUSED;
                if (admitted == FlowGate.START) {
                    Object entry = this.admission.take();
                    if (entry != null) {
                        if (this.admission.hasWaiters()) {
                            published(this.admission.admitWaiters());
                        }
                        return entry;
                    }
                    if (this.flow != null) {
                        this.flow.notStarted();
                    }
                }
                else if (admitted > 0) {
                    if (!parkUntilPermit(runner, admitted)) {
                        return null;
                    }
                    continue;
                }
            }
            if (this.admission.isClosedAndDrained()) {
                stopRunning(runner);
                return null;
            }
            if (this.flow != null) {
                this.flow.parked(runner);
            }
            if (!park(runner)) {
                return null;
            }
        }
    }

    /**
     * Parks {@code runner} and re-reads the work; returns whether the runner goes on taking on its
     * thread, which it does when work arrived and nobody woke it meanwhile.
     */
    private boolean park(Runner runner) {
        runner.park();
        this.parked.offer(runner);
        if (!this.idleWaiters.isEmpty()) {
            signalIfIdle();
        }
        return hasWorkForParkedRunner() && runner.unpark();
    }

    private boolean hasWorkForParkedRunner() {
        if (this.termination.isCutShort()) {
            // The cut's claim may have passed this runner while it was still RUNNING: its write of
            // WAITING and the cut's claim are the two halves of Dekker's pattern, so one of them sees
            // the other. Winning itself back, the runner stops at its next take.
            return true;
        }
        if (this.admission.isClosed()) {
            // Drained: a runner must come to stop. Not drained but empty: an accepted entry is on
            // its way, and its producer will wake a runner.
            return this.admission.isClosedAndDrained() || (this.admission.hasPublished() && mayStartNow());
        }
        return !this.paused && this.admission.hasPublished() && mayStartNow();
    }

    /** Whether flow control lets a parked runner start now: no quiet, and room under the limit. */
    private boolean mayStartNow() {
        return !this.backOff.isQuiet() && (this.flow == null || this.flow.hasRoom());
    }

    /**
     * Parks {@code runner} until the rate permit it reserved is due, on the timer: it holds no thread and
     * is not listed as parked, so only its timer or a cut wins it. Returns whether the runner goes on
     * taking on its thread after all.
     */
    private boolean parkUntilPermit(Runner runner, long waitNanos) {
        runner.park();
        try {
            this.timer.schedule(() -> {
                if (runner.wake()) {
                    execute(runner);
                }
            }, waitNanos);
        }
        catch (Throwable ex) {
            if (!runner.unpark()) {
                // Claimed meanwhile by a cut or a drained stop: the queue may have terminated, its timer too.
                return false;
            }
            logger.warn("{}: could not schedule a runner's wait for its rate permit; it starts at once", this.name,
                    ex);
            return true;
        }
        // A cut, or the sweep of a drained queue, that passed this runner while it was RUNNING: their
        // claim and this park are Dekker's two halves, so a stop does not wait for the permit. Winning
        // itself back, the runner stops at its next take.
        return (this.termination.isCutShort() || this.admission.isClosedAndDrained()) && runner.unpark();
    }

    /**
     * Flow control opened room for {@code count} more operations (the limit grew, or a quiet ended):
     * wakes a runner for each queued entry that may start now.
     */
    private void roomOpened(int count) {
        if (this.paused && !this.admission.isClosed()) {
            return;
        }
        int queued = (int) Math.min(Integer.MAX_VALUE, this.admission.depth());
        wake((this.flow == null) ? Math.min(count, queued) : this.flow.wakeable(Math.min(count, queued)));
    }

    /** The stage of {@code runner}'s operation completed on another thread after the runner returned its own. */
    void resume(Runner runner) {
        if (this.termination.isCutShort()) {
            stopRunning(runner);
            return;
        }
        runner.handOff();
        execute(runner);
    }

    /**
     * Hands {@code runner}, which has used its budget, back to the executor; returns whether the
     * executor took it. A refusal is counted, and neither retried nor logged: the calling thread still
     * holds the runner and goes on in place. After a cut the executor is not asked at all.
     */
    boolean redispatch(Runner runner) {
        runner.handOff();
        if (this.termination.isCutShort()) {
            // Won back by the caller, whose next take stops it; or claimed meanwhile by the cut.
            return false;
        }
        try {
            this.executor.execute(runner);
            return true;
        }
        catch (Throwable ex) {
            this.rejections.increment();
            return false;
        }
    }

    /**
     * Whether a runner that has used its budget has anyone to give its thread to. A
     * {@code ThreadPoolExecutor} says so by its queue: an empty one means every other task already has a
     * thread (or there is none), so a self-dispatch would come straight back to this thread, at the cost
     * of an {@code execute} and a hop through the queue; and a task queued later waits for at most one
     * more budget, as it would behind a runner that yielded. An executor that hides its pool is asked
     * as the builder was told; one nobody told how to ask cannot tell, and is always given the thread
     * back. A probe that cannot answer counts as tasks waiting.
     */
    boolean tasksWaitForAThread() {
        try {
            return this.tasksWaiting.getAsBoolean();
        }
        catch (Throwable ex) {
            return true;
        }
    }

    /** What the queue asks when the builder was not told: a {@code ThreadPoolExecutor}'s queue, or always yes. */
    static BooleanSupplier tasksWaitingIn(Executor executor) {
        if (executor instanceof ThreadPoolExecutor pool) {
            BlockingQueue<Runnable> queue = pool.getQueue();
            return () -> !queue.isEmpty();
        }
        return () -> true;
    }

    /** Whether the executor reports that it has shut down for good; one that cannot tell counts as running. */
    boolean isExecutorShutDown() {
        try {
            return this.executorShutDown.getAsBoolean();
        }
        catch (Throwable ex) {
            // Retrying is the safe answer: a queue stopped by mistake cannot start again.
            if (this.shutDownCheckFailed.compareAndSet(false, true)) {
                logger.warn("{}: could not tell whether the executor shut down; retrying rejected runners "
                        + "(reported once)", this.name, ex);
            }
            return false;
        }
    }

    // ---- dispatching

    /** Dispatches up to {@code count} parked runners. */
    private void wake(int count) {
        int woken = 0;
        while (woken < count) {
            Runner runner = this.parked.poll();
            if (runner == null) {
                return;
            }
            if (runner.wake()) {
                woken++;
                execute(runner);
            }
        }
    }

    /**
     * Hands a PENDING {@code runner} to the executor; a rejection is retried, never lost. After a cut
     * it claims the runner instead: its write of PENDING and the cut's claim are the two halves of
     * Dekker's pattern, so a runner that turned PENDING after the claim passed it is claimed here.
     */
    private void execute(Runner runner) {
        if (this.termination.isCutShort()) {
            if (runner.claim()) {
                runnerStopped();
            }
            return;
        }
        try {
            this.executor.execute(runner);
        }
        catch (Throwable ex) {
            // RejectedExecutionException is the contract; anything else an executor throws, Errors
            // included (OutOfMemoryError: unable to create native thread), is treated the same way,
            // so that it can neither lose the runner nor reach a producer whose operation was
            // accepted, nor vanish into the future of a stage's completion callback.
            rejected(runner, ex);
        }
    }

    private void rejected(Runner runner, Throwable ex) {
        this.rejections.increment();
        if (isExecutorShutDown()) {
            // The claim step stops this runner with the others that hold no operation.
            shutDown("its executor was shut down");
            return;
        }
        if (this.termination.isCutShort()) {
            if (runner.claim()) {
                runnerStopped();
            }
            return;
        }
        int streak = runner.rejected();
        if (streak == 0) {
            // Once per runner and streak, and through the failure log: a hundred runners rejected
            // at once log the cause's trace once and then a count.
            this.rejectionLog.failed("(retried until the executor accepts)", ex);
        }
        long delay = Math.min(MAX_RETRY_NANOS, FIRST_RETRY_NANOS << Math.min(streak, 20));
        try {
            this.timer.schedule(() -> {
                // A copy the executor queued before it threw may have run the runner meanwhile.
                if (runner.isPending()) {
                    execute(runner);
                }
            }, delay);
        }
        catch (Throwable timerFailed) {
            retryNotScheduled(runner, timerFailed);
        }
    }

    /**
     * The timer could not take the retry (it could not start its thread, say): the runner is
     * parked instead, so that the next enqueue, resume or stop dispatches it again. It does not
     * re-read the work: with work there it would be dispatched, rejected and parked again at once, in
     * a loop on this thread.
     */
    private void retryNotScheduled(Runner runner, Throwable ex) {
        logger.warn("{}: could not schedule the retry of a rejected runner; it waits for the next wake-up", this.name,
                ex);
        if (runner.claimToPark()) {
            this.parked.offer(runner);
        }
    }

    // ---- stopping

    /**
     * Stops {@code runner}, which this thread holds. Drained: the runners waiting are stopped where they
     * wait, and any parked runner left is woken to come and stop too. The sweep runs while this runner
     * still counts as live, so the queue cannot terminate in the middle of it.
     */
    private void stopRunning(Runner runner) {
        runner.stop();
        if (this.admission.isClosedAndDrained()) {
            claimWaitingRunners();
            wake(Integer.MAX_VALUE);
        }
        runnerStopped();
    }

    /**
     * The queue is closed and drained: a WAITING runner has nothing left to start, whether it is parked
     * or waits on the timer for a rate permit, so it is stopped where it is. Without this, a plain stop
     * would wait for each permit's timer (a minute each at one start a minute). Once is enough: a runner
     * that turns WAITING after the sweep read its status reads the queue drained after its own write
     * ({@link #park}, {@link #parkUntilPermit}), Dekker's two halves, and goes on to stop; a permit's
     * timer firing after the claim fails {@link Runner#wake()} and does nothing. Called only while the
     * caller keeps the queue from terminating (a live runner of its own, or a step in progress).
     */
    private void claimWaitingRunners() {
        if (!this.drainedSweepDone.compareAndSet(false, true)) {
            return;
        }
        for (Runner runner : this.runners) {
            if (runner.claimWaiting()) {
                runnerStopped();
            }
        }
    }

    private void runnerStopped() {
        if (this.liveRunners.decrementAndGet() == 0) {
            tryTerminate();
        }
    }

    /**
     * The one shutdown path (see the class description): close, fail waiters, claim the runners that
     * hold no operation or wake them to drain, abandon, complete.
     *
     * @param cutReason why the drain is cut short, or {@code null} to drain
     */
    void shutDown(String cutReason) {
        this.termination.beginStep();
        try {
            boolean closedNow;
            synchronized (this.lifecycleLock) {
                closedNow = this.admission.close();
            }
            String cut = cutReason;
            if (closedNow) {
                if (cut == null && isExecutorShutDown()) {
                    // A PENDING runner may never run, and no parked runner can be dispatched.
                    cut = "its executor was shut down";
                }
                if (cut != null && cutReason != null) {
                    logger.error("{}: stopping the queue because {}", this.name, cut);
                }
                else {
                    logger.debug("{}: stopping; {} operations left to perform", this.name, this.admission.depth());
                }
                this.admission.refuseWaiters();
            }
            if (cut != null) {
                if (this.termination.cutShort()) {
                    for (Runner runner : this.runners) {
                        if (runner.claim()) {
                            runnerStopped();
                        }
                    }
                    this.termination.abandonQueued(cut);
                }
            }
            else if (closedNow) {
                if (this.admission.isClosedAndDrained()) {
                    claimWaitingRunners();
                }
                // A paused queue drains too: parked runners come to take what is left, or to stop.
                wake(Integer.MAX_VALUE);
            }
        }
        finally {
            this.termination.endStep();
        }
        tryTerminate();
    }

    /** Cuts the drain short once {@code timeout} has elapsed, unless it ended first or an earlier deadline is set. */
    void cutShortAfter(Duration timeout, long timeoutNanos) {
        this.termination.cutShortAfter(timeout, timeoutNanos, this.timer,
                () -> shutDown("the drain timeout of " + timeout + " elapsed"));
    }

    /** Completes the drain if nothing is left to wait for; abandons what no runner is left to perform. */
    void tryTerminate() {
        if (this.liveRunners.get() != 0 || !this.admission.isClosed()) {
            return;
        }
        if (!this.admission.isClosedAndDrained()) {
            this.termination.abandonQueued("no runner is left to perform them");
        }
        if (!this.admission.isClosedAndDrained() || !this.termination.isQuiet()
                || !this.termination.claimCompletion()) {
            return;
        }
        // The last side effects, then the future: whoever waits on stop() sees all of them.
        completeIdleWaiters();
        this.outcomes.flushFailures();
        this.rejectionLog.flush();
        this.listener.flushFailures();
        this.timer.shutDown();
        this.termination.complete();
    }

    // ---- idle

    /**
     * A future that completes when nothing is queued, waiting for room, or running; at once if that
     * is so now; when the queue has terminated at the latest.
     */
    CompletableFuture<Void> whenIdle() {
        if (this.termination.terminated().isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> idle = new CompletableFuture<>();
        // The queue only ever completes these normally: a failure is the caller giving up (cancel,
        // orTimeout), and a busy queue must not keep every wait a polling caller abandoned.
        idle.whenComplete((ignored, givenUp) -> {
            if (givenUp != null) {
                this.idleWaiters.remove(idle);
            }
        });
        keepWaiting(idle);
        signalIfIdle();
        if (this.termination.terminated().isDone()) {
            // Terminated while this waiter was joining: the completer may have missed it.
            completeIdleWaiters();
        }
        return idle;
    }

    /**
     * Completes the idle waiters if the queue is idle. A waiter is completed only by a check that read
     * the state after the waiter joined: the waiters are taken first, then the state read, and put
     * back if it is not idle. Putting back and the runner that parks last are again Dekker's two
     * halves: each writes (its waiter, its WAITING status) and then re-reads the other.
     */
    private void signalIfIdle() {
        while (!this.idleWaiters.isEmpty()) {
            List<CompletableFuture<Void>> taken = new ArrayList<>();
            CompletableFuture<Void> waiter;
            while ((waiter = this.idleWaiters.poll()) != null) {
                taken.add(waiter);
            }
            if (isIdleNow()) {
                taken.forEach((idle) -> idle.complete(null));
                return;
            }
            taken.forEach(this::keepWaiting);
            if (!isIdleNow()) {
                return;
            }
        }
    }

    /**
     * Lists {@code idle} as waiting, unless it is done. Listing and then reading it done, against the
     * caller's completing it and then removing it, are Dekker's two halves: one of them takes it out.
     */
    private void keepWaiting(CompletableFuture<Void> idle) {
        this.idleWaiters.offer(idle);
        if (idle.isDone()) {
            this.idleWaiters.remove(idle);
        }
    }

    private boolean isIdleNow() {
        if (this.admission.depth() != 0 || this.admission.awaitingRoom() != 0) {
            return false;
        }
        for (Runner runner : this.runners) {
            if (runner.isRunning()) {
                return false;
            }
        }
        return true;
    }

    /** How many {@link #whenIdle()} futures the queue holds; for tests. */
    int idleWaiterCount() {
        return this.idleWaiters.size();
    }

    private void completeIdleWaiters() {
        CompletableFuture<Void> waiter;
        while ((waiter = this.idleWaiters.poll()) != null) {
            waiter.complete(null);
        }
    }
}
