package io.github.operationqueue.autoconfigure.observation;

import io.micrometer.common.KeyValues;

/**
 * The default convention: name {@value #NAME}, contextual name (the span name, with tracing)
 * {@code "<queue> operation"}, and the low-cardinality key {@value #QUEUE} whose value is the
 * queue's name. No high-cardinality key: an operation's text never becomes a key value.
 */
public class DefaultOperationQueueObservationConvention implements OperationQueueObservationConvention {

    /** The observation's name, {@code operation.queue.operation}. */
    public static final String NAME = "operation.queue.operation";

    /** The low-cardinality key whose value is the queue's name. */
    public static final String QUEUE = "queue";

    // The names of the queue seen last, built once: each queue's decorator has its own convention, so
    // every operation of that queue finds them here instead of building a string and key values.
    private volatile QueueNames last;

    /** Creates the default convention. */
    public DefaultOperationQueueObservationConvention() {
    }

    /**
     * Returns {@value #NAME}.
     *
     * @return the observation's name
     */
    @Override
    public String getName() {
        return NAME;
    }

    /**
     * Returns {@code "<queue> operation"}.
     *
     * @param context the operation's context
     * @return the contextual name
     */
    @Override
    public String getContextualName(OperationQueueObservationContext context) {
        return namesOf(context).contextualName();
    }

    /**
     * Returns the {@value #QUEUE} key with the queue's name.
     *
     * @param context the operation's context
     * @return the low-cardinality key values
     */
    @Override
    public KeyValues getLowCardinalityKeyValues(OperationQueueObservationContext context) {
        return namesOf(context).lowCardinalityKeyValues();
    }

    private QueueNames namesOf(OperationQueueObservationContext context) {
        String queueName = context.getQueueName();
        QueueNames names = this.last;
        if (names == null || !names.queueName().equals(queueName)) {
            names = new QueueNames(queueName, queueName + " operation", KeyValues.of(QUEUE, queueName));
            this.last = names;
        }
        return names;
    }

    private record QueueNames(String queueName, String contextualName, KeyValues lowCardinalityKeyValues) {
    }

}
