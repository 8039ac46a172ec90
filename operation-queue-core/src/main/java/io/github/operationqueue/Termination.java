package io.github.operationqueue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an {@link OperationQueue} ends: the one future {@code stop()} hands out, the drain deadline of
 * {@code stop(Duration)}, and abandoning what nobody will perform.
 *
 * <h2>Why the future completes exactly once, and only when nothing is left</h2>
 *
 * <p>{@link #tryTerminate()} completes the future when three things hold at one read: no live runner,
 * CLOSED set, and depth 0 ({@code control == CLOSED}). Each of the three only ever moves one way once
 * the queue is closed: live runners only decrease (start() refuses a closed queue under the lifecycle
 * lock, so no runner is added after CLOSED is set), CLOSED stays set, and no slot is reserved after
 * CLOSED. So once all three hold they hold for good, and what remains is to show that someone calls
 * {@code tryTerminate()} after the last of them became true. The interleavings:
 *
 * <ol>
 * <li><b>The last runner stops last.</b> A runner stops only when it reads {@code control == CLOSED};
 * the one that takes live runners to 0 calls {@code tryTerminate()} after its decrement and sees all
 * three.</li>
 * <li><b>{@code stop()} comes last</b>: no runner was ever started (runners stop only once the queue
 * is closed, so none can have stopped before). {@code stop()} sets CLOSED and calls
 * {@code tryTerminate()}, which abandons what is queued and so brings depth to 0 itself.</li>
 * <li><b>A producer's entry comes last.</b> A producer reserved its slot just before CLOSED was set
 * and publishes its entry after that. While the slot is reserved, depth &gt; 0: no runner stops (runners
 * stop only at {@code control == CLOSED}) and no {@code tryTerminate()} completes. After publishing, the
 * producer reads the live runners. Reading 0, it calls {@code tryTerminate()} itself, which abandons the
 * entry. Reading a live runner, it leaves the entry to that runner, which its publish has woken if it was
 * parked, and which stops only after depth is 0 again, i.e. after taking the entry: case 1.</li>
 * <li><b>Abandonment races with a runner.</b> An entry leaves the entry queue through one {@code poll},
 * so either a runner takes it or {@link #abandonQueued} does, never both. The abandoned count is raised
 * before the entry's slot is given back, so the counters are final by the time depth can reach 0.</li>
 * <li><b>Two callers race to complete.</b> Both may read all three true; {@link DrainFuture#drained()}
 * completes a {@code CompletableFuture}, which takes effect once; the failure log is flushed by each,
 * which is harmless.</li>
 * </ol>
 */
final class Termination {

    private static final Logger logger = LoggerFactory.getLogger(OperationQueue.class);

    private final String name;

    private final Admission admission;

    private final IntSupplier liveRunners;

    private final SafeListener listener;

    private final FailureLog failureLog;

    private final LongAdder abandoned = new LongAdder();

    private final DrainFuture terminated = new DrainFuture();

    // Set once stop(Duration)'s timeout has elapsed: from then on nothing waits for the executor.
    private volatile boolean drainCutShort;

    private final Object deadlineLock = new Object();

    // Guarded by deadlineLock. The earliest drain deadline asked of stop(Duration), as a future that
    // the JDK's delay scheduler completes when it is due; completed, and so unscheduled, when the
    // drain ends first, so that the scheduler does not keep the queue reachable until then.
    private CompletableFuture<Void> drainDeadline;

    private long drainDeadlineNanos;

    Termination(String name, Admission admission, IntSupplier liveRunners, SafeListener listener,
            FailureLog failureLog) {
        this.name = name;
        this.admission = admission;
        this.liveRunners = liveRunners;
        this.listener = listener;
        this.failureLog = failureLog;
    }

    DrainFuture terminated() {
        return this.terminated;
    }

    boolean drainCutShort() {
        return this.drainCutShort;
    }

    long abandoned() {
        return this.abandoned.sum();
    }

    /** Completes the drain if the queue is closed and no runner is left; abandons what is left first. */
    void tryTerminate() {
        if (this.liveRunners.getAsInt() != 0 || !this.admission.isClosed()) {
            return;
        }
        abandonQueued("no runner is left to perform them");
        if (this.admission.isClosedAndDrained() && !this.terminated.isDone()) {
            logger.debug("{}: stopped", this.name);
            this.failureLog.flush();
            this.terminated.drained();
        }
    }

    /** Takes every published entry out of the queue and fails it as abandoned for {@code reason}. */
    void abandonQueued(String reason) {
        int count = 0;
        Object entry;
        while ((entry = this.admission.takeToAbandon(this.abandoned::increment)) != null) {
            count++;
            QueuedEntry.failed(entry, new QueueStoppedException(this.name,
                    "perform operation " + QueuedEntry.describe(entry) + " (abandoned: " + reason + ")"));
        }
        if (count > 0) {
            logger.warn("{}: abandoned {} accepted operations because {}", this.name, count, reason);
            if (!this.listener.isEmpty()) {
                this.listener.abandoned(this.name, count);
            }
        }
    }

    /**
     * Abandons what is still queued once {@code timeout} has elapsed, unless the drain ended first or an
     * earlier deadline was set; called after the queue closed.
     */
    void cutDrainShortAfter(Duration timeout, long timeoutNanos) {
        long deadlineNanos = System.nanoTime() + timeoutNanos;
        CompletableFuture<Void> deadline = new CompletableFuture<>();
        CompletableFuture<Void> replaced;
        boolean first;
        synchronized (this.deadlineLock) {
            if (this.drainDeadline != null && this.drainDeadlineNanos - deadlineNanos <= 0) {
                return;
            }
            first = this.drainDeadline == null;
            replaced = this.drainDeadline;
            this.drainDeadline = deadline;
            this.drainDeadlineNanos = deadlineNanos;
        }
        if (replaced != null) {
            // Completing it unschedules its timer; its action finds it is no longer the deadline.
            replaced.complete(null);
        }
        deadline.thenRun(() -> {
            if (isDrainDeadline(deadline) && !this.terminated.isDone()) {
                this.drainCutShort = true;
                abandonQueued("the drain timeout of " + timeout + " elapsed");
            }
        });
        deadline.completeOnTimeout(null, timeoutNanos, TimeUnit.NANOSECONDS);
        if (first) {
            this.terminated.whenComplete((ignored, never) -> endDrainDeadline());
        }
        if (this.terminated.isDone()) {
            endDrainDeadline();
        }
    }

    private boolean isDrainDeadline(CompletableFuture<Void> deadline) {
        synchronized (this.deadlineLock) {
            return this.drainDeadline == deadline;
        }
    }

    /** The drain is over: unschedules the deadline's timer, which would keep this queue reachable. */
    private void endDrainDeadline() {
        CompletableFuture<Void> deadline;
        synchronized (this.deadlineLock) {
            deadline = this.drainDeadline;
        }
        // Completed normally, as a deadline that fired is: the action then finds the drain over.
        deadline.complete(null);
    }
}
