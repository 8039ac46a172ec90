package io.github.operationqueue.autoconfigure;

import java.util.List;

/**
 * The queues and lines of {@code operation-queue.*}, resolved and checked by the
 * {@link OperationQueueRegistrar}, which registers this as a bean for the lifecycle and the
 * {@code Lines} registry.
 *
 * @param queues the settings of each configured queue, in configuration order
 * @param lines the names of the configured lines, in configuration order
 */
record ResolvedSettings(List<QueueSettings> queues, List<String> lines) {

    /** The bean name of this holder. */
    static final String BEAN_NAME = "operationQueue.resolvedSettings";

    ResolvedSettings {
        queues = List.copyOf(queues);
        lines = List.copyOf(lines);
    }

}
