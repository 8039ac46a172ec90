package io.github.operationqueue.autoconfigure.observation;

import io.micrometer.common.KeyValues;

/**
 * What {@link DefaultOperationQueueObservationConvention} names every operation of one queue, built once
 * per queue by its {@link ObservationOperationDecorator} and carried by each operation's context, so that
 * naming an operation builds no string and no key values, and a convention shared by several queues keeps
 * no state.
 */
record QueueNames(String queueName, String contextualName, KeyValues lowCardinalityKeyValues) {

    static QueueNames of(String queueName) {
        return new QueueNames(queueName, queueName + " operation",
                KeyValues.of(DefaultOperationQueueObservationConvention.QUEUE, queueName));
    }

}
