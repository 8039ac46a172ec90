package io.github.operationqueue;

/**
 * Thrown, or used to fail a future, when an {@link OperationQueue} was asked to start runners
 * or accept an operation after {@link OperationQueue#stop()} was called. An operation refused
 * with this exception was never accepted and will not be performed.
 */
public class QueueStoppedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for the named queue.
     *
     * @param queueName the name of the stopped queue
     * @param action what was refused, such as "accept operation"
     */
    public QueueStoppedException(String queueName, String action) {
        super("Operation queue '" + queueName + "' is stopped and cannot " + action);
    }
}
