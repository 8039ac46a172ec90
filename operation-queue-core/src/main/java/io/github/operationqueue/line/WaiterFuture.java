package io.github.operationqueue.line;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The future a waiter of one acquisition gets, and at the same time its node in the token's stack of
 * waiters ({@link Token}): a plain future with a link to the waiter that arrived before it, except that
 * cancelling it records a {@link CancellationException} without a stack trace. A cancelled waiter may
 * stay reachable from its token until the token is released; a stack trace (most of a cancelled
 * future's weight) would be kept that long for nothing, since the caller who cancelled knows where it
 * did.
 *
 * <p>Futures derived from a waiter ({@code thenRun} and the like) are plain
 * {@link CompletableFuture}s.
 */
final class WaiterFuture extends CompletableFuture<Void> {

    /**
     * The waiter pushed just before this one on the same token, or {@code null} at the bottom. Written
     * before the push publishes this node (a volatile compare-and-set), and cleared by the releasing
     * thread once it has taken the whole stack, so that a waiter its caller keeps does not keep every
     * waiter below it. A racy read (by {@link Token#waiters()}) sees either value, both of which are safe.
     */
    WaiterFuture next;

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = completeExceptionally(new WaiterCancelledException());
        return cancelled || isCancelled();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    /** Why a waiter's future completed: its caller cancelled it. */
    private static final class WaiterCancelledException extends CancellationException {

        private static final long serialVersionUID = 1L;

        WaiterCancelledException() {
            super("The waiter cancelled its future for the line's release");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
