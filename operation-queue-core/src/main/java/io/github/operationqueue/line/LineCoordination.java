package io.github.operationqueue.line;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a distributed {@link Line} that talks to its {@link LineCoordinator}: one per
 * distributed line, package-private.
 */
final class LineCoordination {

    /*
     * Design considerations
     *
     * Local first. A distributed acquisition is an episode of the local line: the caller that wins
     * the local CAS installs a Token (quietly: not counted, no listener) and only then asks the
     * coordinator. For as long as the episode lasts, every other local caller finds the line busy
     * and waits on that token, exactly as on a local line, so one process asks the store at most
     * once at a time however many of its requests fail together.
     *
     * An episode ends in one of three ways:
     *   acquired  the coordinator handed out a lease: the token is announced (counted, listeners)
     *             and given to the caller; Token.close() releases the lease, then frees the line.
     *   remote    another process holds the lock: the token stays installed (the line is busy here
     *             too) while the coordinator waits for the release; then the line frees it quietly
     *             and every waiter retries.
     *   failed    the coordinator failed or timed out: the line frees the token quietly with a
     *             LineCoordinationException as its failure, which every waiter of the episode gets.
     *
     * Lease release before free. Line.release() detaches and releases the lease before its CAS
     * frees the line, so a coordinator that serialises its lock operations sees the unlock before
     * the next local caller's tryAcquire.
     *
     * Bounds. tryAcquire is bounded by the coordinator's acquireTimeout (orTimeout on its future,
     * which then refuses a late lease). awaitRelease has no overall bound (a remote holder may hold
     * as long as a local one may); the coordinator must fail it when its store is out of reach.
     */

    private static final Logger logger = LoggerFactory.getLogger(LineCoordination.class);

    private final Line line;

    private final LineCoordinator coordinator;

    /** The token a local caller holds and its lease; null when no local caller holds the line. */
    private final AtomicReference<Hold> hold = new AtomicReference<>();

    /** The token of the episode waiting for another process; null when none is. */
    private volatile Token remote;

    LineCoordination(Line line, LineCoordinator coordinator) {
        this.line = line;
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    }

    LineHolder holder() {
        Token current = this.line.currentToken();
        if (current == null) {
            return LineHolder.NONE;
        }
        Hold held = this.hold.get();
        if (held != null && held.token == current) {
            return LineHolder.LOCAL;
        }
        if (current == this.remote) {
            return LineHolder.REMOTE;
        }
        return LineHolder.ACQUIRING;
    }

    /** Line.tryAcquireToken() of a distributed line: blocks only the caller that starts an episode. */
    AcquireOutcome tryAcquireToken() {
        for (;;) {
            Token mine = this.line.installQuietly();
            if (mine != null) {
                return awaitOutcome(mine, attempt(mine));
            }
            Token holder = this.line.currentToken();
            if (holder != null) {
                this.line.onBusy();
                return new AcquireOutcome.Failure(waiter(holder));
            }
        }
    }

    /** Line.acquireToken() of a distributed line: never blocks. */
    CompletableFuture<AcquireOutcome> acquireToken() {
        for (;;) {
            Token mine = this.line.installQuietly();
            if (mine != null) {
                return attempt(mine);
            }
            Token holder = this.line.currentToken();
            if (holder != null) {
                this.line.onBusy();
                return CompletableFuture.completedFuture(new AcquireOutcome.Failure(waiter(holder)));
            }
        }
    }

