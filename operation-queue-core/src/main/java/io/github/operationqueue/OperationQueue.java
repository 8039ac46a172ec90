package io.github.operationqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A FIFO queue of {@link QueuedOperation operations} performed by a number of parallel runners,
 * each performing one operation at a time.
 *
 * <p>Operations are pushed to the back with {@link #enqueue}, {@link #tryEnqueue} or
 * {@link #submit}; runners added with {@link #start(int)} take them from the front. Runners are
 * not threads: a runner borrows a thread of the queue's {@link Executor} to take an operation and
 * call {@link QueuedOperation#perform()}, and gives it back while the operation's stage is pending
 * or while there is no work. A hundred runners over a two-thread executor therefore keep a
 * hundred asynchronous operations in flight; a blocking operation holds an executor thread for as
 * long as it blocks.
 *
 * <p><b>Order.</b> Operations are taken in the order they were accepted. With one runner, an
 * operation starts only after the previous one's stage has completed. With several runners on
 * several threads, operations are taken in order and started at once, so the calls to
 * {@code perform()} on different threads may interleave by the few instructions between the two.
 *
 * <p><b>Lifecycle.</b> A new queue accepts operations and has no runner. {@link #start(int)} adds
 * runners, {@link #pause()} and {@link #resume()} hold and release dispatching, and
 * {@link #stop()} closes the queue: accepted operations are still performed, nothing new is
 * accepted, and runners stop once the queue is empty. {@link #stop(Duration)} bounds that drain.
 *
 * <p><b>Nothing is lost.</b> Every accepted operation is performed exactly once, or, when a drain
 * is cut short or the executor shuts down, counted as abandoned, logged, and reported through its
 * {@code submit} future. An operation that fails is counted and logged with the queue's name; its
 * runner goes on with the next operation. A flood of failures does not flood the log: per interval,
 * the first failure of each cause is logged with its stack trace and the rest are counted (see
 * {@link Builder#failureLogInterval}). An enqueue still waiting for room when the queue stops was
 * never accepted: its future fails and it is counted in {@link OperationQueueStats#refused()}. An
 * executor that rejects a runner, or throws anything else from {@code execute} (an
 * {@code OutOfMemoryError} when it cannot create a thread, say), is retried with a back-off; the
 * runner stays {@link RunnerState#PENDING} and is counted in
 * {@link OperationQueueStats#rejections()}, and the exception never reaches the caller whose
 * enqueue dispatched it.
 *
 * <p><b>Executors.</b> The queue relies on its executor to run every task it accepts. One that
 * accepts a runner and then drops it (a discard policy, or {@code shutdownNow()} on a pool the
 * queue still uses) strands that runner, and {@code stop()} then never completes: stop a queue
 * before its executor, as the Spring Boot starter does.
 *
 * <p><b>Threads.</b> {@code perform()} runs on the executor. Listener callbacks and the
 * futures this class returns complete on the thread where the event happens (see each method);
 * stages chained on them should be quick or use the {@code *Async} variants. No method of this
 * class blocks its caller, and none calls user code while holding a lock. Each operation starts
 * with its thread's interrupt status clear, as a {@code ThreadPoolExecutor} task does: an
 * interrupt one operation leaves behind never reaches the next.
 *
 * <p><b>Memory consistency.</b> Actions in a thread before it enqueues an operation
 * <a href="package-summary.html#memory-consistency"><i>happen-before</i></a> that operation's
 * {@code perform()}; on a one-runner queue, the completion of an operation's stage happens-before
 * the next operation's {@code perform()}.
 */
public final class OperationQueue {

    /*
     * Design considerations
     *
     * Runners are continuations. A runner is a Runnable handed to the executor; it loops over
     * take-and-perform while stages complete synchronously, and returns its thread when a stage is
     * pending (the stage's completion dispatches it again) or when the queue is empty (it parks
     * itself in parkedRunners, and the next accepted operation dispatches one parked runner). So a
     * runner never blocks a thread and the queue never spins. The crate gets this from async
     * tasks; the JVM gets it from an executor and a hand-off flag per runner (see Runner).
     *
     * One word of control. `control` holds the CLOSED bit and the depth (accepted, not yet taken).
     * Reserving a slot is one CAS that fails when the queue is closed or full, so "accepted before
     * stop" and "within capacity" are decided at the same instant, with no lock on the hot path.
     * An operation is reserved first and offered to `operations` after: a runner can see depth > 0
     * with an empty queue for a moment, so "closed and drained" is read from `control`, never from
     * `operations`, and the producer wakes a runner after its offer.
     *
     * No lost wake-up. Parking and waking are the two halves of Dekker's pattern on linearizable
     * queues: a runner publishes itself in parkedRunners and then re-reads the work; a producer
     * publishes work and then polls parkedRunners. At least one of the two sees the other. The
     * same pattern guards awaitingRoom (enqueues waiting for capacity) against runners freeing room
     * and against stop(). Waiters are admitted by one thread at a time (the `admitting` flag), or two
     * admitters could swap the waiters they took; a thread that finds the flag taken leaves the work
     * to its holder, which looks again after letting go, so nobody waits for it.
     *
     * Locks. Only start/stop bookkeeping takes lifecycleLock, so that a stop cannot miss runners a
     * concurrent start is adding. Operations, listeners, decorators and future completions never
     * run under it.
     *
     * Rejected alternatives: a thread per runner (the point of the crate is that runners are
     * cheap); a BlockingQueue (it parks threads); a single lock around an ArrayDeque (simpler, but
     * every enqueue would contend with every take).
     */

    private static final Logger logger = LoggerFactory.getLogger(OperationQueue.class);

    private static final String DEFAULT_NAME = "operation-queue";

    private static final long CLOSED = 1L << 62;

    private static final long DEPTH_MASK = CLOSED - 1;

    private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Duration DEFAULT_FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

    private final String name;

    private final Executor executor;

    // Asked after a rejection: has the executor shut down for good?
    private final BooleanSupplier executorShutDown;

    private final int capacity;

    private final SafeListener listener;

    private final OperationDecorator decorator;

    private final FailureLog failureLog;

    private final ConcurrentLinkedQueue<QueuedEntry> operations = new ConcurrentLinkedQueue<>();

    private final ConcurrentLinkedQueue<Runner> parkedRunners = new ConcurrentLinkedQueue<>();

    private final ConcurrentLinkedQueue<RoomWaiter> awaitingRoom = new ConcurrentLinkedQueue<>();

    private final AtomicInteger awaitingRoomCount = new AtomicInteger();

    // Held by the one thread moving waiters from awaitingRoom into the queue; see admitAwaitingRoom.
    private final AtomicBoolean admitting = new AtomicBoolean();

    // CLOSED bit | depth; see "One word of control".
    private final AtomicLong control = new AtomicLong();

    // Appended under lifecycleLock, read anywhere.
    private final List<Runner> runners = new CopyOnWriteArrayList<>();

    private final AtomicInteger liveRunners = new AtomicInteger();

    private final Object lifecycleLock = new Object();

    private volatile boolean paused;

    // Set once stop(Duration)'s timeout has elapsed: from then on nothing waits for the executor.
    private volatile boolean drainCutShort;

    // Guarded by lifecycleLock. The earliest drain deadline asked of stop(Duration), as a future that
    // the JDK's delay scheduler completes when it is due; cancelled, and so unscheduled, when the
    // drain ends first, so that the scheduler does not keep the queue reachable until then.
    private CompletableFuture<Void> drainDeadline;

    private long drainDeadlineNanos;

    private final LongAdder enqueued = new LongAdder();

    private final LongAdder completed = new LongAdder();

    private final LongAdder failed = new LongAdder();

    private final LongAdder abandoned = new LongAdder();

    private final LongAdder rejections = new LongAdder();

    private final LongAdder refused = new LongAdder();

    private final DrainFuture terminated = new DrainFuture();

    /**
     * Creates an unbounded queue named {@value #DEFAULT_NAME} whose runners run on
     * {@code executor}, the counterpart of the crate's {@code OperationQueue::new(spawn_task)}.
     * The queue has no runner until {@link #start(int)}.
     *
     * @param executor runs the runners; an executor that runs tasks on the calling thread runs
     *        operations on the thread that enqueues them, which suits tests only
     * @throws NullPointerException if {@code executor} is {@code null}
     */
    public OperationQueue(Executor executor) {
        this(builder().executor(executor));
    }

    private OperationQueue(Builder builder) {
        this.name = builder.name;
        this.executor = Objects.requireNonNull(builder.executor,
                "executor must not be null: give the queue an Executor to run its runners on");
        this.executorShutDown = (builder.executorShutDown != null) ? builder.executorShutDown
                : (this.executor instanceof ExecutorService service) ? service::isShutdown : () -> false;
        this.capacity = builder.capacity;
        this.listener = new SafeListener(builder.name, builder.listeners);
        this.decorator = builder.decorator;
        this.failureLog = new FailureLog(builder.name, logger, builder.failureLogLevel, builder.failureLogInterval);
    }

    /**
     * Returns a builder for a queue with a name, a capacity, listeners or a decorator.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns this queue's name, used in logs, metrics and the stats.
     *
     * @return the name
     */
    public String name() {
        return this.name;
    }

    /**
     * Adds a listener after the queue was built, as a meter binder does when it binds; it sees the
     * events that happen from then on.
     *
     * @param listener the listener to add
     * @throws NullPointerException if {@code listener} is {@code null}
     */
    public void addListener(OperationQueueListener listener) {
        this.listener.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    /**
     * Removes a listener added with the builder or {@link #addListener}.
     *
     * @param listener the listener to remove
     * @return whether it was registered
     */
    public boolean removeListener(OperationQueueListener listener) {
        return this.listener.remove(listener);
    }

    /**
     * Adds {@code runners} runners and hands each to the executor; never blocks. Runners of a
     * paused queue start paused. May be called again to add more.
     *
     * <p>An executor that rejects a runner does not fail this call: the runner stays
     * {@link RunnerState#PENDING} and is dispatched again later (see the class description).
     *
     * @param runners how many runners to add; {@code 0} adds none
     * @throws IllegalArgumentException if {@code runners} is negative
     * @throws QueueStoppedException if {@link #stop()} was called, or the queue stopped itself
     *         because its executor shut down
     */
    public void start(int runners) {
        if (runners < 0) {
            throw new IllegalArgumentException("runners must be 0 or more, was " + runners);
        }
        List<Runner> added = new ArrayList<>(runners);
        synchronized (this.lifecycleLock) {
            if (isClosed(this.control.get())) {
                throw new QueueStoppedException(this.name, "start runners");
            }
            for (int i = 0; i < runners; i++) {
                added.add(new Runner(this));
            }
            this.runners.addAll(added);
            this.liveRunners.addAndGet(runners);
        }
        logger.debug("{}: starting {} runners", this.name, runners);
        added.forEach(this::dispatch);
    }

    /**
     * Pushes {@code operation} to the back of this queue; never blocks the calling thread.
     *
     * <p>Threads: {@code operation.perform()} runs later on this queue's executor. The returned
     * future completes on the calling thread when there is room, otherwise on the runner's
     * thread that makes room; stages chained on it run there.
     *
     * <p>Failure: the future fails with {@link QueueStoppedException} when {@link #stop()} was
     * called before the operation was accepted (including while it waited for room). A failure of
     * the operation itself is logged and counted, not reported here: use {@link #submit} for that.
     * Cancelling the returned future does not withdraw the operation.
     *
     * <p>Memory consistency: actions before this call happen-before {@code operation.perform()}.
     *
     * @param operation the operation to perform
     * @return a future that completes when the queue has accepted the operation
     * @throws NullPointerException if {@code operation} is {@code null}, or the queue's
     *         {@link OperationDecorator} returned {@code null}
     */
    public CompletableFuture<Void> enqueue(QueuedOperation operation) {
        return offer(entryFor(operation, operation, null));
    }

    /**
     * Pushes {@code operation} to the back of this queue if there is room now; never blocks.
     *
     * @param operation the operation to perform
     * @return {@code true} if the operation was accepted, {@code false} if the queue is full
     * @throws NullPointerException if {@code operation} is {@code null}
     * @throws QueueStoppedException if {@link #stop()} was called
     */
    public boolean tryEnqueue(QueuedOperation operation) {
        QueuedEntry entry = entryFor(operation, operation, null);
        if (hasEarlierWaiters()) {
            if (isClosed(this.control.get())) {
                throw new QueueStoppedException(this.name, "accept operation " + entry.describe());
            }
            // Earlier enqueues are waiting for room; jumping ahead of them would break FIFO.
            return false;
        }
        Reservation reserved = reserveSlot();
        if (reserved == Reservation.CLOSED) {
            throw new QueueStoppedException(this.name, "accept operation " + entry.describe());
        }
        if (reserved == Reservation.FULL) {
            return false;
        }
        accept(entry);
        return true;
    }

    /**
     * Pushes an asynchronous operation to the back of this queue and returns its own outcome.
     *
     * <p>Threads: {@code operation.call()} runs on the executor; the returned future completes on
     * the thread that completes the operation's stage (or the executor thread, for a stage that is
     * already complete).
     *
     * <p>Failure: the future fails with {@link QueueStoppedException} if the operation was not
     * accepted, with the operation's own exception if it throws or its stage fails, and with
     * {@link QueueStoppedException} if it was accepted and then abandoned by a cut-short drain.
     * Cancelling the returned future does not withdraw the operation.
     *
     * <p>Memory consistency: actions before this call happen-before {@code operation.call()}, and
     * the operation's completion happens-before the returned future's dependents.
     *
     * @param operation starts the work and returns a stage that completes with its value
     * @param <T> the type of the operation's value
     * @return a future that completes with the operation's value
     * @throws NullPointerException if {@code operation} is {@code null}
     */
    public <T> CompletableFuture<T> submit(Callable<? extends CompletionStage<? extends T>> operation) {
        Objects.requireNonNull(operation, "operation must not be null");
        return submitEntry(operation::call, operation);
    }

    /**
     * Pushes a blocking body to the back of this queue and returns its value: the blocking
     * counterpart of {@link #submit(Callable)}. The body holds an executor thread while it runs.
     *
     * @param body the work to run on an executor thread
     * @param <T> the type of the body's value
     * @return a future that completes with what {@code body} returns, or fails with what it
     *         throws; otherwise as {@link #submit(Callable)}
     * @throws NullPointerException if {@code body} is {@code null}
     */
    public <T> CompletableFuture<T> submitBlocking(Callable<? extends T> body) {
        Objects.requireNonNull(body, "body must not be null");
        return submitEntry(QueuedOperation.ofCallable(body), body);
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> submitEntry(QueuedOperation operation, Object source) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        offer(entryFor(operation, source, outcome)).whenComplete((accepted, refused) -> {
            if (refused != null) {
                outcome.completeExceptionally(refused);
            }
        });
        return (CompletableFuture<T>) outcome;
    }

    /**
     * Closes this queue and drains it: nothing new is accepted, operations already accepted are
     * still performed, and every runner stops once the queue is empty. A paused queue is resumed
     * to drain. Idempotent. Never blocks.
     *
     * <p>Enqueues still waiting for room fail with {@link QueueStoppedException} and are counted
     * in {@link OperationQueueStats#refused()}. A queue that never started a runner has no one to
     * perform what it holds: that is abandoned at once.
     *
     * <p>Every call returns the same future, shared by every caller: waiting on it and chaining
     * from it is free, but nobody may decide the drain for the others. {@code cancel} does
     * nothing, and {@code complete}, {@code completeExceptionally}, {@code obtrude*},
     * {@code completeAsync}, {@code orTimeout} and {@code completeOnTimeout} throw
     * {@link UnsupportedOperationException}; take a {@link CompletableFuture#copy() copy()} for a
     * future of your own (say, {@code stop().copy().orTimeout(...)}).
     *
     * <p>Threads: the future completes on the thread of the last runner to stop (or the calling
     * thread, if there is none). Counters are final when it completes.
     *
     * @return a future that completes when every runner has {@link RunnerState#STOPPED stopped};
     *         it never fails
     */
    public CompletableFuture<Void> stop() {
        boolean closedNow;
        synchronized (this.lifecycleLock) {
            closedNow = close();
        }
        if (closedNow) {
            logger.debug("{}: stopping; {} operations left to perform", this.name, depth(this.control.get()));
            failAwaitingRoom();
            wakeRunners(Integer.MAX_VALUE);
            terminateIfDrained();
        }
        return this.terminated;
    }

    /**
     * Stops this queue as {@link #stop()} does, but gives the drain at most {@code timeout}: what
     * is still queued then is abandoned (counted, logged, and reported through {@code submit}
     * futures). Operations already running when the time is up are not interrupted; the returned
     * future completes when they finish. Called again, the earliest deadline wins. A timeout too
     * long to count in nanoseconds (about 292 years, such as {@code ChronoUnit.FOREVER}) never cuts
     * the drain short. A drain that ends before its deadline leaves no timer behind.
     *
     * <p>Threads: when the timeout fires, abandonment runs on the JDK's delay scheduler thread
     * (as {@link CompletableFuture#delayedExecutor} uses), so stages chained on a {@code submit}
     * future should use an {@code *Async} variant if they block.
     *
     * @param timeout how long the drain may take
     * @return the future {@link #stop()} returns, which completes when every runner has stopped
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is negative; the queue is then not
     *         stopped
     */
    public CompletableFuture<Void> stop(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        long timeoutNanos = saturatedNanos(timeout);
        CompletableFuture<Void> drained = stop();
        if (!drained.isDone() && timeoutNanos != Long.MAX_VALUE) {
            cutDrainShortAfter(timeout, timeoutNanos);
        }
        return drained;
    }

    private void cutDrainShortAfter(Duration timeout, long timeoutNanos) {
        long deadlineNanos = System.nanoTime() + timeoutNanos;
        CompletableFuture<Void> deadline = new CompletableFuture<>();
        CompletableFuture<Void> replaced;
        boolean first;
        synchronized (this.lifecycleLock) {
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
        synchronized (this.lifecycleLock) {
            return this.drainDeadline == deadline;
        }
    }

    /** The drain is over: unschedules the deadline's timer, which would keep this queue reachable. */
    private void endDrainDeadline() {
        CompletableFuture<Void> deadline;
        synchronized (this.lifecycleLock) {
            deadline = this.drainDeadline;
        }
        // Completed normally, as a deadline that fired is: the action then finds the drain over.
        deadline.complete(null);
    }

    /** Returns {@code duration} in nanoseconds, or {@code Long.MAX_VALUE} if it is too long for that. */
    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        }
        catch (ArithmeticException ex) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Holds dispatching: runners finish the operation they are performing and take no new one
     * until {@link #resume()}. Operations are still accepted. Paused runners show as
     * {@link RunnerState#WAITING}. Does nothing once {@link #stop()} was called.
     */
    public void pause() {
        if (!isClosed(this.control.get())) {
            this.paused = true;
            logger.debug("{}: paused", this.name);
        }
    }

    /**
     * Releases dispatching held by {@link #pause()}; waiting operations are taken again. Does
     * nothing if the queue is not paused or was stopped.
     */
    public void resume() {
        if (this.paused && !isClosed(this.control.get())) {
            this.paused = false;
            logger.debug("{}: resumed", this.name);
            wakeRunners((int) Math.min(Integer.MAX_VALUE, depth(this.control.get())));
        }
    }

    /**
     * Returns whether dispatching is paused.
     *
     * @return {@code true} between {@link #pause()} and {@link #resume()}
     */
    public boolean isPaused() {
        return this.paused && !isClosed(this.control.get());
    }

    /**
     * Returns whether some runner has not stopped. A queue with no runner is not running; a
     * stopped queue is running until its drain is over. The answer may be stale as soon as it is
     * returned.
     *
     * @return {@code true} if some runner is not {@link RunnerState#STOPPED}
     */
    public boolean isRunning() {
        return this.liveRunners.get() > 0;
    }

    /**
     * Returns whether every runner is {@link RunnerState#WAITING}; {@code true} for a queue with
     * no runner, {@code false} once {@link #stop()} was called. Reads each runner in turn, so on a
     * busy queue the answer is a moment's view.
     *
     * @return {@code true} if no runner is pending, running or stopped
     */
    public boolean isIdle() {
        if (isClosed(this.control.get())) {
            return false;
        }
        for (Runner runner : this.runners) {
            if (runner.state() != RunnerState.WAITING) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns a snapshot of this queue's counters and runner states; see
     * {@link OperationQueueStats} for how consistent it is.
     *
     * @return a new snapshot
     */
    public OperationQueueStats stats() {
        int[] states = new int[RunnerState.values().length];
        for (Runner runner : this.runners) {
            states[runner.state().ordinal()]++;
        }
        long control = this.control.get();
        return new OperationQueueStats(this.name, depth(control), this.capacity, this.awaitingRoomCount.get(),
                states[RunnerState.PENDING.ordinal()], states[RunnerState.WAITING.ordinal()],
                states[RunnerState.RUNNING.ordinal()], states[RunnerState.STOPPED.ordinal()],
                this.enqueued.sum(), this.completed.sum(), this.failed.sum(), this.abandoned.sum(),
                this.refused.sum(), this.rejections.sum(), this.paused && !isClosed(control), isClosed(control));
    }

    @Override
    public String toString() {
        return "OperationQueue[" + this.name + "]";
    }

    // ---- accepting operations

    private QueuedEntry entryFor(QueuedOperation operation, Object source, CompletableFuture<Object> outcome) {
        Objects.requireNonNull(operation, "operation must not be null");
        QueuedOperation performed = operation;
        if (this.decorator != null) {
            performed = Objects.requireNonNull(this.decorator.decorate(operation),
                    () -> "The OperationDecorator of queue '" + this.name + "' returned null");
        }
        return new QueuedEntry(performed, source, outcome);
    }

    private CompletableFuture<Void> offer(QueuedEntry entry) {
        if (!hasEarlierWaiters()) {
            Reservation reserved = reserveSlot();
            if (reserved == Reservation.RESERVED) {
                accept(entry);
                return CompletableFuture.completedFuture(null);
            }
            if (reserved == Reservation.CLOSED) {
                return CompletableFuture.failedFuture(
                        new QueueStoppedException(this.name, "accept operation " + entry.describe()));
            }
        }
        return waitForRoom(entry);
    }

    /**
     * Publishes an entry whose slot is reserved, and wakes a runner for it. Listeners hear of the
     * entry before it is published, so that none hears {@code started} before {@code enqueued}.
     */
    private void accept(QueuedEntry entry) {
        entry.acceptedAt = System.nanoTime();
        this.enqueued.increment();
        if (!this.listener.isEmpty()) {
            this.listener.enqueued(this.name);
        }
        this.operations.offer(entry);
        if (!this.paused || isClosed(this.control.get())) {
            // A paused queue's runners are woken by resume(), which counts this entry in the depth.
            wakeRunners(1);
        }
        if (this.liveRunners.get() == 0 && isClosed(this.control.get())) {
            // The queue closed between our reservation and our offer, and nobody is left to
            // drain it: stop() may have missed this entry.
            terminateIfDrained();
        }
    }

    private CompletableFuture<Void> waitForRoom(QueuedEntry entry) {
        RoomWaiter waiter = new RoomWaiter(entry);
        this.awaitingRoomCount.incrementAndGet();
        this.awaitingRoom.offer(waiter);
        // Room may have freed, or the queue closed, before this waiter was visible.
        if (isClosed(this.control.get())) {
            failAwaitingRoom();
        }
        else {
            admitAwaitingRoom();
        }
        return waiter.accepted;
    }

    /**
     * Moves waiters into the queue while there is room, one admitter at a time so that waiters are
     * accepted in the order they came. A thread that finds another admitting leaves the work to it:
     * the admitter looks again after it lets go, and sees what that thread changed (room freed, a
     * waiter added). No thread ever waits for the admitter.
     */
    private void admitAwaitingRoom() {
        while (!this.awaitingRoom.isEmpty() && hasRoomOrIsClosed() && this.admitting.compareAndSet(false, true)) {
            List<RoomWaiter> admitted;
            try {
                admitted = admitWhileThereIsRoom();
            }
            finally {
                this.admitting.set(false);
            }
            // Completed outside the admitter's turn: their dependents are the callers' code.
            admitted.forEach((waiter) -> waiter.accepted.complete(null));
        }
    }

    private List<RoomWaiter> admitWhileThereIsRoom() {
        List<RoomWaiter> admitted = new ArrayList<>();
        while (!this.awaitingRoom.isEmpty()) {
            Reservation reserved = reserveSlot();
            if (reserved == Reservation.CLOSED) {
                failAwaitingRoom();
                break;
            }
            if (reserved == Reservation.FULL) {
                break;
            }
            RoomWaiter waiter = this.awaitingRoom.poll();
            if (waiter == null) {
                // stop() failed the last waiter meanwhile.
                releaseSlot();
                break;
            }
            this.awaitingRoomCount.decrementAndGet();
            accept(waiter.entry);
            admitted.add(waiter);
        }
        return admitted;
    }

    private boolean hasRoomOrIsClosed() {
        long control = this.control.get();
        return isClosed(control) || this.capacity == 0 || depth(control) < this.capacity;
    }

    /**
     * Whether a new enqueue must queue up behind earlier ones waiting for room: some are waiting,
     * or one was just taken from {@code awaitingRoom} and is on its way into the queue.
     */
    private boolean hasEarlierWaiters() {
        return !this.awaitingRoom.isEmpty() || this.admitting.get();
    }

    private void failAwaitingRoom() {
        int count = 0;
        RoomWaiter waiter;
        while ((waiter = this.awaitingRoom.poll()) != null) {
            // Counted before the waiter hears of it, so that its dependents see the count.
            this.refused.increment();
            this.awaitingRoomCount.decrementAndGet();
            count++;
            waiter.accepted.completeExceptionally(
                    new QueueStoppedException(this.name, "accept operation " + waiter.entry.describe()));
        }
        if (count > 0) {
            logger.warn("{}: refused {} enqueues that were waiting for room when the queue stopped", this.name,
                    count);
        }
    }

    // ---- the control word

    private Reservation reserveSlot() {
        for (;;) {
            long control = this.control.get();
            if (isClosed(control)) {
                return Reservation.CLOSED;
            }
            if (this.capacity > 0 && depth(control) >= this.capacity) {
                return Reservation.FULL;
            }
            if (this.control.compareAndSet(control, control + 1)) {
                return Reservation.RESERVED;
            }
        }
    }

    private enum Reservation {
        RESERVED, FULL, CLOSED
    }

    /**
     * Gives back the slot of an entry taken, abandoned or never offered. When that drains a closed
     * queue, runners parked while an accepted entry was on its way must come and stop.
     */
    private void releaseSlot() {
        if (this.control.decrementAndGet() == CLOSED) {
            wakeRunners(Integer.MAX_VALUE);
        }
    }

    /** Sets the CLOSED bit; returns whether this call set it. Called under lifecycleLock. */
    private boolean close() {
        for (;;) {
            long control = this.control.get();
            if (isClosed(control)) {
                return false;
            }
            if (this.control.compareAndSet(control, control | CLOSED)) {
                return true;
            }
        }
    }

    private static boolean isClosed(long control) {
        return (control & CLOSED) != 0;
    }

    private static long depth(long control) {
        return control & DEPTH_MASK;
    }

    // ---- runners (called by Runner)

    /**
     * Returns the next operation for {@code runner}, or {@code null} after parking or stopping it,
     * in which case the runner must give its thread back.
     */
    QueuedEntry take(Runner runner) {
        for (;;) {
            if (!this.paused || isClosed(this.control.get())) {
                QueuedEntry entry = this.operations.poll();
                if (entry != null) {
                    releaseSlot();
                    if (this.capacity > 0 && !this.awaitingRoom.isEmpty()) {
                        admitAwaitingRoom();
                    }
                    return entry;
                }
                if (this.control.get() == CLOSED) {
                    stopRunner(runner);
                    return null;
                }
            }
            runner.moveTo(RunnerState.WAITING);
            this.parkedRunners.offer(runner);
            if (!hasWorkForParkedRunner()) {
                return null;
            }
            // Work arrived while this runner parked: hand it to a parked runner, this one if it can.
            Runner next = this.parkedRunners.poll();
            if (next != runner) {
                if (next != null) {
                    dispatch(next);
                }
                return null;
            }
        }
    }

    private boolean hasWorkForParkedRunner() {
        long control = this.control.get();
        if (isClosed(control)) {
            // Drained: a runner must come to stop. Not drained but empty: an accepted entry is on
            // its way, and its producer will wake a runner.
            return depth(control) == 0 || !this.operations.isEmpty();
        }
        return !this.paused && !this.operations.isEmpty();
    }

    long started(QueuedEntry entry) {
        long startedAt = System.nanoTime();
        if (!this.listener.isEmpty()) {
            this.listener.started(this.name, Duration.ofNanos(startedAt - entry.acceptedAt));
        }
        return startedAt;
    }

    void finished(QueuedEntry entry, long startedAt, Object value, Throwable failure) {
        if (failure == null) {
            this.completed.increment();
            if (!this.listener.isEmpty()) {
                this.listener.completed(this.name, Duration.ofNanos(System.nanoTime() - startedAt), null);
            }
            entry.succeeded(value);
            return;
        }
        Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
                : failure;
        this.failed.increment();
        if (entry.reportsOutcome()) {
            // The caller of submit owns this failure; it gets it through its future.
            logger.debug("{}: operation {} failed", this.name, entry.describe(), cause);
        }
        else {
            this.failureLog.failed(entry.describe(), cause);
        }
        if (!this.listener.isEmpty()) {
            this.listener.completed(this.name, Duration.ofNanos(System.nanoTime() - startedAt), cause);
        }
        entry.failed(cause);
    }

    /**
     * Records that the bookkeeping after an operation's stage completed threw (a failing log
     * appender, say); the runner goes on regardless. Called by {@link Runner}.
     */
    void bookkeepingFailed(QueuedEntry entry, Throwable ex) {
        logger.error("{}: recording the outcome of operation {} failed; the runner goes on", this.name,
                entry.describe(), ex);
    }

    /** Hands {@code runner} to the executor; a rejection is retried, never lost. */
    void dispatch(Runner runner) {
        runner.moveTo(RunnerState.PENDING);
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
            giveUp(runner, "its executor was shut down");
            return;
        }
        if (this.drainCutShort) {
            // Retrying past the drain timeout would keep stop() from ever completing.
            giveUp(runner, "the executor rejected a runner after the drain timeout");
            return;
        }
        long delay = Math.min(MAX_RETRY_NANOS, FIRST_RETRY_NANOS << Math.min(runner.rejectionStreak, 20));
        if (runner.rejectionStreak++ == 0) {
            if (ex instanceof RejectedExecutionException) {
                logger.warn("{}: the executor rejected a runner ({}); retrying in {} ms until it accepts", this.name,
                        ex.getMessage(), TimeUnit.NANOSECONDS.toMillis(delay));
            }
            else {
                // Outside the executor's contract: a bug or a resource problem, which the trace tells.
                logger.warn("{}: the executor rejected a runner by throwing {}; retrying in {} ms until it accepts",
                        this.name, ex.getClass().getName(), TimeUnit.NANOSECONDS.toMillis(delay), ex);
            }
        }
        CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS, Runnable::run)
            .execute(() -> dispatch(runner));
    }

    private boolean isExecutorShutDown() {
        try {
            return this.executorShutDown.getAsBoolean();
        }
        catch (RuntimeException ex) {
            // Retrying is the safe answer: a queue stopped by mistake cannot start again.
            logger.warn("{}: could not tell whether the executor shut down; retrying the runner", this.name, ex);
            return false;
        }
    }

    /**
     * Stops a runner the executor will not run, and with it the queue: nothing queued can be
     * performed any more, so it is abandoned, and parked runners stop without being dispatched.
     */
    private void giveUp(Runner runner, String reason) {
        boolean closedNow;
        synchronized (this.lifecycleLock) {
            closedNow = close();
        }
        if (closedNow) {
            logger.error("{}: stopping the queue because {}", this.name, reason);
            failAwaitingRoom();
        }
        abandonQueued(reason);
        stopRunner(runner);
        Runner parked;
        while ((parked = this.parkedRunners.poll()) != null) {
            stopRunner(parked);
        }
    }

    private void stopRunner(Runner runner) {
        runner.moveTo(RunnerState.STOPPED);
        if (this.liveRunners.decrementAndGet() == 0) {
            terminateIfDrained();
        }
    }

    private void wakeRunners(int count) {
        for (int i = 0; i < count; i++) {
            Runner runner = this.parkedRunners.poll();
            if (runner == null) {
                return;
            }
            dispatch(runner);
        }
    }

    // ---- stopping

    private void terminateIfDrained() {
        if (this.liveRunners.get() != 0 || !isClosed(this.control.get())) {
            return;
        }
        abandonQueued("no runner is left to perform them");
        if (this.control.get() == CLOSED && !this.terminated.isDone()) {
            logger.debug("{}: stopped", this.name);
            this.failureLog.flush();
            this.terminated.drained();
        }
    }

    private void abandonQueued(String reason) {
        int count = 0;
        QueuedEntry entry;
        while ((entry = this.operations.poll()) != null) {
            // Counted before its slot is given back: the release may let the last runner stop and
            // complete stop()'s future, whose counters must already include this entry.
            this.abandoned.increment();
            releaseSlot();
            count++;
            entry.failed(new QueueStoppedException(this.name,
                    "perform operation " + entry.describe() + " (abandoned: " + reason + ")"));
        }
        if (count > 0) {
            logger.warn("{}: abandoned {} accepted operations because {}", this.name, count, reason);
            if (!this.listener.isEmpty()) {
                this.listener.abandoned(this.name, count);
            }
        }
    }

    /**
     * Builds an {@link OperationQueue}. Not thread-safe; each {@link #build()} returns a new
     * queue.
     */
    public static final class Builder {

        private String name = DEFAULT_NAME;

        private Executor executor;

        private BooleanSupplier executorShutDown;

        private int capacity;

        private final List<OperationQueueListener> listeners = new ArrayList<>();

        private OperationDecorator decorator;

        private Level failureLogLevel = Level.WARN;

        private Duration failureLogInterval = DEFAULT_FAILURE_LOG_INTERVAL;

        private Builder() {
        }

        /**
         * Sets the queue's name, used in logs, metrics and stats; defaults to
         * {@value OperationQueue#DEFAULT_NAME}.
         *
         * @param name the name
         * @return this builder
         * @throws IllegalArgumentException if {@code name} is {@code null} or blank
         */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be null or blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Sets the executor that runs the queue's runners; required. When it rejects a runner,
         * the queue stops and abandons what it holds if the executor is an
         * {@link ExecutorService} that reports {@link ExecutorService#isShutdown()}; otherwise it
         * retries. Use {@link #executor(Executor, BooleanSupplier)} to tell the queue how another
         * kind of executor reports its shutdown.
         *
         * @param executor the executor
         * @return this builder
         * @throws NullPointerException if {@code executor} is {@code null}
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor,
                    "executor must not be null: give the queue an Executor to run its runners on");
            this.executorShutDown = null;
            return this;
        }

        /**
         * Sets the executor that runs the queue's runners, and how to tell that it has shut down
         * for good, for an executor that is not an {@link ExecutorService} (a Spring
         * {@code ThreadPoolTaskExecutor}, say). After a rejection the queue asks
         * {@code shutDown}: {@code true} stops the queue and abandons what it holds, as for an
         * {@code ExecutorService} that is shut down, instead of retrying forever. It is asked only
         * after a rejection, on the thread that saw it; one that throws counts as {@code false}.
         *
         * @param executor the executor
         * @param shutDown whether {@code executor} has shut down and will reject every task from
         *        now on
         * @return this builder
         * @throws NullPointerException if an argument is {@code null}
         */
        public Builder executor(Executor executor, BooleanSupplier shutDown) {
            executor(executor);
            this.executorShutDown = Objects.requireNonNull(shutDown, "shutDown must not be null");
            return this;
        }

        /**
         * Bounds the number of operations the queue holds (accepted, not yet started); when it is
         * full, {@code enqueue} waits for room and {@code tryEnqueue} returns {@code false}.
         *
         * @param capacity the bound, or {@code 0} (the default) for an unbounded queue
         * @return this builder
         * @throws IllegalArgumentException if {@code capacity} is negative
         */
        public Builder capacity(int capacity) {
            if (capacity < 0) {
                throw new IllegalArgumentException(
                        "capacity must be 0 (unbounded) or more, was " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /**
         * Adds a listener; listeners are called in the order they were added.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is {@code null}
         */
        public Builder listener(OperationQueueListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /**
         * Sets the decorator applied to each operation as it is enqueued; replaces any earlier
         * one (compose with {@link OperationDecorator#andThen}).
         *
         * @param decorator the decorator, or {@code null} for none
         * @return this builder
         */
        public Builder decorator(OperationDecorator decorator) {
            this.decorator = decorator;
            return this;
        }

        /**
         * Returns the decorator set so far, so that code given the builder (a Spring Boot
         * customizer, say) can compose with it rather than replace it:
         * when it is not {@code null}, {@code builder.decorator(mine.andThen(builder.decorator()))}
         * puts {@code mine} innermost and keeps the existing decorator outermost.
         *
         * @return the decorator set by {@link #decorator(OperationDecorator)}, or {@code null} for
         *         none
         */
        public OperationDecorator decorator() {
            return this.decorator;
        }

        /**
         * Sets the level at which failed operations are logged; defaults to {@code WARN}. Only
         * operations enqueued with {@code enqueue} or {@code tryEnqueue} are logged at this level:
         * the failure of a {@code submit} belongs to its caller and is logged at {@code DEBUG}.
         *
         * @param level the level
         * @return this builder
         * @throws NullPointerException if {@code level} is {@code null}
         */
        public Builder failureLogLevel(Level level) {
            this.failureLogLevel = Objects.requireNonNull(level, "failureLogLevel must not be null");
            return this;
        }

        /**
         * Sets how failed operations are summarised; defaults to one minute. In each interval, the
         * first failure of each cause (exception class) is logged with its stack trace, and the
         * further failures of that cause are counted and logged as one line when the interval
         * ends, so that a thousand failures a second give a few lines, not a thousand stack traces.
         * {@link Duration#ZERO} logs every failure with its stack trace.
         *
         * @param interval the interval
         * @return this builder
         * @throws NullPointerException if {@code interval} is {@code null}
         * @throws IllegalArgumentException if {@code interval} is negative
         */
        public Builder failureLogInterval(Duration interval) {
            Objects.requireNonNull(interval, "failureLogInterval must not be null");
            if (interval.isNegative()) {
                throw new IllegalArgumentException(
                        "failureLogInterval must be zero (log every failure) or positive, was " + interval);
            }
            this.failureLogInterval = interval;
            return this;
        }

        /**
         * Builds the queue. It accepts operations at once and has no runner until
         * {@link OperationQueue#start(int)}.
         *
         * @return a new queue
         * @throws NullPointerException if no executor was set
         */
        public OperationQueue build() {
            return new OperationQueue(this);
        }
    }
}
