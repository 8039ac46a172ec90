package io.github.operationqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The runner side of an {@link OperationQueue}: which runners exist, which are parked holding no
 * thread, and how a runner gets a thread of the executor (dispatch, and a back-off when the executor
 * rejects it). It knows nothing of entries: whether a parked runner has work is asked of its caller.
 *
 * <p><b>No lost wake-up.</b> Parking and waking are the two halves of Dekker's pattern over linearizable
 * queues: a runner publishes itself in {@code parked} and then re-reads the work ({@link #park}); a
 * producer publishes work and then polls {@code parked} ({@link #wake}). At least one of the two sees the
 * other.
 */
final class RunnerScheduler {

    /** What the scheduler asks of, and tells, the rest of the queue. */
    interface Hooks {

        /** Whether rejected runners must stop rather than be retried: the drain was cut short. */
        boolean drainCutShort();

        /** The executor will never run a runner again: stop the queue and abandon what it holds. */
        void executorGaveOut(String reason);

        /** The last live runner stopped. */
        void lastRunnerStopped();
    }

    private static final Logger logger = LoggerFactory.getLogger(OperationQueue.class);

    private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String name;

    private final Executor executor;

    // Asked after a rejection: has the executor shut down for good?
    private final BooleanSupplier executorShutDown;

    private final Hooks hooks;

    // Appended under the queue's lifecycle lock, read anywhere.
    private final List<Runner> runners = new CopyOnWriteArrayList<>();

    private final AtomicInteger liveRunners = new AtomicInteger();

    // Package-private for tests that look at who is parked.
    final ConcurrentLinkedQueue<Runner> parked = new ConcurrentLinkedQueue<>();

    private final LongAdder rejections = new LongAdder();

    // Rejections that start a runner's streak: the first of each cause with its trace, then counts.
    private final FailureLog rejectionLog;

    // Whether a failing shut-down check was reported: it would fail again on every retry.
    private final AtomicBoolean shutDownCheckFailed = new AtomicBoolean();

    RunnerScheduler(String name, Executor executor, BooleanSupplier executorShutDown, Hooks hooks,
            Duration rejectionLogInterval) {
        this.name = name;
        this.rejectionLog = new FailureLog(name, "runner dispatch", "runner dispatches", logger, Level.WARN, rejectionLogInterval);
        this.executor = executor;
        this.executorShutDown = executorShutDown;
        this.hooks = hooks;
    }

    /** Adds {@code count} runners made by {@code factory}, live and not yet dispatched; called under the queue's lifecycle lock. */
    List<Runner> add(int count, Supplier<Runner> factory) {
        if (count > Integer.MAX_VALUE - this.runners.size()) {
            // The live-runner count must not overflow.
            throw new IllegalArgumentException(this.name + ": cannot add " + count + " runners to the "
                    + this.runners.size() + " it has");
        }
        List<Runner> added = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            added.add(factory.get());
        }
        this.runners.addAll(added);
        this.liveRunners.addAndGet(count);
        return added;
    }

    int liveRunners() {
        return this.liveRunners.get();
    }

    long rejections() {
        return this.rejections.sum();
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

    /**
     * Parks {@code runner} and re-reads the work; returns whether the runner goes on taking on its
     * thread. When work arrived while it parked, a parked runner is dispatched for it: this one if it
     * is still there (then it goes on), another otherwise.
     */
    boolean park(Runner runner, BooleanSupplier hasWork) {
        runner.moveTo(RunnerState.WAITING);
        this.parked.offer(runner);
        if (!hasWork.getAsBoolean()) {
            return false;
        }
        Runner next = this.parked.poll();
        if (next == runner) {
            return true;
        }
        if (next != null) {
            dispatch(next);
        }
        return false;
    }

    /** Dispatches up to {@code count} parked runners. */
    void wake(int count) {
        for (int i = 0; i < count; i++) {
            Runner runner = this.parked.poll();
            if (runner == null) {
                return;
            }
            dispatch(runner);
        }
    }

    /**
     * Hands {@code runner} to the executor; a rejection is retried, never lost. The runner is marked
     * scheduled first: an executor may queue the task and still throw (a
     * {@code ScheduledThreadPoolExecutor} that cannot start a thread), so the retry and the queued
     * copy may both reach {@link Runner#run()}, and only the one that clears the mark runs.
     */
    void dispatch(Runner runner) {
        runner.moveTo(RunnerState.PENDING);
        runner.markScheduled();
        execute(runner);
    }

    private void execute(Runner runner) {
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

    /** Stops {@code runner} for good. */
    void stop(Runner runner) {
        runner.moveTo(RunnerState.STOPPED);
        if (this.liveRunners.decrementAndGet() == 0) {
            this.hooks.lastRunnerStopped();
        }
    }

    /** Stops every parked runner without dispatching it: the executor will not run them. */
    void stopParked() {
        Runner parkedRunner;
        while ((parkedRunner = this.parked.poll()) != null) {
            stop(parkedRunner);
        }
    }

    private void rejected(Runner runner, Throwable ex) {
        this.rejections.increment();
        if (isExecutorShutDown()) {
            giveUp(runner, "its executor was shut down");
            return;
        }
        if (this.hooks.drainCutShort()) {
            // Retrying past the drain timeout would keep stop() from ever completing.
            giveUp(runner, "the executor rejected a runner after the drain timeout");
            return;
        }
        long delay = Math.min(MAX_RETRY_NANOS, FIRST_RETRY_NANOS << Math.min(runner.rejectionStreak, 20));
        if (runner.rejectionStreak++ == 0) {
            // Once per runner and streak, and through the failure log: a hundred runners rejected
            // at once log the cause's trace once and then a count.
            this.rejectionLog.failed("(retried until the executor accepts)", ex);
        }
        try {
            CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS, Runnable::run).execute(() -> {
                // A copy the executor queued before it threw may have run the runner meanwhile.
                if (runner.isScheduled()) {
                    execute(runner);
                }
            });
        }
        catch (Throwable timerFailed) {
            retryNotScheduled(runner, timerFailed);
        }
    }

    /**
     * The retry timer could not take the retry (it could not start its thread, say): the runner is
     * parked instead, so that the next enqueue, resume or stop dispatches it again.
     */
    private void retryNotScheduled(Runner runner, Throwable ex) {
        logger.warn("{}: could not schedule the retry of a rejected runner; it waits for the next wake-up", this.name,
                ex);
        if (runner.unschedule()) {
            runner.moveTo(RunnerState.WAITING);
            this.parked.offer(runner);
        }
    }

    /**
     * Stops a runner the executor will not run, and with it the queue: nothing queued can be
     * performed any more, and parked runners stop without being dispatched.
     */
    private void giveUp(Runner runner, String reason) {
        this.hooks.executorGaveOut(reason);
        if (runner.unschedule()) {
            // Otherwise a copy the executor queued before it threw has the runner: it stops there.
            stop(runner);
        }
        stopParked();
    }

    private boolean isExecutorShutDown() {
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
}