    /** Line.coalesce() of a distributed line. */
    CompletableFuture<Void> coalesce(Supplier<? extends CompletionStage<?>> handler) {
        for (;;) {
            Token mine = this.line.installQuietly();
            if (mine != null) {
                CompletableFuture<Void> result = new CompletableFuture<>();
                attempt(mine).whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(unwrap(failure));
                        return;
                    }
                    CompletableFuture<Void> handled;
                    if (outcome instanceof AcquireOutcome.Failure busy) {
                        busy.released().cancel(false);
                        handled = this.line.awaitHolder(mine);
                    }
                    else {
                        handled = this.line.runAsHolder(mine, handler);
                    }
                    handled.whenComplete((ignored, handlerFailure) -> {
                        if (handlerFailure == null) {
                            result.complete(null);
                        }
                        else {
                            result.completeExceptionally(handlerFailure);
                        }
                    });
                });
                return result;
            }
            Token holder = this.line.currentToken();
            if (holder != null) {
                this.line.onBusy();
                return this.line.awaitHolder(holder);
            }
        }
    }

    /**
     * Called by Line.release() before it frees the line: gives back the lease of {@code token} if a
     * local caller held the line with it. Idempotent; a stale token does nothing.
     *
     * @return when the token was handed out (System.nanoTime()), for the hold time; the token's own
     *         start if no lease was held with it
     */
    long beforeRelease(Token token) {
        Hold held = this.hold.get();
        if (held == null || held.token != token || !this.hold.compareAndSet(held, null)) {
            return token.acquiredAtNanos();
        }
        CompletableFuture<Void> released;
        try {
            released = Objects.requireNonNull(held.lease.release(), "release() returned null");
        }
        catch (RuntimeException ex) {
            released = CompletableFuture.failedFuture(ex);
        }
        released.whenComplete((ignored, failure) -> {
            if (failure != null) {
                logger.warn("{}: could not give the shared lock back; it stays taken until its time to live "
                        + "ends: {}", this.line.name(), describe(failure));
            }
        });
        return held.sinceNanos;
    }

    /**
     * Asks the coordinator for {@code mine}'s episode. The future completes with the outcome for the
     * caller that started it, or exceptionally with a LineCoordinationException.
     */
    private CompletableFuture<AcquireOutcome> attempt(Token mine) {
        CompletableFuture<AcquireOutcome> outcome = new CompletableFuture<>();
        CompletableFuture<LineLease> lease;
        try {
            lease = Objects.requireNonNull(this.coordinator.tryAcquire(), "tryAcquire() returned null");
            lease.orTimeout(this.coordinator.acquireTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (RuntimeException ex) {
            lease = CompletableFuture.failedFuture(ex);
        }
        lease.whenComplete((acquired, failure) -> {
            if (failure != null) {
                failed(mine, failure, outcome);
            }
            else if (acquired != null) {
                held(mine, acquired, outcome);
            }
            else {
                heldElsewhere(mine, outcome);
            }
        });
        return outcome;
    }

    private void held(Token mine, LineLease lease, CompletableFuture<AcquireOutcome> outcome) {
        this.hold.set(new Hold(mine, lease, System.nanoTime()));
        this.line.announceAcquired(mine);
        lease.lost().thenAccept((reason) -> lost(mine, reason));
        if (!outcome.complete(new AcquireOutcome.Success(mine))) {
            // The caller gave up (cancelled, interrupted) before the lease arrived: nobody will close it.
            mine.close();
        }
    }

    private void heldElsewhere(Token mine, CompletableFuture<AcquireOutcome> outcome) {
        this.remote = mine;
        logger.debug("{}: another process holds the shared lock; waiting for its release", this.line.name());
        this.line.onBusy();
        outcome.complete(new AcquireOutcome.Failure(waiter(mine)));
        CompletableFuture<Void> released;
        try {
            released = Objects.requireNonNull(this.coordinator.awaitRelease(), "awaitRelease() returned null");
        }
        catch (RuntimeException ex) {
            released = CompletableFuture.failedFuture(ex);
        }
        released.whenComplete((ignored, failure) -> {
            this.remote = null;
            LineCoordinationException problem = (failure != null)
                    ? report("waiting for another process to release the shared lock", failure) : null;
            this.line.endEpisode(mine, problem);
        });
    }

    private void failed(Token mine, Throwable failure, CompletableFuture<AcquireOutcome> outcome) {
        LineCoordinationException problem = report("acquiring the shared lock", failure);
        this.line.endEpisode(mine, problem);
        outcome.completeExceptionally(problem);
    }

    private LineCoordinationException report(String doing, Throwable failure) {
        Throwable cause = unwrap(failure);
        String reason = (cause instanceof TimeoutException)
                ? "no answer within " + this.coordinator.acquireTimeout() : describe(cause);
        LineCoordinationException problem = new LineCoordinationException(
                this.line.name() + ": failed " + doing + ": " + reason, cause);
        logger.warn("{}: failed {}; the line is free again and the next attempt asks anew: {}", this.line.name(),
                doing, reason);
        this.line.notifyListeners((listener) -> listener.coordinationFailed(this.line, problem));
        return problem;
    }

    /** The lease's own contract limits this to a lock lost before its release was asked for. */
    private void lost(Token mine, Exception reason) {
        mine.markLeaseLost();
        logger.warn("{}: the shared lock was lost while this process held the token (generation {}); another "
                + "process may hold it too: {}", this.line.name(), mine.generation(), describe(reason));
        this.line.notifyListeners((listener) -> listener.leaseLost(this.line, reason));
    }

    /**
     * A waiter's future for {@code holder}'s episode: completes when the episode ends, exceptionally
     * with the LineCoordinationException if it ended because the coordinator failed.
     */
    private static CompletableFuture<Void> waiter(Token holder) {
        CompletableFuture<Void> released = holder.newWaiter();
        // A WaiterFuture too: the token keeps it reachable until the release, even when cancelled.
        CompletableFuture<Void> waiter = new WaiterFuture();
        released.whenComplete((ignored, cancelled) -> {
            if (cancelled != null) {
                return;
            }
            if (holder.handlerFailure() instanceof LineCoordinationException problem) {
                waiter.completeExceptionally(problem);
            }
            else {
                waiter.complete(null);
            }
        });
        // A waiter that gives up stops being counted; a no-op once `released` completed.
        waiter.whenComplete((ignored, failure) -> released.cancel(false));
        return waiter;
    }

    /** Waits for the outcome of an episode this (blocking) caller started, within the attempt's own bound. */
    private static AcquireOutcome awaitOutcome(Token mine, CompletableFuture<AcquireOutcome> outcome) {
        try {
            return outcome.get();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            // A lease that arrives now is given back (see held()); this caller waits like any other.
            outcome.cancel(false);
            return new AcquireOutcome.Failure(waiter(mine));
        }
        catch (ExecutionException ex) {
            throw (ex.getCause() instanceof LineCoordinationException problem) ? problem
                    : new LineCoordinationException(mine.line().name() + ": failed acquiring the shared lock",
                            ex.getCause());
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getName() + ((failure.getMessage() != null) ? ": " + failure.getMessage() : "");
    }

    /** A token held by a local caller, with the lease that backs it and when it was handed out. */
    private record Hold(Token token, LineLease lease, long sinceNanos) {
    }

}
