package io.github.operationqueue.line;

import java.time.Duration;

/**
 * Receives a line's activity, for metrics and tracing. Register with {@link Line#addListener}.
 *
 * <p>Thread: each method runs synchronously on the thread that caused the event: the caller of
 * {@link Line#tryAcquireToken()} for {@link #acquired} and {@link #busy}, the thread closing the token
 * for {@link #released}. Implementations must be thread-safe, quick, and must not block; they must not
 * acquire or release the line they observe.
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
}
