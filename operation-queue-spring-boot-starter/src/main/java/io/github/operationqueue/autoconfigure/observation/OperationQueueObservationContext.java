package io.github.operationqueue.autoconfigure.observation;

import java.util.Objects;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The context of the observation of one operation performed by an operation queue.
 */
public class OperationQueueObservationContext extends Observation.Context {

    private final String queueName;

    private final @Nullable QueueNames names;

    /**
     * Creates the context of an operation performed by the queue {@code queueName}.
     *
     * @param queueName the name of the queue that performs the operation
     * @throws NullPointerException if {@code queueName} is {@code null}
     */
    public OperationQueueObservationContext(String queueName) {
        this.queueName = Objects.requireNonNull(queueName, "queueName must not be null");
        this.names = null;
    }

    /** The context of an operation observed by the decorator of the queue that {@code names} names. */
    OperationQueueObservationContext(QueueNames names) {
        this.queueName = names.queueName();
        this.names = names;
    }

    /**
     * Returns the name of the queue that performs the operation.
     *
     * @return the queue's name
     */
    public String getQueueName() {
        return this.queueName;
    }

    @Nullable QueueNames names() {
        return this.names;
    }

}
