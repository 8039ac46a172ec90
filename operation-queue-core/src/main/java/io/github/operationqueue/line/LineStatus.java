package io.github.operationqueue.line;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link Line#status()} returns: whether the line's token is held, without trying to acquire it.
 *
 * <p>A status is a snapshot that may be stale as soon as it is returned: a {@link Free} line may be
 * acquired by another thread, and a {@link Busy} line may already be free again (its future is then
 * complete, or about to be).
 *
 * @see Line
 */
public sealed interface LineStatus permits LineStatus.Free, LineStatus.Busy {

    /** Nobody held the line's token when the status was taken. */
    record Free() implements LineStatus {
    }

    /**
     * Somebody held the line's token when the status was taken.
     *
     * <p>{@code released} completes normally when that token is closed, on the thread that closes it.
     * Like {@link AcquireOutcome.Failure#released()}, it is this caller's own future.
     *
     * @param released completes when the holder at the time of the status closes its token
     */
    record Busy(CompletableFuture<Void> released) implements LineStatus {

        /**
         * Creates a busy status.
         *
         * @param released the future that completes when the holder releases the line
         * @throws NullPointerException if {@code released} is {@code null}
         */
        public Busy {
            Objects.requireNonNull(released, "released");
        }
    }
}
