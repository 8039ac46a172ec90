package io.github.operationqueue.autoconfigure;

import java.time.Duration;

/**
 * One configured queue's settings after {@code operation-queue.defaults} were applied and the
 * values were checked.
 *
 * @param name the queue's name (and qualifier)
 * @param runners runners to start, at least 1
 * @param capacity the capacity, 0 for unbounded
 * @param executor the name of the executor bean
 * @param executorProperty the property the executor name came from, for error messages
 * @param autoStart whether the lifecycle starts the runners
 * @param drainTimeout how long shutdown waits for the drain
 */
record QueueSettings(String name, int runners, int capacity, String executor, String executorProperty,
        boolean autoStart, Duration drainTimeout) {

    String beanName() {
        return OperationQueueNames.queueBeanName(this.name);
    }

}
