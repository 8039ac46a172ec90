package io.github.operationqueue.autoconfigure.actuate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What the {@code operationqueues} endpoint shows of every queue.
 *
 * @param queues each queue's descriptor by name, in name order
 */
public record QueuesDescriptor(Map<String, QueueDescriptor> queues) implements OperationResponseBody {

    /**
     * Creates a descriptor; the map is copied, keeping its order.
     *
     * @param queues each queue's descriptor by name
     */
    public QueuesDescriptor {
        queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
    }

}
