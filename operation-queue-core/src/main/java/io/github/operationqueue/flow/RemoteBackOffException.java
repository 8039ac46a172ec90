package io.github.operationqueue.flow;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by an operation (or completing its stage) to tell its queue that the remote asks for quiet: an
 * HTTP {@code Retry-After}, a back-off hint in a response. The queue that sees an operation fail with it
 * starts no operation for {@link #quiet()}; operations already running finish, and the operation itself
 * fails as usual (its {@code submit} future gets this exception, after the quiet has begun: a retry the
 * caller enqueues from that future's callback waits for the quiet too). It counts as overload for an adaptive
 * {@link ConcurrencyLimit}. {@code OperationQueue.backOff(Duration)} does the same from anywhere.
 */
public class RemoteBackOffException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How long the remote asked for quiet. */
    private final Duration quiet;

    /**
     * Creates the exception.
     *
     * @param quiet how long the remote asks the queue to start nothing; zero or negative asks for none
     * @param message what the remote answered
     * @throws NullPointerException if {@code quiet} is {@code null}
     */
    public RemoteBackOffException(Duration quiet, String message) {
        this(quiet, message, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param quiet how long the remote asks the queue to start nothing; zero or negative asks for none
     * @param message what the remote answered
     * @param cause the failure that carried the hint, or {@code null}
     * @throws NullPointerException if {@code quiet} is {@code null}
     */
    public RemoteBackOffException(Duration quiet, String message, Throwable cause) {
        super(message, cause);
        this.quiet = Objects.requireNonNull(quiet, "quiet must not be null: give the time the remote asked for");
    }

    /**
     * Returns how long the remote asks for quiet.
     *
     * @return the duration
     */
    public Duration quiet() {
        return this.quiet;
    }
}
