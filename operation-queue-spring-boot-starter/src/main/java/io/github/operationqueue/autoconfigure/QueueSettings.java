package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.function.Function;

import io.github.operationqueue.autoconfigure.OperationQueueProperties.Queue;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

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

    /**
     * Resolves and checks the settings of the configured queue {@code name}. A bad value is
     * reported at the property it came from (the queue's own, or the default), so that Spring
     * Boot's failure analysis can show where it was set.
     *
     * @throws InvalidConfigurationPropertyValueException for a value out of range
     */
    static QueueSettings resolve(String name, OperationQueueProperties properties) {
        Queue own = properties.getQueues().get(name);
        Queue effective = properties.effectiveQueue(name);
        Properties at = new Properties(name, own);
        int runners = checkRunners(at.path("runners", Queue::getRunners), effective.getRunners());
        int capacity = checkCapacity(at.path("capacity", Queue::getCapacity), effective.getCapacity());
        String executorProperty = at.path("executor", Queue::getExecutor);
        String executor = checkExecutor(executorProperty, effective.getExecutor());
        Duration drainTimeout = checkDrainTimeout(at.path("drain-timeout", Queue::getDrainTimeout),
                effective.getDrainTimeout());
        return new QueueSettings(name, runners, capacity, executor, executorProperty,
                !Boolean.FALSE.equals(effective.getAutoStart()), drainTimeout);
    }

    /** Checks {@code operation-queue.defaults} on its own, for an application with no queue yet. */
    static void checkDefaults(Queue defaults) {
        String path = OperationQueueRegistrar.PREFIX + ".defaults.";
        checkRunners(path + "runners", defaults.getRunners());
        checkCapacity(path + "capacity", defaults.getCapacity());
        checkExecutor(path + "executor", defaults.getExecutor());
        checkDrainTimeout(path + "drain-timeout", defaults.getDrainTimeout());
    }

    private static int checkRunners(String property, Integer runners) {
        if (runners == null || runners < 1) {
            throw new InvalidConfigurationPropertyValueException(property, runners,
                    "runners must be at least 1. Set " + property
                            + " to 1 or more (the number of operations performed at the same time); to keep a queue "
                            + "from performing anything until later, set auto-start to false instead.");
        }
        return runners;
    }

    private static int checkCapacity(String property, Integer capacity) {
        if (capacity == null || capacity < 0) {
            throw new InvalidConfigurationPropertyValueException(property, capacity,
                    "capacity must not be negative. Set " + property
                            + " to 0 for an unbounded queue, or to the most operations the queue may hold.");
        }
        return capacity;
    }

    private static String checkExecutor(String property, String executor) {
        if (executor == null || executor.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(property, executor,
                    "no executor bean name is set. Set " + property
                            + " to the name of an Executor bean, such as applicationTaskExecutor.");
        }
        return executor.trim();
    }

    private static Duration checkDrainTimeout(String property, Duration drainTimeout) {
        if (drainTimeout == null || drainTimeout.isNegative()) {
            throw new InvalidConfigurationPropertyValueException(property, drainTimeout,
                    "drain-timeout must not be " + ((drainTimeout != null) ? "negative" : "empty") + ". Set "
                            + property + " to how long shutdown may wait for accepted operations, such as 30s; "
                            + "0s abandons what is queued at once.");
        }
        return drainTimeout;
    }

    /** Names the property a queue's setting came from: its own entry's, else the default's. */
    private record Properties(String name, Queue own) {

        String path(String key, Function<Queue, Object> setting) {
            boolean fromQueue = this.own != null && setting.apply(this.own) != null;
            return OperationQueueRegistrar.PREFIX + (fromQueue ? ".queues." + this.name : ".defaults") + "." + key;
        }

    }

}
