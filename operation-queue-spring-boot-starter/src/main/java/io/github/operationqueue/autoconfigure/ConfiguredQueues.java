package io.github.operationqueue.autoconfigure;

import java.util.List;

/**
 * The queues built from {@code operation-queue.queues}, in configuration order; a bean that the
 * {@link OperationQueueRegistrar} registers for {@link OperationQueueLifecycle}.
 *
 * @param queues the settings of each queue
 */
record ConfiguredQueues(List<QueueSettings> queues) {

    /** The bean name of this holder. */
    static final String BEAN_NAME = "operationQueue.configuredQueues";

    ConfiguredQueues {
        queues = List.copyOf(queues);
    }

}
