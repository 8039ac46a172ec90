package io.github.operationqueue.line;

import java.util.concurrent.CompletableFuture;

/**
 * This process's hold of a {@link LineCoordinator}'s shared lock, from a successful
 * {@link LineCoordinator#tryAcquire()} until the line's token is closed. Part of the service provider
 * interface; applications never see a lease.
 *
 * <p>A coordinator keeps its lease alive while it is held (renewing its time to live, where its store
 * has one) and reports through {@link #lost()} when it can no longer vouch for the lock while this
 * process still holds the token: no renewal succeeded before its local deadline (which falls before
 * the store lets another process take the lock), or the store says the lock expired or was taken. The line logs that and tells its
 * {@link LineListener}s; it cannot undo it, since the two holders may both have acted.
 */
public interface LineLease {

    /**
     * Gives the lock back. Called once, by the thread that closes the line's token; must not block.
     *
     * @return a future that completes when the store has the lock back, or exceptionally if that
     *         failed (the lock then expires by its time to live); the line logs a failure. A lock that
     *         had already expired is reported through {@link #lost()} instead.
     */
    CompletableFuture<Void> release();

    /**
     * Completes, with the reason, if the lock turns out to have been lost while this process still
     * held the token; never completes for a lease released in time.
     *
     * @return the future the line watches
     */
    CompletableFuture<Exception> lost();

}
