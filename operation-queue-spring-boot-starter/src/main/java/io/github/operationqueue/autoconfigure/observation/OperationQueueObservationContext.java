package io.github.operationqueue.autoconfigure.observation;

import java.util.Objects;

import io.micrometer.observation.Observation;

/**
 * The context of the observation of one operation performed by an operation queue.
 */
public class OperationQueueObservationContext extends Observation.Context {

    private final String queueName;

    /**
     * Creates the context of an operation performed by the queue {@code queueName}.
     *
     * @param queueName the name of the queue that performs the operation
     * @throws NullPointerException if {@code queueName} is {@code null}
     */
    public OperationQueueObservationContext(String queueName) {
        this.queueName = Objects.requireNonNull(queueName, "queueName must not be null");
    }

    /**
     * Returns the name of the queue that performs the operation.
     *
     * @return the queue's name
     */
    public String getQueueName() {
        return this.queueName;
    }

}
