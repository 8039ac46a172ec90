package io.github.operationqueue.line;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-flight gate: at most one caller at a time holds the line's {@link Token}; everyone else is
 * told to wait until it is released.
 *
 * <p>The typical use is an error that every parallel request hits at once, such as an expired login.
 * The first request to call {@link #tryAcquireToken()} gets an {@link AcquireOutcome.Success} with the
 * token, handles the error (logs in again) and closes the token. The others get an
 * {@link AcquireOutcome.Failure} whose future completes when the token is closed; they then retry their
 * own work. A waiter is not handed the line when it is released: if it needs the line, it tries again.
 * {@link #coalesce(Supplier)} packages this protocol for the common case.
 *
 * <dl>
 * <dt>Threads</dt>
 * <dd>No method of a line blocks, except {@link #coalesceAndWait} and, on a distributed line (one made
 * with a {@link LineCoordinator}), {@link #tryAcquireToken()} as described there. The future of every waiter is completed
 * by the thread that closes the token, inside {@link Token#close()}; non-async stages chained on that
 * future run on that thread (or on the thread that chains them, if the future is already complete).
 * Such stages should be short and must not block, or they delay the closing thread and every other
 * waiter; chain blocking or long work with the {@code ...Async} variants and an executor.</dd>
 * <dt>Waiters</dt>
 * <dd>Each {@link AcquireOutcome.Failure} and {@link LineStatus.Busy} carries a future of its own.
 * Completing or cancelling it touches no other waiter and never frees the line: only closing the token
 * does. A waiter that gives up should cancel its future, so that {@link #stats()} stops counting it.
 * Closing the token completes the waiters one after another, in no promised order.</dd>
 * <dt>Failure</dt>
 * <dd>{@link #tryAcquireToken()}, {@link #status()} and {@link Token#close()} never throw. Exceptions
 * and errors thrown by a {@link LineListener} are caught and logged with the line's name.</dd>
 * <dt>Memory consistency</dt>
 * <dd>Actions before closing a token <a href="package-summary.html#MemoryConsistency"><i>happen-before</i></a>
 * actions after any of its waiters' futures completes, and actions after the next successful
 * acquisition.</dd>
 * </dl>
 *
 * <p>A line has no setters; its only mutable configuration is its listeners. It is cheap: an idle line
 * holds no thread and no future.
 *
 * @see Lines
 */
public final class Line {

    /*
     * Design considerations
     *
     * Protocol. The crate's line is a single-track railway token: whoever holds it may go, everyone
     * else learns when it comes back and then tries again. The whole state of a line is one
     * AtomicReference, `current`: null while free, otherwise the Token of the acquisition in progress.
     * tryAcquireToken() reads it and, when it is null, installs a new Token with compareAndSet; it
     * linearises at that CAS (acquired) or at the read that saw a holder (busy). The loop around the two
     * only repeats when the holder it missed was released in between, so some thread always progresses.
     *
     * Each waiter its own future. Each Failure and Busy gets a fresh future (a WaiterFuture), which is
     * also its node in an intrusive stack on the Token: one CAS to push, one getAndSet for the release
     * to take them all (Token describes it). Cancelling or completing one future cannot reach the
     * token nor any other waiter's, so a caller that gives up cannot release the line or wake the other
     * waiters early. A waiter made after the release completes at once, which closes the gap between
     * "read the holder" and "hand out the future": no wake-up can be lost. The cost is one small object
     * per waiter, kept until the release (or until a later waiter links past it) even when cancelled; a
     * cancelled waiter keeps no stack trace (WaiterFuture), so what it keeps stays small. stats() counts
     * the waiters by walking the stack instead of keeping a counter that every waiter would update twice.
     * (Before, each waiter was a copy() of one internal future plus a whenComplete that decremented such
     * a counter: four more objects per waiter, 160 bytes instead of 24.)
     *
     * Generation check. A token releases the line with current.compareAndSet(token, null). Every
     * acquisition installs a new Token, so a second close, or a close of a token from an earlier
     * acquisition, fails the CAS and does nothing: it can never free a later holder. The token's
     * generation number (increasing, with gaps) exists for logs; the identity of the Token is the check.
     *
     * Free first, then signal. release() frees the line before it completes the waiters' futures (which
     * runs the waiters' dependents on the closing thread) and before it calls listeners, so a waiter or
     * listener that throws or loops cannot keep the line busy. Waiters woken by the release may find the
     * line already taken again; that is the protocol, not a lost wake-up.
     *
     * Why no lock. The state is a single reference, so a CAS is all the mutual exclusion needed, and
     * it keeps tryAcquireToken() and status() from ever blocking. A lock would also invite the mistake
     * this class must not make: completing futures or calling listeners while holding it, which runs
     * foreign code under the lock. Counters are AtomicLongs and a volatile; they are statistics and
     * need not be atomic with the state change (LineStats says so). (Not LongAdders: a line is not
     * that hot, and their per-thread striping would make Lincheck's model checking non-deterministic.)
     *
     * Rejected: handing the line directly to the next waiter (a queue of waiters). The crate does not
     * do it, waiters usually want to retry rather than hold, and it would turn a cancelled waiter into
     * a way to jam or leak the line.
     */

    private static final Logger logger = LoggerFactory.getLogger(Line.class);

    private static final String DEFAULT_NAME = "line";

    private static final LineStatus FREE = new LineStatus.Free();

    private final String name;

    /** The acquisition in progress; null while the line is free. Changed only by CAS. */
    private final AtomicReference<Token> current = new AtomicReference<>();

    private final AtomicLong generations = new AtomicLong();

    private final AtomicLong acquiredCount = new AtomicLong();

    private final AtomicLong busyCount = new AtomicLong();

    /** Written by the thread that releases the line; 0 until a token is released. */
    private volatile long lastHoldNanos;

    private final CopyOnWriteArrayList<ListenerSlot> listeners = new CopyOnWriteArrayList<>();

    /** Talks to the other processes; null for a local line. */
    private final LineCoordination coordination;

    /**
     * Creates a free line named {@code "line"}.
     */
    public Line() {
        this(DEFAULT_NAME);
    }

    /**
     * Creates a free line with the given name. The name appears in every log line and in
     * {@link #stats()}; this constructor accepts any name that is not blank ({@link Lines} is stricter).
     *
     * @param name the line's name
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Line(String name) {
        this(name, null);
    }

    /**
     * Creates a free line that is shared with every process using the same {@code coordinator}'s
     * store: across all of them at most one token of the line is held at a time. With a
     * {@code null} coordinator the line is local, as {@link #Line(String)} makes it.
     *
     * <p>A distributed line keeps the local protocol and adds the coordinator's: this process's callers
     * coalesce first (one of them asks the coordinator, the others wait for it), the token is only
     * handed out once the shared lock is held, and closing the token gives the shared lock back. When
     * another process holds the lock, every caller here gets an {@link AcquireOutcome.Failure} whose
     * future completes when that process lets go (or its lock expires). What blocks, and which failures
     * arrive where, is described on {@link #tryAcquireToken()}, {@link #acquireToken()} and
     * {@link #coalesce(Supplier)}.
     *
     * @param name the line's name
     * @param coordinator the line's link to the other processes, or {@code null} for a local line
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Line(String name, LineCoordinator coordinator) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A line's name must not be blank");
        }
        this.name = name;
        this.coordination = (coordinator != null) ? new LineCoordination(this, coordinator) : null;
    }

    /**
     * Returns this line's name.
     *
     * @return the name given at construction, or {@code "line"}
     */
    public String name() {
        return this.name;
    }

    /**
     * Tries to acquire this line's token, without waiting.
     *
     * <p>If the line is free, it becomes busy and the result is an {@link AcquireOutcome.Success} with
     * the token, which the caller must close. Otherwise the result is an {@link AcquireOutcome.Failure}
     * with a new future, this caller's own, that completes when the current holder closes its token.
     * That future may already be complete if the holder released the line meanwhile.
     *
     * <p>Thread: never blocks; lock-free. Registered {@link LineListener}s are called on this thread
     * before the method returns. The failure's future is completed later by the thread that closes the
     * token (see the class documentation about chaining on it).
     *
     * <p>Failure: never throws; listener failures are logged.
     *
     * <p>Distributed line (one made with a {@link LineCoordinator}): when this call finds the line free
     * here, it asks the coordinator for the shared lock and <em>blocks the calling thread</em> until the
     * answer, at most for the coordinator's {@link LineCoordinator#acquireTimeout()}. Every other caller
     * in this process meanwhile gets a {@code Failure} at once, without blocking. The answer is a
     * {@code Success}, or a {@code Failure} if another process holds the lock (its future completes when
     * that process lets go), or a {@link LineCoordinationException} thrown here if the coordinator failed
     * or timed out; the futures of this episode's waiters then complete exceptionally with the same
     * exception. If the calling thread is interrupted while it waits, it gets a {@code Failure} (any lock
     * obtained later is given back) and keeps its interrupt status. Use {@link #acquireToken()} to never
     * block.
     *
     * @return the outcome; never {@code null}
     * @throws LineCoordinationException only for a distributed line, as described above
     */
    public AcquireOutcome tryAcquireToken() {
        if (this.coordination != null) {
            return this.coordination.tryAcquireToken();
        }
        for (;;) {
            Token mine = tryInstall();
            if (mine != null) {
                return new AcquireOutcome.Success(mine);
            }
            Token holder = this.current.get();
            if (holder != null) {
                onBusy();
                return new AcquireOutcome.Failure(holder.newWaiter());
            }
            // The holder we lost to has released the line already: try again.
        }
    }

    /**
     * Tries to acquire this line's token without blocking, also when acquiring it means asking other
     * processes.
     *
     * <p>For a local line the returned future is already complete with what {@link #tryAcquireToken()}
     * returns. For a distributed line it completes once the line's {@link LineCoordinator} has answered,
     * within its {@link LineCoordinator#acquireTimeout()}: with a {@code Success}, with a {@code Failure}
     * if another caller here or another process holds the line, or exceptionally with a
     * {@link LineCoordinationException} if the coordinator failed or timed out.
     *
     * <p>Thread: never blocks. The future is completed on the coordinator's thread (or on the JDK's
     * timeout thread), so chain blocking work with an {@code ...Async} variant. Cancelling the future
     * before it completes gives back a token obtained afterwards.
     *
     * @return the outcome, now or later; never {@code null}
     */
    public CompletableFuture<AcquireOutcome> acquireToken() {
        return (this.coordination != null) ? this.coordination.acquireToken()
                : CompletableFuture.completedFuture(tryAcquireToken());
    }

    /**
     * Tells whether this line is shared with other processes through a {@link LineCoordinator}.
     *
     * @return whether the line was made with a coordinator
     */
    public boolean isDistributed() {
        return this.coordination != null;
    }

    /**
     * Tells who holds this line's token, as far as this process knows; {@link LineHolder#REMOTE} and
     * {@link LineHolder#ACQUIRING} only occur on a distributed line.
     *
     * <p>Thread: never blocks. A snapshot, stale as soon as it is returned.
     *
     * @return the holder; never {@code null}
     */
    public LineHolder holder() {
        if (this.coordination != null) {
            return this.coordination.holder();
        }
        return (this.current.get() != null) ? LineHolder.LOCAL : LineHolder.NONE;
    }

    /**
     * Tells whether this line's token is held, without trying to acquire it.
     *
     * <p>Thread: never blocks and never changes the line; calls no listener and counts no acquisition.
     * A {@link LineStatus.Busy} carries a new future of the caller's own, completed by the thread that
     * closes the token; it is counted in {@link LineStats#waiters()} until it completes or is cancelled.
     *
     * @return a snapshot that may be stale by the time it is read; never {@code null}
     */
    public LineStatus status() {
        Token holder = this.current.get();
        return (holder != null) ? new LineStatus.Busy(holder.newWaiter()) : FREE;
    }

    /**
     * Runs {@code handler} if this caller acquires the line, otherwise waits for the caller that did:
     * single-flight handling of a shared failure such as an expired login.
     *
     * <p>If the line is free, this caller acquires the token and calls {@code handler} on the calling
     * thread. The token is closed when the stage returned by the handler completes, normally or not (or
     * at once, if the handler throws or returns {@code null}), and the returned future then completes
     * the same way. If the line is busy, the handler is not called; the returned future completes when
     * the holder releases the line, with the holder's outcome: normally if the holder's handler
     * succeeded (or if the holder used a plain {@link Token}), exceptionally with the very same
     * exception if it failed. Every caller can thus decide for itself whether to retry its own work
     * or to give up.
     *
     * <p>This method does not know whether the failure it guards is still current. A request that
     * failed with an old login but calls this after another request logged in again will acquire the
     * free line and run its handler a second time. When that matters, let the handler check first
     * (for example, compare the login the request used with the current one) and return a completed
     * stage if there is nothing left to do.
     *
     * <p>Thread: the handler runs on the calling thread; the token is closed, and waiters are
     * completed, on the thread that completes the handler's stage. Dependent stages of the returned
     * future run there too unless chained with an async variant. Not reentrant: calling this from
     * inside the handler, or while holding this line's token, waits for oneself forever.
     *
     * <p>Failure: {@link NullPointerException} at once for a {@code null} handler. Everything else
     * arrives through the returned future (unwrapped from {@link CompletionException}): the handler's
     * failure for the holder, the holder's failure for waiters; every caller gets the same exception
     * instance. A handler stage that was cancelled arrives as a {@link CompletionException} whose cause is
     * the {@link CancellationException}, so that a caller's future reports {@code isCancelled()} only if
     * that caller cancelled it. Cancelling the returned future of a
     * waiter stops waiting and affects no one else; cancelling the holder's future does not cancel the
     * handler's stage and does not release the line before that stage completes.
     *
     * <p>Memory consistency: actions of the handler and of its stage happen-before the returned future
     * of every caller completes.
     *
     * @param handler called only if this caller acquired the line; returns a stage that completes once
     *                the shared failure has been handled
     * <p>Distributed line: the caller that finds the line free here asks the coordinator without
     * blocking; if this process gets the shared lock, the handler runs on the thread that completes the
     * coordinator's answer, and the token (with the lock) is released when its stage completes. If
     * another process holds the lock, the returned future completes normally when it lets go (that
     * process's outcome is not known here). If the coordinator fails or times out, every caller of this
     * episode gets its {@link LineCoordinationException}.
     *
     * @return a future that completes when the failure has been handled, by this caller or by another
     */
    public CompletableFuture<Void> coalesce(Supplier<? extends CompletionStage<?>> handler) {
        Objects.requireNonNull(handler, "handler");
        if (this.coordination != null) {
            return this.coordination.coalesce(handler);
        }
        for (;;) {
            Token mine = tryInstall();
            if (mine != null) {
                return runAsHolder(mine, handler);
            }
            Token holder = this.current.get();
            if (holder != null) {
                onBusy();
                return awaitHolder(holder);
            }
        }
    }

    /**
     * The blocking form of {@link #coalesce(Supplier)}: runs {@code handler} on the calling thread if
     * this caller acquires the line, otherwise waits up to {@code timeout} for the holder's outcome.
     *
     * <p>Thread: blocks the calling thread while the handler runs (no timeout applies to it), or up to
     * {@code timeout} while another caller holds the line. Meant for code that already blocks, such as
     * a servlet request; asynchronous code should use {@link #coalesce(Supplier)}.
     *
     * <p>Failure: the handler's exception (for the holder) or the holder's exception (for a waiter) is
     * thrown as the cause of an {@link ExecutionException}; the line is released either way. On timeout
     * or interrupt this caller stops waiting (its future is cancelled) and the line stays with its
     * holder. The interrupt is reported by the {@link InterruptedException}, as for
     * {@link java.util.concurrent.Future#get()}.
     *
     * @param handler called only if this caller acquired the line
     * @param timeout how long to wait for another holder; must not be negative
     * @throws InterruptedException if interrupted while waiting for another holder
     * @throws ExecutionException if the handler failed, whichever caller ran it
     * @throws TimeoutException if the holder did not release the line within {@code timeout}
     */
    public void coalesceAndWait(Callable<?> handler, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        CompletableFuture<Void> outcome = coalesce(() -> {
            try {
                handler.call();
                return CompletableFuture.completedFuture(null);
            }
            catch (Exception ex) {
                return CompletableFuture.failedFuture(ex);
            }
        });
        try {
            outcome.get(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException | TimeoutException ex) {
            outcome.cancel(false);
            throw ex;
        }
    }

    /**
     * Returns a snapshot of this line's counters.
     *
     * <p>Thread: never blocks. Failure: never throws. The fields are read one by one; see
     * {@link LineStats} for how consistent they are. Counting the waiters visits each waiter of the
     * current acquisition, so a snapshot costs time in proportion to their number.
     *
     * @return a new snapshot
     */
    public LineStats stats() {
        Token holder = this.current.get();
        return new LineStats(this.name, holder != null, this.acquiredCount.get(), this.busyCount.get(),
                (holder != null) ? holder.waiters() : 0, Duration.ofNanos(this.lastHoldNanos));
    }

    /**
     * Registers a listener for this line's activity. A listener registered twice is called twice.
     *
     * <p>Thread: may be called at any time from any thread; events that are already under way may or may
     * not reach a listener being added. See {@link LineListener} for the threads that call it.
     *
     * @param listener the listener to add
     * @throws NullPointerException if {@code listener} is {@code null}
     */
    public void addListener(LineListener listener) {
        this.listeners.add(new ListenerSlot(Objects.requireNonNull(listener, "listener")));
    }

    /**
     * Unregisters one registration of a listener. It may still receive events that were under way.
     *
     * @param listener the listener to remove
     * @return whether it was registered
     */
    public boolean removeListener(LineListener listener) {
        for (ListenerSlot slot : this.listeners) {
            if (slot.listener == listener && this.listeners.remove(slot)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns a description with this line's name.
     *
     * @return a short description, for logs
     */
    @Override
    public String toString() {
        return "Line[" + this.name + "]";
    }

    /** The token of the acquisition in progress, or null; for tests in this package. */
    Token currentToken() {
        return this.current.get();
    }

    /**
     * Frees the line if {@code token} still holds it, then signals its waiters and listeners; a stale
     * or second call does nothing. Called by {@link Token#close()} and by the coalescing helpers.
     */
    void release(Token token, Throwable handlerFailure) {
        // A distributed line gives the shared lock back first, and counts the hold from the lock's arrival.
        long heldSince = (this.coordination != null) ? this.coordination.beforeRelease(token) : token.acquiredAtNanos();
        if (!this.current.compareAndSet(token, null)) {
            logger.debug("{}: close of {} ignored, it no longer holds the line", this.name, token);
            return;
        }
        long held = System.nanoTime() - heldSince;
        this.lastHoldNanos = held;
        // The line is free from here on; nothing below may undo that.
        int signalled = token.signalReleased(handlerFailure);
        if (logger.isDebugEnabled()) {
            logger.debug("{}: released generation {} after {} ns, {} waiter(s) signalled", this.name,
                    token.generation(), held, signalled);
        }
        if (!this.listeners.isEmpty()) {
            Duration heldFor = Duration.ofNanos(held);
            notifyListeners((listener) -> listener.released(this, heldFor));
        }
    }

    /**
     * Ends a distributed line's episode that no local caller held (another process held the lock, or
     * the coordinator failed): frees the line and signals the waiters, without the listeners' release.
     */
    void endEpisode(Token token, Throwable failure) {
        if (this.current.compareAndSet(token, null)) {
            token.signalReleased(failure);
            logger.debug("{}: episode of generation {} ended", this.name, token.generation());
        }
    }

    /** Installs a new token if the line is free; returns it, or null if another caller holds the line. */
    private Token tryInstall() {
        Token token = installQuietly();
        if (token != null) {
            announceAcquired(token);
        }
        return token;
    }

    /** Installs a new token if the line is free, without counting it or telling the listeners. */
    Token installQuietly() {
        if (this.current.get() != null) {
            return null;
        }
        Token token = new Token(this, this.generations.incrementAndGet(), System.nanoTime());
        return this.current.compareAndSet(null, token) ? token : null;
    }

    /** Counts {@code token}'s acquisition and tells the listeners. */
    void announceAcquired(Token token) {
        this.acquiredCount.incrementAndGet();
        logger.debug("{}: acquired, generation {}", this.name, token.generation());
        notifyListeners((listener) -> listener.acquired(this));
    }

    void onBusy() {
        this.busyCount.incrementAndGet();
        // Every waiter of a storm comes through here: no listener call (nor its lambda) when none listens.
        if (!this.listeners.isEmpty()) {
            notifyListeners((listener) -> listener.busy(this));
        }
    }

    CompletableFuture<Void> runAsHolder(Token token, Supplier<? extends CompletionStage<?>> handler) {
        CompletionStage<?> stage;
        try {
            stage = Objects.requireNonNull(handler.get(), "handler returned null instead of a CompletionStage");
        }
        catch (Throwable ex) {
            // Whatever the handler threw, the line must not stay busy.
            release(token, ex);
            if (ex instanceof Error error) {
                throw error;
            }
            CompletableFuture<Void> failed = new CompletableFuture<>();
            completeWithFailure(failed, ex);
            return failed;
        }
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            Throwable cause = unwrap(failure);
            release(token, cause);
            if (cause == null) {
                outcome.complete(null);
            }
            else {
                logger.debug("{}: handler of generation {} failed: {}", this.name, token.generation(),
                        cause.getClass().getName());
                completeWithFailure(outcome, cause);
            }
        });
        return outcome;
    }

    static CompletableFuture<Void> awaitHolder(Token holder) {
        CompletableFuture<Void> released = holder.newWaiter();
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        released.whenComplete((ignored, cancelled) -> {
            // The release wrote the holder's failure before completing `released`.
            Throwable failure = (cancelled != null) ? cancelled : holder.handlerFailure();
            if (failure == null) {
                outcome.complete(null);
            }
            else if (cancelled == null) {
                completeWithFailure(outcome, failure);
            }
        });
        // A caller that gives up stops being counted as a waiter; a no-op once `released` completed.
        outcome.whenComplete((ignored, failure) -> released.cancel(false));
        return outcome;
    }

    /**
     * Completes a coalescing caller's future with a handler failure. A cancelled handler stage is wrapped,
     * so that {@code isCancelled()} on a caller's future only ever means that this caller cancelled it.
     */
    private static void completeWithFailure(CompletableFuture<Void> outcome, Throwable failure) {
        outcome.completeExceptionally(
                (failure instanceof CancellationException) ? new CompletionException(failure) : failure);
    }

    void notifyListeners(Consumer<LineListener> event) {
        for (ListenerSlot slot : this.listeners) {
            try {
                event.accept(slot.listener);
            }
            catch (Throwable ex) {
                // Errors too (an AssertionError in a test listener): acquired() runs after the token
                // is installed, so one escaping here would lose the token and jam the line for good.
                if (slot.warned.compareAndSet(false, true)) {
                    logger.warn("{}: listener {} failed; later failures of this listener are logged at DEBUG",
                            this.name, slot.listener.getClass().getName(), ex);
                }
                else {
                    logger.debug("{}: listener {} failed", this.name, slot.listener.getClass().getName(), ex);
                }
            }
        }
    }

    private static Throwable unwrap(Throwable failure) {
        if ((failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null) {
            return failure.getCause();
        }
        return failure;
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        }
        catch (ArithmeticException ex) {
            return Long.MAX_VALUE;
        }
    }

    /** A registered listener and whether its first failure has been logged. */
    private static final class ListenerSlot {

        final LineListener listener;

        final AtomicBoolean warned = new AtomicBoolean();

        ListenerSlot(LineListener listener) {
            this.listener = listener;
        }
    }
}
