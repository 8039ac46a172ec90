package io.github.operationqueue.autoconfigure;

/**
 * Thrown at startup when the operation-queue configuration cannot work: a property out of range,
 * a malformed queue or line name, an executor bean that is missing or is not an executor, or
 * {@link LineScoped @LineScoped} on an injection point that is not a {@code Line}.
 * {@link OperationQueueFailureAnalyzer} turns it into a failure analysis.
 */
public class InvalidOperationQueueConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The full property path, or the injection point, at fault. */
    private final String propertyPath;

    /** What is wrong. */
    private final String reason;

    /** How to fix it. */
    private final String action;

    /**
     * Creates an exception for a bad configuration.
     *
     * @param propertyPath the full property path (such as
     *        {@code operation-queue.queues.remote-service.runners}) or the injection point at fault
     * @param reason what is wrong, as a sentence
     * @param action how to fix it, as a sentence
     */
    public InvalidOperationQueueConfigurationException(String propertyPath, String reason, String action) {
        super(propertyPath + ": " + reason + " " + action);
        this.propertyPath = propertyPath;
        this.reason = reason;
        this.action = action;
    }

    /**
     * Returns the full property path, or the injection point, at fault.
     *
     * @return the property path
     */
    public String getPropertyPath() {
        return this.propertyPath;
    }

    /**
     * Returns what is wrong.
     *
     * @return the reason
     */
    public String getReason() {
        return this.reason;
    }

    /**
     * Returns how to fix it.
     *
     * @return the action
     */
    public String getAction() {
        return this.action;
    }

}
