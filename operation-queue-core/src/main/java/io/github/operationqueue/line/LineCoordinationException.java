package io.github.operationqueue.line;

/**
 * A distributed {@link Line} could not coordinate with the other processes: its
 * {@link LineCoordinator} failed or timed out while acquiring the shared lock or while waiting for
 * another process to release it. The message names the line; the cause is the coordinator's failure.
 *
 * <p>Nobody holds the line's token because of the failed attempt: the line is free again, and a
 * later attempt asks the coordinator anew.
 */
public class LineCoordinationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, with the line's name
     * @param cause the coordinator's failure
     */
    public LineCoordinationException(String message, Throwable cause) {
        super(message, cause);
    }

}
