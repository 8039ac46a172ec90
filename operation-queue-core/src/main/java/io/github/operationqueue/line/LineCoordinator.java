package io.github.operationqueue.line;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Extends one {@link Line} beyond this process: a lock in a store that every instance of the
 * application shares (a database table, Redis), so that across all of them at most one token of the
 * line is held at a time. Service provider interface: applications pass an implementation to
 * {@link Line#Line(String, LineCoordinator)} (the Spring Boot starter builds one from a Spring
 * Integration {@code LockRegistry}); they never call it themselves.
 *
 * <p><b>How a line uses it.</b> The line coalesces its own callers first: while one of them asks the
 * coordinator, holds the lock or waits for another instance, every other caller in this process is
 * told the line is busy, so a coordinator sees at most one {@link #tryAcquire()} or
 * {@link #awaitRelease()} in progress at a time and at most one {@link LineLease} outstanding. A
 * coordinator serves exactly one line.
 *
 * <p><b>Threads.</b> Both methods must return at once, without blocking on I/O, and do the work on
 * threads of their own. They must complete their futures on a thread that may run the line's code:
 * the winner's {@link Line#coalesce} handler and the waiters' dependent stages run on it. So it must
 * not be a thread that the coordinator's own lock operations need (a lock held by one thread, a
 * client's event loop).
 *
 * <p><b>Bounds.</b> {@link #tryAcquire()} must complete within {@link #acquireTimeout()}; the line fails
 * the future with a {@link java.util.concurrent.TimeoutException} once that has passed, and a lock
 * obtained after that must be given back (the future, already complete, refuses the lease). A
 * coordinator must complete {@link #awaitRelease()} exceptionally, rather than keep waiting, as soon as
 * it cannot reach its store.
 */
public interface LineCoordinator {

    /**
     * Tries once to take the shared lock for this process, without waiting for another holder.
     *
     * @return a future that completes with the lease if this process now holds the lock, with
     *         {@code null} if another process holds it, or exceptionally if the store could not be
     *         asked (the lock is then not held)
     */
    CompletableFuture<LineLease> tryAcquire();

    /**
     * Waits, without taking it, until no other process holds the shared lock: its holder released it,
     * or its lock expired because the holder stopped renewing it.
     *
     * @return a future that completes normally once the lock was seen free, or exceptionally if the
     *         store cannot be reached or the coordinator was closed
     */
    CompletableFuture<Void> awaitRelease();

    /**
     * Returns how long {@link #tryAcquire()} may take before the line gives up on it.
     *
     * @return a positive duration
     */
    Duration acquireTimeout();

}
