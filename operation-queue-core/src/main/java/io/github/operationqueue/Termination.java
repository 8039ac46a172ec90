package io.github.operationqueue;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;

/**
 * The state of how an {@link OperationQueue} ends: the one future {@code stop()} hands out, whether
 * the drain was cut short and why, the drain deadline, the steps of the shutdown path still in
 * progress, and the abandoning of what nobody will perform. The path itself, which decides when these
 * are used, is {@link RunnerScheduler#shutDown} and {@link RunnerScheduler#tryTerminate}; this class
 * calls nothing above it.
 */
final class Termination {

    private static final Logger logger = QueueLog.LOGGER;

    private final String name;

    private final Admission admission;

    private final SafeListener listener;

    private final LongAdder abandoned = new LongAdder();

    private final DrainFuture terminated = new DrainFuture();

    // Steps of the shutdown path in progress (a close with its refusals and claims, an abandonment):
    // the future completes only when none is, so that it comes after every side effect.
    private final AtomicInteger stepsInProgress = new AtomicInteger();

    // Taken by the one caller that completes the future, after the last side effect.
    private final AtomicBoolean completing = new AtomicBoolean();

    // Set once the drain is cut short (its deadline passed, or the executor gave out): from then on no
    // runner takes another operation and nothing waits for the executor.
    private volatile boolean cutShort;

    private final Object deadlineLock = new Object();

    // Guarded by deadlineLock. The earliest drain deadline asked of stop(Duration), on the queue's timer.
    private ScheduledFuture<?> drainDeadline;

    private long drainDeadlineNanos;

    Termination(String name, Admission admission, SafeListener listener) {
        this.name = name;
        this.admission = admission;
        this.listener = listener;
    }

    DrainFuture terminated() {
        return this.terminated;
    }

    boolean isCutShort() {
        return this.cutShort;
    }

    long abandoned() {
        return this.abandoned.sum();
    }

    /** Cuts the drain short; returns whether this call did (the first reason is the one logged). */
    boolean cutShort() {
        if (this.cutShort) {
            return false;
        }
        synchronized (this.deadlineLock) {
            if (this.cutShort) {
                return false;
            }
            this.cutShort = true;
            return true;
        }
    }

    /** A step of the shutdown path begins: completion waits for {@link #endStep()}. */
    void beginStep() {
        this.stepsInProgress.incrementAndGet();
    }

    void endStep() {
        this.stepsInProgress.decrementAndGet();
    }

    /** Whether no step of the shutdown path is in progress: the last check before {@link #claimCompletion()}. */
    boolean isQuiet() {
        return this.stepsInProgress.get() == 0;
    }

    /** Claims the one completion of the future; the winner does the last side effects, then {@link #complete()}. */
    boolean claimCompletion() {
        return !this.terminated.isDone() && this.completing.compareAndSet(false, true);
    }

    /** Completes the future; the last thing the queue does. */
    void complete() {
        cancelDrainDeadline();
        logger.debug("{}: stopped", this.name);
        this.terminated.drained();
    }

    /**
     * Takes every published entry out of the queue and fails it as abandoned for {@code reason}:
     * counted, its future failed, its slot given back, then one WARN and one {@code abandoned}
     * listener call for the lot. Runs as a step of the shutdown path, so the future completes after.
     */
    void abandonQueued(String reason) {
        beginStep();
        try {
            int count = 0;
            Object entry;
            while ((entry = this.admission.takeToAbandon()) != null) {
                count++;
                this.abandoned.increment();
                try {
                    QueuedEntry.failed(entry, new QueueStoppedException(this.name,
                            "perform operation " + QueuedEntry.describe(entry) + " (abandoned: " + reason + ")"));
                }
                finally {
                    this.admission.releaseAbandoned();
                }
            }
            if (count > 0) {
                logger.warn("{}: abandoned {} accepted operations because {}", this.name, count, reason);
                if (!this.listener.isEmpty()) {
                    this.listener.abandoned(this.name, count);
                }
            }
        }
        finally {
            endStep();
        }
    }

    /**
     * Schedules {@code cut} on {@code timer} after {@code timeoutNanos}, unless an earlier deadline is
     * set; a later deadline it replaces is cancelled. Called after the queue closed.
     */
    void cutShortAfter(Duration timeout, long timeoutNanos, QueueTimer timer, Runnable cut) {
        long deadlineNanos = System.nanoTime() + timeoutNanos;
        ScheduledFuture<?> replaced;
        synchronized (this.deadlineLock) {
            if (this.cutShort || (this.drainDeadline != null && this.drainDeadlineNanos - deadlineNanos <= 0)) {
                return;
            }
            replaced = this.drainDeadline;
            try {
                this.drainDeadline = timer.schedule(cut, timeoutNanos);
                this.drainDeadlineNanos = deadlineNanos;
            }
            catch (RejectedExecutionException ex) {
                // The queue is terminating: there is nothing left to cut.
                return;
            }
            catch (Throwable ex) {
                // The timer has no thread: then the drain waits for its runners, as stop() does.
                if (!this.terminated.isDone()) {
                    logger.warn("{}: could not schedule the drain timeout of {}; the drain waits for its runners",
                            this.name, timeout, ex);
                }
                return;
            }
        }
        if (replaced != null) {
            replaced.cancel(false);
        }
    }

    private void cancelDrainDeadline() {
        ScheduledFuture<?> deadline;
        synchronized (this.deadlineLock) {
            deadline = this.drainDeadline;
        }
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
