package io.github.operationqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import io.github.operationqueue.flow.ConcurrencyLimit;
import io.github.operationqueue.flow.RemoteBackOffException;
import io.github.operationqueue.flow.StartRate;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A FIFO queue of {@link QueuedOperation operations} performed by a number of parallel runners,
 * each performing one operation at a time.
 *
 * <p>Operations are pushed to the back with {@link #enqueue}, {@link #tryEnqueue} or
 * {@link #submit}; runners added with {@link #start(int)} take them from the front. Runners are
 * not threads: a runner borrows a thread of the queue's {@link Executor} to take an operation and
 * call {@link QueuedOperation#perform()}, and gives it back while the operation's stage is pending,
 * while there is no work, and after a {@link Builder#budget budget} of operations, so that other
 * tasks sharing the executor (another queue's runners, say) get a turn. A hundred runners over a two-thread executor therefore keep a
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
 * {@code OutOfMemoryError} when it cannot create a thread, say), is retried with a back-off on a
 * timer thread the queue owns; the runner stays {@link RunnerState#PENDING} and is counted in
 * {@link OperationQueueStats#rejections()}, and the exception never reaches the caller whose
 * enqueue dispatched it. A runner's own re-dispatch after its {@link Builder#budget budget} that the
 * executor refuses is counted the same way and goes on in place, at once.
 *
 * <p><b>Executors.</b> The queue relies on its executor to run every task it accepts, as a
 * {@code CompletableFuture} stage does. One that accepts a runner and then drops it (a
 * {@code DiscardPolicy}, or {@code shutdownNow()} removing a queued runner) leaves that runner
 * {@link RunnerState#PENDING}: a {@link #stop(Duration)} claims it at the deadline and reports what
 * it would have performed as abandoned, and a {@link #stop()} claims it if the executor reports that
 * it has shut down; a plain {@code stop()} on an executor that is still running waits for it, as
 * {@code awaitTermination} waits for a task its pool holds. Stop a queue before its executor, as the
 * Spring Boot starter does, and give a discarding executor a drain timeout.
 *
 * <p><b>Termination.</b> When the future of {@link #stop()} completes, every accepted operation has
 * finished or been reported abandoned, every future this queue returned is settled, every listener
 * call has returned, and no runner will touch the queue again.
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
     * pending (the stage's completion dispatches it again), when it has used its budget (it is
     * dispatched again at once, behind whatever else the executor holds) or when the queue is empty
     * (it parks, and the next accepted operation dispatches one parked runner). So a runner never
     * blocks a thread and the queue never spins. The crate gets this from async tasks; the JVM gets
     * it from an executor and a hand-off flag per runner (see Runner).
     *
     * Parts, as ThreadPoolExecutor keeps its queue, its workers and tryTerminate: Admission (the
     * control word, the entries, the enqueues waiting for room), RunnerScheduler (the runners, each
     * with one status word, parking, dispatch, the rejection back-off, and the one shutdown path
     * with the argument for why stop()'s future completes once, after every side effect),
     * Termination (the state of the ending: the future, the cut, the deadline, abandonment), and
     * below them Outcomes, FailureLog, SafeListener and QueueTimer. Calls only run downwards: this
     * class acts on what Admission returns (an outcome, a waiter, a count of published entries) and
     * tells the scheduler; nothing below refers to this class. An enqueue enters Admission once and
     * the scheduler once.
     *
     * Locks. Only adding runners and closing take the scheduler's lifecycle lock, so that a close
     * cannot miss runners a concurrent start is adding. Operations, listeners, decorators and future
     * completions never run under it.
     *
     * Rejected alternatives: a thread per runner (the point of the crate is that runners are
     * cheap); a BlockingQueue (it parks threads); a single lock around an ArrayDeque (simpler, but
     * every enqueue would contend with every take).
     */

    private static final Logger logger = QueueLog.LOGGER;

    private static final String DEFAULT_NAME = "operation-queue";

    private static final Duration DEFAULT_FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

    /**
     * Operations a runner performs per dispatch by default: enough that re-dispatching costs a few
     * percent of a no-op operation's throughput, few enough that another tenant of the executor waits
     * well under a millisecond for a turn (see BENCHMARKS.md, fairness).
     */
    static final int DEFAULT_BUDGET = 64;

    private final String name;

    private final int capacity;

    private final int budget;

    private final SafeListener listener;

    private final OperationDecorator decorator;

    private final Outcomes outcomes;

    // Package-private for tests that look inside.
    final Admission admission;

    final RunnerScheduler scheduler;

    /**
     * The most runners one call to {@link #start(int)} adds: a bound on what one call allocates,
     * far above what a queue needs (each runner takes a thread only while it performs).
     */
    public static final int MAX_RUNNERS_PER_START = 10_000;

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
        Executor executor = Objects.requireNonNull(builder.executor,
                "executor must not be null: give the queue an Executor to run its runners on");
        BooleanSupplier executorShutDown = (builder.executorShutDown != null) ? builder.executorShutDown
                : (executor instanceof ExecutorService service) ? service::isShutdown : () -> false;
        this.capacity = builder.capacity;
        this.budget = builder.budget;
        this.decorator = builder.decorator;
        QueueTimer timer = new QueueTimer(builder.name);
        FlowGate flow = (builder.limit != null || builder.rate != null)
                ? new FlowGate(builder.name, builder.limit, builder.rate, builder.overload) : null;
        BackOff backOff = new BackOff(builder.name, timer);
        this.listener = new SafeListener(builder.listeners, new FailureLog(builder.name, "listener", "listener calls",
                logger, Level.WARN, builder.failureLogInterval, timer));
        this.outcomes = new Outcomes(builder.name, this.listener, new FailureLog(builder.name, "operation",
                "operations", logger, builder.failureLogLevel, builder.failureLogInterval, timer), flow, backOff);
        this.admission = new Admission(builder.name, builder.capacity, this.listener);
        BooleanSupplier tasksWaiting = (builder.tasksWaiting != null) ? builder.tasksWaiting
                : RunnerScheduler.tasksWaitingIn(executor);
        this.scheduler = new RunnerScheduler(builder.name, executor, executorShutDown, tasksWaiting, this.admission,
                this.outcomes, this.listener, timer, builder.failureLogInterval, flow, backOff);
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
     * Removes a listener added with the builder or {@link #addListener}. Events that happen from then on
     * no longer reach it; an event another thread was already delivering when this returned may still
     * do, so an operation it saw start may complete unheard.
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
     * @throws IllegalArgumentException if {@code runners} is negative or more than
     *         {@link #MAX_RUNNERS_PER_START}
     * @throws QueueStoppedException if {@link #stop()} was called, or the queue stopped itself
     *         because its executor shut down
     */
    public void start(int runners) {
        if (runners < 0) {
            throw new IllegalArgumentException("runners must be 0 or more, was " + runners);
        }
        if (runners > MAX_RUNNERS_PER_START) {
            throw new IllegalArgumentException("runners must be at most " + MAX_RUNNERS_PER_START
                    + " per call to start(int), was " + runners + "; call start again to add more");
        }
        this.scheduler.start(runners, this.budget);
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
     * <p>Shared: an operation accepted at once gets one completed future shared by every such call,
     * so that the common case allocates none. Completing or cancelling it does nothing, as on any
     * completed future; {@code obtrudeValue} and {@code obtrudeException} throw
     * {@link UnsupportedOperationException}. Take a {@link CompletableFuture#copy() copy()} for a
     * future of your own.
     *
     * <p>Memory consistency: actions before this call happen-before {@code operation.perform()}.
     *
     * @param operation the operation to perform
     * @return a future that completes when the queue has accepted the operation
     * @throws NullPointerException if {@code operation} is {@code null}, or the queue's
     *         {@link OperationDecorator} returned {@code null}
     */
    public CompletableFuture<Void> enqueue(QueuedOperation operation) {
        Object entry = entryFor(operation);
        Object offered = this.admission.offer(entry);
        if (offered == Admission.Outcome.ACCEPTED) {
            this.scheduler.published(1);
            return AcceptedFuture.INSTANCE;
        }
        if (offered == Admission.Outcome.CLOSED) {
            return CompletableFuture.failedFuture(this.admission.stopped(entry));
        }
        return waitingForRoom((RoomWaiter) offered);
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
        Object entry = entryFor(operation);
        Admission.Outcome outcome = this.admission.tryOffer(entry);
        if (outcome == Admission.Outcome.CLOSED) {
            throw this.admission.stopped(entry);
        }
        if (outcome == Admission.Outcome.FULL) {
            return false;
        }
        this.scheduler.published(1);
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
        // Undecorated, the entry calls the Callable itself: no QueuedOperation is made for it.
        return submitEntry((this.decorator != null) ? decorated(operation::call) : null, operation);
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
        QueuedOperation blocking = QueuedOperation.ofCallable(body);
        return submitEntry((this.decorator != null) ? decorated(blocking) : blocking, body);
    }

    /**
     * Offers a submit's entry, which is also the future its caller gets: accepted, it is returned as
     * it is; refused, it fails at once; waiting for room, it fails if the wait ends in a refusal.
     */
    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> submitEntry(QueuedOperation operation, Object source) {
        SubmittedEntry entry = new SubmittedEntry(operation, source);
        Object offered = this.admission.offer(entry);
        if (offered == Admission.Outcome.ACCEPTED) {
            this.scheduler.published(1);
        }
        else if (offered == Admission.Outcome.CLOSED) {
            entry.settle(null, this.admission.stopped(entry));
        }
        else {
            waitingForRoom((RoomWaiter) offered).whenComplete((accepted, refused) -> {
                if (refused != null) {
                    entry.settle(null, refused);
                }
            });
        }
        return (CompletableFuture<T>) (CompletableFuture<?>) entry;
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
     * <p>Flow control: the drain keeps the rate, the limit and any quiet a remote asked for, so
     * operations left to drain wait for them; once nothing is left to start, runners that wait (for a
     * rate permit, a quiet, room under the limit, or work) are stopped where they are, without waiting
     * for a permit's time.
     *
     * <p>Every call returns the same future, shared by every caller: waiting on it and chaining
     * from it is free, but nobody may decide the drain for the others. {@code cancel} does
     * nothing, and {@code complete}, {@code completeExceptionally}, {@code obtrude*},
     * {@code completeAsync}, {@code orTimeout} and {@code completeOnTimeout} throw
     * {@link UnsupportedOperationException}; take a {@link CompletableFuture#copy() copy()} for a
     * future of your own (say, {@code stop().copy().orTimeout(...)}).
     *
     * <p>If the executor reports that it has shut down (an {@code ExecutorService} after
     * {@code shutdown()}, say), the drain cannot count on it: runners that hold no operation are
     * stopped, and what is queued is abandoned, as when a drain timeout elapses.
     *
     * <p>Threads: the future completes on the thread of whatever happened last: the last runner to
     * stop, the abandonment, or the calling thread. Counters are final when it completes, and the
     * guarantee of the class description (every future settled, every listener call returned) holds.
     *
     * @return a future that completes when every runner has {@link RunnerState#STOPPED stopped};
     *         it never fails
     */
    public CompletableFuture<Void> stop() {
        this.scheduler.shutDown(null);
        return this.scheduler.terminated();
    }

    /**
     * Stops this queue as {@link #stop()} does, but gives the drain at most {@code timeout}: what
     * is still queued then is abandoned (counted, logged, and reported through {@code submit}
     * futures), and runners that hold no operation are stopped where they are, including runners
     * still {@link RunnerState#PENDING} in a busy executor (a copy the executor runs later returns at
     * once). Operations already running when the time is up are not interrupted; the returned
     * future completes when they finish, and each runner starts at most the one operation it had
     * already taken when the time was up. Called again, the earliest deadline wins. A timeout too
     * long to count in nanoseconds (about 292 years, such as {@code ChronoUnit.FOREVER}) never cuts
     * the drain short. A drain that ends before its deadline leaves no timer behind.
     *
     * <p>Threads: when the timeout fires, abandonment runs on the queue's own timer thread (named
     * after the queue, created on first use and ended when the queue has terminated), so stages
     * chained on a {@code submit} future run there and should use an {@code *Async} variant if they
     * block.
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
        long timeoutNanos = QueueTimer.saturatedNanos(timeout);
        CompletableFuture<Void> drained = stop();
        if (!drained.isDone() && timeoutNanos != Long.MAX_VALUE) {
            this.scheduler.cutShortAfter(timeout, timeoutNanos);
        }
        return drained;
    }

    /**
     * Holds dispatching: runners finish the operation they are performing and take no new one
     * until {@link #resume()}. Operations are still accepted. Paused runners show as
     * {@link RunnerState#WAITING}. Does nothing once {@link #stop()} was called.
     */
    public void pause() {
        if (!this.admission.isClosed()) {
            this.scheduler.pause();
            logger.debug("{}: paused", this.name);
        }
    }

    /**
     * Releases dispatching held by {@link #pause()}; waiting operations are taken again. Does
     * nothing if the queue is not paused or was stopped.
     */
    public void resume() {
        if (!this.admission.isClosed() && this.scheduler.resume()) {
            logger.debug("{}: resumed", this.name);
        }
    }

    /**
     * Returns whether dispatching is paused.
     *
     * @return {@code true} between {@link #pause()} and {@link #resume()}
     */
    public boolean isPaused() {
        return this.scheduler.isPaused() && !this.admission.isClosed();
    }

    /**
     * Returns whether some runner has not stopped. A queue with no runner is not running; a
     * stopped queue is running until its drain is over. The answer may be stale as soon as it is
     * returned.
     *
     * @return {@code true} if some runner is not {@link RunnerState#STOPPED}
     */
    public boolean isRunning() {
        return this.scheduler.liveRunners() > 0;
    }

    /**
     * Returns whether every runner is {@link RunnerState#WAITING}; {@code true} for a queue with
     * no runner, {@code false} once {@link #stop()} was called. Reads each runner in turn, so on a
     * busy queue the answer is a moment's view.
     *
     * @return {@code true} if no runner is pending, running or stopped
     */
    public boolean isIdle() {
        return !this.admission.isClosed() && this.scheduler.allWaiting();
    }

    /**
     * Returns a future that completes when this queue is idle: nothing queued, no enqueue waiting for
     * room, and no runner performing an operation (an operation whose stage is still pending counts as
     * performing). It completes at once if the queue is idle now; otherwise when the last runner to
     * finish parks with nothing left. Meant for tests and for callers that wait for the work they
     * started; work enqueued after it completed is not waited for.
     *
     * <p>A paused queue holding operations is not idle; a queue holding operations and no runner
     * is not idle until it is started or stopped. A {@link #stop()} completes every such future by
     * the time the stop's own future completes at the latest (abandoned work is not queued), and one
     * asked for after that is complete at once.
     *
     * <p>Threads: never blocks. The future completes on the thread of the runner that parked last,
     * on the thread that completes the stop, or on the calling thread; stages chained on it run
     * there. It never fails; cancelling it (or {@code orTimeout}) only stops this caller's wait, and the queue
     * lets go of it at once.
     *
     * <p>Memory consistency: the completion of every operation performed before the queue was seen
     * idle happens-before the future's dependents.
     *
     * @return a future that completes when the queue is idle
     */
    public CompletableFuture<Void> whenIdle() {
        return this.scheduler.whenIdle();
    }

    /**
     * Tells this queue that the remote asks for {@code quiet}: no runner starts an operation until it has
     * passed; operations already running finish. A later call that ends later extends the quiet, one that
     * ends sooner changes nothing. Meant to be called from inside {@link QueuedOperation#perform()} when
     * the remote answers with a {@code Retry-After} (or fail the operation with
     * {@link io.github.operationqueue.flow.RemoteBackOffException}, which does the same). Works on every
     * queue, with or without a limit or a rate.
     *
     * <p>Stop: a drain honours the quiet (the remote asked for it), so {@link #stop()} completes after the
     * quiet and the drain; {@link #stop(Duration)} bounds that as always: at its deadline, what is still
     * queued is abandoned and the runners waiting for the quiet to end are stopped where they are.
     *
     * @param quiet how long to start nothing; zero or negative does nothing; longer than a year counts as a
     *        year
     * @throws NullPointerException if {@code quiet} is {@code null}
     */
    public void backOff(Duration quiet) {
        Objects.requireNonNull(quiet, "quiet must not be null");
        this.scheduler.backOff().request(quiet, "backOff(Duration) was called");
    }

    /**
     * Returns how many runners may perform an operation now: the {@link Builder#limit concurrency limit},
     * at most the runners that have not stopped; for a queue without a limit, those runners.
     *
     * @return the limit in force now
     */
    public int limit() {
        FlowGate flow = this.scheduler.flow();
        int runners = this.scheduler.liveRunners();
        return (flow != null && flow.isLimited()) ? Math.min(runners, flow.currentLimit()) : runners;
    }

    /**
     * Replaces this queue's concurrency limit with a fixed one, at run time (an operator steering a queue
     * whose adaptive limit misjudges the remote, say). Runners beyond the new limit finish what they
     * perform and start nothing more; a higher limit wakes runners for what is queued at once. The
     * adaptive algorithm is not restored; build the queue again for that.
     *
     * @param limit how many operations may be in flight at once
     * @throws IllegalArgumentException if {@code limit} is less than 1
     * @throws IllegalStateException if the queue was built without a {@link Builder#limit limit}: its
     *         runners keep no count of operations in flight, so there is nothing to steer
     */
    public void setLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException(this.name + ": a concurrency limit must be at least 1, was " + limit);
        }
        FlowGate flow = this.scheduler.flow();
        if (flow == null || !flow.isLimited()) {
            throw new IllegalStateException(this.name + " was built without a concurrency limit; give its builder "
                    + "limit(ConcurrencyLimit) (in Spring Boot, operation-queue.queues." + this.name
                    + ".limit.algorithm) to steer it at run time");
        }
        flow.setLimit(limit);
    }

    /**
     * Returns a snapshot of this queue's flow control: limit, operations in flight, rate and quiet.
     *
     * @return a new snapshot
     */
    public FlowControlStats flowControl() {
        FlowGate flow = this.scheduler.flow();
        boolean limited = flow != null && flow.isLimited();
        int inFlight = limited ? flow.inFlight()
                : this.scheduler.countByState()[RunnerState.RUNNING.ordinal()];
        return new FlowControlStats(limited ? flow.algorithm() : "none", limit(), inFlight,
                (flow != null) ? flow.rate() : null, (flow != null) ? flow.permitWaits() : 0,
                Duration.ofNanos((flow != null) ? flow.permitWaitNanos() : 0), this.scheduler.backOff().remaining());
    }

    /**
     * Returns a snapshot of this queue's counters and runner states; see
     * {@link OperationQueueStats} for how consistent it is.
     *
     * @return a new snapshot
     */
    public OperationQueueStats stats() {
        int[] states = this.scheduler.countByState();
        boolean closed = this.admission.isClosed();
        return new OperationQueueStats(this.name, this.admission.depth(), this.capacity, this.admission.awaitingRoom(),
                states[RunnerState.PENDING.ordinal()], states[RunnerState.WAITING.ordinal()],
                states[RunnerState.RUNNING.ordinal()], states[RunnerState.STOPPED.ordinal()],
                this.admission.enqueued(), this.outcomes.completed(), this.outcomes.failed(), this.scheduler.abandoned(),
                this.admission.refused(), this.scheduler.rejections(), this.scheduler.isPaused() && !closed, closed);
    }

    @Override
    public String toString() {
        return "OperationQueue[" + this.name + "]";
    }

    // ---- accepting operations

    /**
     * Returns what the entry queue stores for an enqueued {@code operation}: the operation itself when
     * nothing travels with it, otherwise a {@link QueuedEntry} (see there why).
     */
    private Object entryFor(QueuedOperation operation) {
        Objects.requireNonNull(operation, "operation must not be null");
        if (this.decorator == null && this.listener.isEmpty()) {
            return operation;
        }
        return new QueuedEntry((this.decorator != null) ? decorated(operation) : operation, operation);
    }

    private QueuedOperation decorated(QueuedOperation operation) {
        return Objects.requireNonNull(this.decorator.decorate(operation),
                () -> "The OperationDecorator of queue '" + this.name + "' returned null");
    }

    /** Wakes a runner for each entry an enqueue that must wait for room published; returns its future. */
    private CompletableFuture<Void> waitingForRoom(RoomWaiter waiter) {
        this.scheduler.published(waiter.publishedOnOffer);
        return waiter.accepted;
    }

    /**
     * Builds an {@link OperationQueue}. Not thread-safe; each {@link #build()} returns a new
     * queue.
     */
    public static final class Builder {

        private String name = DEFAULT_NAME;

        private Executor executor;

        private BooleanSupplier executorShutDown;

        private BooleanSupplier tasksWaiting;

        private int capacity;

        private int budget = DEFAULT_BUDGET;

        private final List<OperationQueueListener> listeners = new ArrayList<>();

        private OperationDecorator decorator;

        private Level failureLogLevel = Level.WARN;

        private Duration failureLogInterval = DEFAULT_FAILURE_LOG_INTERVAL;

        private ConcurrencyLimit limit;

        private StartRate rate;

        private Predicate<? super Throwable> overload = Builder::isOverloadByDefault;

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
         * retries. The executor must run every task it accepts; see the class description for one
         * that drops tasks. Use {@link #executor(Executor, BooleanSupplier)} to tell the queue how another
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
            this.tasksWaiting = null;
            return this;
        }

        /**
         * Sets the executor that runs the queue's runners, and how to tell that it has shut down
         * for good, for an executor that is not an {@link ExecutorService} (a Spring
         * {@code ThreadPoolTaskExecutor}, say). After a rejection the queue asks
         * {@code shutDown}: {@code true} stops the queue and abandons what it holds, as for an
         * {@code ExecutorService} that is shut down, instead of retrying forever. It is asked after a
         * rejection, on the thread that saw it; by {@link OperationQueue#stop()}, which then claims the
         * runners that hold no operation rather than wait for an executor that will not run them; and
         * after each self-dispatch at the end of a runner's budget, which the runner then wins back
         * in place (a {@code CallerRunsPolicy} drops tasks silently once its pool has shut down). It
         * must be cheap; one that throws counts as {@code false}.
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
         * Sets the executor that runs the queue's runners, how to tell that it has shut down (see
         * {@link #executor(Executor, BooleanSupplier)}), and how to tell whether tasks wait for one of
         * its threads, for an executor that hides the pool it runs tasks on (a Spring
         * {@code ThreadPoolTaskExecutor}, whose {@code execute} decorates each task, say). A runner that
         * has used its {@link #budget(int) budget} asks {@code tasksWaiting}: {@code false} means no
         * other task would get the thread, and the runner keeps it instead of paying an {@code execute}
         * to be dispatched again behind nobody. Without it the queue can tell only for a
         * {@link java.util.concurrent.ThreadPoolExecutor} (by its queue), and any other executor always
         * gets the thread back. It is asked once per budget, on the runner's thread: it must be cheap,
         * and one that throws counts as {@code true}.
         *
         * @param executor the executor
         * @param shutDown whether {@code executor} has shut down and will reject every task from
         *        now on
         * @param tasksWaiting whether tasks handed to {@code executor} wait for one of its threads now
         * @return this builder
         * @throws NullPointerException if an argument is {@code null}
         */
        public Builder executor(Executor executor, BooleanSupplier shutDown, BooleanSupplier tasksWaiting) {
            executor(executor, shutDown);
            this.tasksWaiting = Objects.requireNonNull(tasksWaiting, "tasksWaiting must not be null");
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
         * Sets the runner budget: how many operations a runner performs on one executor thread
         * before it gives the thread back and is dispatched again, behind whatever else the executor
         * holds; defaults to {@value OperationQueue#DEFAULT_BUDGET}. It keeps one queue's backlog
         * from holding a shared executor's threads until the backlog is done, as Akka's dispatcher
         * {@code throughput} and Tokio's cooperative budget do. A smaller budget gives other tasks a
         * turn sooner and costs one {@code execute} per budget's worth of operations; it changes
         * neither order nor what is performed. Operations whose stage is still pending give the
         * thread back anyway.
         *
         * <p>On a {@link java.util.concurrent.ThreadPoolExecutor} the runner gives its thread back only
         * when a task waits in the pool's queue: with none waiting nobody would get the thread, and
         * the self-dispatch would only cost an {@code execute}. A task queued later still waits for at
         * most one more budget. Other executors cannot tell, and always get the thread back, unless
         * {@link #executor(Executor, BooleanSupplier, BooleanSupplier)} says how to ask them.
         *
         * <p>An executor that refuses the re-dispatch (a saturated pool with an {@code AbortPolicy},
         * or one that has shut down) does not cost a back-off: the runner goes on in place on the
         * thread it has, and the refusal is counted in {@link OperationQueueStats#rejections()}. A
         * budget needs an executor that runs every task it accepts: one that accepts the re-dispatch and
         * drops it (a {@code DiscardPolicy}) leaves the runner {@link RunnerState#PENDING} until a
         * {@link OperationQueue#stop(Duration)} claims it.
         *
         * @param operations the budget, at least 1; {@link Integer#MAX_VALUE} keeps the thread while
         *        work remains
         * @return this builder
         * @throws IllegalArgumentException if {@code operations} is 0 or negative
         */
        public Builder budget(int operations) {
            if (operations <= 0) {
                throw new IllegalArgumentException("budget must be at least 1 operation per dispatch, was " + operations
                        + "; use Integer.MAX_VALUE for a runner that keeps its thread while work remains");
            }
            this.budget = operations;
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
         * Adds a decorator applied to each operation as it is enqueued. Decorators compose: each
         * one added wraps the operation inside those added before it, so when the operation is
         * performed the first decorator added runs outermost and the last one added runs closest
         * to the operation (and {@code decorate} is called innermost first, on the enqueuing
         * thread). Code given a builder (a Spring Boot customizer, say) can therefore add its own
         * decorator without dropping those already set.
         *
         * @param decorator the decorator to add
         * @return this builder
         * @throws NullPointerException if {@code decorator} is {@code null}
         */
        public Builder decorator(OperationDecorator decorator) {
            Objects.requireNonNull(decorator, "decorator must not be null");
            this.decorator = (this.decorator != null) ? decorator.andThen(this.decorator) : decorator;
            return this;
        }

        /**
         * Returns the composition of the decorators added so far (see
         * {@link #decorator(OperationDecorator)}).
         *
         * @return the composed decorator, or {@code null} if none was added
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
         * Sets a concurrency limit: at most {@link ConcurrencyLimit#limit()} runners perform an operation
         * at once (never more than the queue has runners); the others park, holding no thread, until an
         * operation finishes or the limit grows. An adaptive limit
         * ({@link io.github.operationqueue.flow.netflix.NetflixConcurrencyLimits}) learns from each
         * operation's execution time and from failures {@link #overload classed as overload}. Without a
         * limit (the default) every runner performs, and the queue keeps no count of operations in
         * flight.
         *
         * @param limit the limit
         * @return this builder
         * @throws NullPointerException if {@code limit} is {@code null}
         */
        public Builder limit(ConcurrencyLimit limit) {
            this.limit = Objects.requireNonNull(limit, "limit must not be null");
            return this;
        }

        /**
         * Sets a start rate: a runner starts an operation only with a permit of {@code rate}; a runner whose
         * permit lies in the future parks on the queue's timer, holding no thread. Without a rate (the
         * default) operations start as soon as a runner is free.
         *
         * <p>Stop: while operations are left to drain, a runner waiting for its permit drains when the
         * permit is due (the rate holds during a drain), so {@link OperationQueue#stop()} waits for the
         * permits those operations need; once nothing is left to start, runners waiting for a permit are
         * stopped at once, so a stop of a drained queue never waits for a permit.
         * {@link OperationQueue#stop(Duration)} stops them where they are at its deadline.
         *
         * @param rate the rate, such as {@code Resilience4jStartRate.of(50, Duration.ofSeconds(1), 1)}
         * @return this builder
         * @throws NullPointerException if {@code rate} is {@code null}
         */
        public Builder rate(StartRate rate) {
            this.rate = Objects.requireNonNull(rate, "rate must not be null");
            return this;
        }

        /**
         * Sets which failures tell an adaptive {@link #limit limit} that the remote is overloaded (a 503, a
         * 429, a timeout). It is given the operation's failure, unwrapped from a
         * {@link java.util.concurrent.CompletionException}, on the thread that completed the operation;
         * one that throws counts as {@code false}. By default a
         * {@link io.github.operationqueue.flow.RemoteBackOffException} or a
         * {@link java.util.concurrent.TimeoutException} is overload.
         *
         * @param overload whether a failure is overload
         * @return this builder
         * @throws NullPointerException if {@code overload} is {@code null}
         */
        public Builder overload(Predicate<? super Throwable> overload) {
            this.overload = Objects.requireNonNull(overload, "overload must not be null");
            return this;
        }

        /**
         * Classes failures of any of {@code types} (or their subclasses) as overload, in place of the
         * default; see {@link #overload(Predicate)}.
         *
         * @param types the exception types that mean overload
         * @return this builder
         * @throws NullPointerException if {@code types} or one of them is {@code null}
         */
        @SafeVarargs
        public final Builder overloadOn(Class<? extends Throwable>... types) {
            List<Class<? extends Throwable>> copy = List.of(types);
            return overload((failure) -> copy.stream().anyMatch((type) -> type.isInstance(failure)));
        }

        private static boolean isOverloadByDefault(Throwable failure) {
            return failure instanceof RemoteBackOffException || failure instanceof TimeoutException;
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
