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

    // The decorator's contexts carry their queue's names; a context built elsewhere gets them built here.
    private static QueueNames namesOf(OperationQueueObservationContext context) {
        QueueNames names = context.names();
        return (names != null) ? names : QueueNames.of(context.getQueueName());
    }

}
