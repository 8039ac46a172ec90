package io.github.operationqueue.line;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link Line#tryAcquireToken()} returns: either this caller now holds the line's {@link Token}
 * ({@link Success}), or another caller does and this one may wait for it ({@link Failure}).
 *
 * <p>Neither outcome should be dropped unread: a {@code Success} carries a token that must be
 * {@linkplain Token#close() closed}, or the line stays busy for good; a {@code Failure} carries a
 * future that belongs to this caller alone.
 *
 * @see Line
 */
public sealed interface AcquireOutcome permits AcquireOutcome.Success, AcquireOutcome.Failure {

    /**
     * This caller acquired the line: it holds {@code token} until it closes it.
     *
     * @param token the token that keeps the line busy until it is closed; never {@code null}
     */
    record Success(Token token) implements AcquireOutcome {

        /**
         * Creates a success outcome.
         *
         * @param token the held token
         * @throws NullPointerException if {@code token} is {@code null}
         */
        public Success {
            Objects.requireNonNull(token, "token");
        }
    }

    /**
     * Another caller holds the line's token.
     *
     * <p>{@code released} completes normally when that token is closed, on the thread that closes it.
     * It is this caller's own future: cancelling or completing it affects no other waiter and never
     * frees the line. A waiter does not get the line when it is released; it retries its own work,
     * which may mean calling {@link Line#tryAcquireToken()} again.
     *
     * @param released completes when the current holder closes its token; never {@code null}
     */
    record Failure(CompletableFuture<Void> released) implements AcquireOutcome {

        /**
         * Creates a failure outcome.
         *
         * @param released the future that completes when the holder releases the line
         * @throws NullPointerException if {@code released} is {@code null}
         */
        public Failure {
            Objects.requireNonNull(released, "released");
        }
    }

    /**
     * Substitutes a token this caller already holds for a {@link Failure}: the crate's {@code or_token}.
     *
     * <p>A caller that retries in a loop keeps the token it acquired in an earlier attempt, and on a
     * later attempt finds the line busy, with itself as the holder. This method turns that outcome
     * back into a {@link Success} carrying the held token. In that case the {@code Failure}'s future
     * is cancelled, since nobody will wait on it; this affects no other waiter.
     *
     * <p>The method does not check that {@code heldOrNull} belongs to the same line; passing a token
     * of another line is a programming error.
     *
     * @param heldOrNull the token the caller holds from an earlier attempt, or {@code null} if none
     * @return {@code new Success(heldOrNull)} if this is a {@code Failure} and {@code heldOrNull} is not
     *         {@code null}; otherwise this outcome itself
     */
    default AcquireOutcome orToken(Token heldOrNull) {
        // Design considerations: the crate takes an Option<Token> by value, moving the caller's token
        // into the outcome so that it cannot be used twice. Java cannot move a value, so the token is a
        // nullable reference and the caller reassigns its own variable from the Success it gets back.
        // Cancelling the unused Failure future keeps LineStats.waiters() honest; nobody else sees it.
        if (heldOrNull != null && this instanceof Failure failure) {
            failure.released().cancel(false);
            return new Success(heldOrNull);
        }
        return this;
    }
}
