package io.github.operationqueue;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@code submit} on its way through the queue: the entry the queue stores and the future the caller
 * gets, in one object, as a {@code FutureTask} is both a pool's queued task and its caller's future.
 * Two objects (an entry pointing at a future) would cost a header and a reference more for every
 * queued {@code submit}.
 *
 * <p>The caller owns this future as it would own any other: completing or cancelling it settles the
 * caller's view and withdraws nothing (the runner's later {@code complete} then does nothing). Its
 * dependent stages are plain {@link CompletableFuture}s.
 *
 * @see QueuedEntry for the other shapes an entry takes
 */
final class SubmittedEntry extends CompletableFuture<Object> {

    // What the runner performs, or null to call the submitted Callable itself: a plain submit on an
    // undecorated queue needs no QueuedOperation around it. Dropped once settled (see settle).
    private QueuedOperation operation;

    // What the user handed in: the Callable that submit calls, or the body of submitBlocking; null once
    // settled. Both fields are read and cleared only by the thread that holds the entry (the submitter,
    // the runner that took it, or the stop that abandons it), never by the caller holding the future.
    Object source;

    // Written before the entry is published to the queue, read by the runner that takes it.
    long acceptedAt = QueuedEntry.NOT_TIMED;

    SubmittedEntry(QueuedOperation operation, Object source) {
        this.operation = operation;
        this.source = source;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    /**
     * Settles the caller's future with the operation's outcome, or its refusal ({@code failure} not
     * null), and drops the operation: the caller may keep this future long after, and it must not keep
     * what the operation captured alive with it, as a {@code FutureTask} drops its callable.
     */
    void settle(Object value, Throwable failure) {
        this.operation = null;
        this.source = null;
        if (failure != null) {
            completeExceptionally(failure);
        }
        else {
            complete(value);
        }
    }

    @SuppressWarnings("unchecked")
    CompletionStage<?> perform() throws Exception {
        if (this.operation != null) {
            return this.operation.perform();
        }
        return ((Callable<? extends CompletionStage<?>>) this.source).call();
    }
}
