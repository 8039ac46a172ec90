package io.github.operationqueue.line;

import java.time.Duration;

/**
 * Receives a line's activity, for metrics and tracing. Register with {@link Line#addListener}.
 *
 * <p>Thread: each method runs synchronously on the thread that caused the event: the caller of
 * {@link Line#tryAcquireToken()} for {@link #acquired} and {@link #busy}, the thread closing the token
 * for {@link #released}. On a distributed line, {@link #acquired}, {@link #coordinationFailed} and
 * {@link #leaseLost} run on the thread that delivers the {@link LineCoordinator}'s answer, and the
 * {@link #busy} of the caller that asked the coordinator as well. Implementations must be thread-safe,
 * quick, and must not block; they must not acquire or release the line they observe.
 *
 * <p>Failure: an exception or error thrown by a listener is caught and logged with the line's name (the
 * first failure of a listener at WARN, later ones at DEBUG) and never reaches the caller of the line;
 * the line carries on, its token neither lost nor kept.
 *
 * <p>For the number of current waiters and other counters, read {@link Line#stats()}.
 */
public interface LineListener {

    /**
     * Called after a caller acquired the line's token.
     *
     * @param line the observed line
     */
    default void acquired(Line line) {
    }

    /**
     * Called after a caller tried to acquire the line's token and got an
     * {@link AcquireOutcome.Failure} because another caller held it.
     *
     * @param line the observed line
     */
    default void busy(Line line) {
    }

    /**
     * Called after a token was closed and the line freed, and after the waiters' futures were completed.
     *
     * @param line the observed line
     * @param held how long the token was held
     */
    default void released(Line line, Duration held) {
    }

    /**
     * Called when a distributed line's {@link LineCoordinator} failed or timed out, while acquiring the
     * shared lock or while waiting for another process to release it; the callers of that attempt get
     * {@code failure}. Never called for a local line.
     *
     * @param line the observed line
     * @param failure the exception the callers get
     */
    default void coordinationFailed(Line line, LineCoordinationException failure) {
    }

    /**
     * Called when a distributed line finds that the shared lock was lost while a caller in this process
     * still held the token: its coordinator could not renew it before a local deadline that falls before
     * the lock's time to live ends (so this comes before another process can take it), or the store
     * reports it expired or taken, in which case two processes may have acted as holder. The token says
     * so too ({@link Token#isLeaseLost()}). Never called for a local line.
     *
     * @param line the observed line
     * @param reason what the coordinator found
     */
    default void leaseLost(Line line, Exception reason) {
    }
}
