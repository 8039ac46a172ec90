package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.function.Function;

import io.github.operationqueue.autoconfigure.OperationQueueProperties.Queue;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * One configured queue's settings after {@code operation-queue.defaults} were applied and the
 * values were checked.
 *
 * @param name the queue's name (and qualifier)
 * @param runners runners to start, at least 1
 * @param capacity the capacity, 0 for unbounded
 * @param executor the name of the executor bean, or {@code null} for the application's task
 *        executor (see {@link ApplicationExecutor})
 * @param executorProperty the property the executor name came from, for error messages
 * @param autoStart whether the lifecycle starts the runners
 * @param drainTimeout how long shutdown waits for the drain
 * @param budget operations a runner performs per dispatch, at least 1
 * @param flowControl the concurrency limit and start rate
 */
record QueueSettings(String name, int runners, int capacity, @Nullable String executor, String executorProperty,
        boolean autoStart, Duration drainTimeout, int budget, FlowControlSettings flowControl) {

    String beanName() {
        return OperationQueueNames.queueBeanName(this.name);
    }

    /**
     * Returns whether the queue whose own entry is {@code own} ({@code null} for an entry without
     * settings) is to be created, its own {@code enabled} taking precedence over the default's.
     */
    static boolean isEnabled(@Nullable Queue own, @Nullable Boolean enabledByDefault) {
        Boolean enabled = (own != null && own.getEnabled() != null) ? own.getEnabled() : enabledByDefault;
        return !Boolean.FALSE.equals(enabled);
    }

    /**
     * Resolves and checks the settings of the configured queue {@code name}: each setting its own
     * entry {@code own} leaves unset comes from {@code defaults}. A bad value is reported at the
     * property it came from (the queue's own, or the default), so that Spring Boot's failure
     * analysis can show where it was set.
     *
     * @param own the queue's entry, {@code null} for an entry without settings
     * @param classLoader the application's class loader, which the optional libraries of flow control
     *        must be found in
     * @throws InvalidConfigurationPropertyValueException for a value out of range
     */
    static QueueSettings resolve(String name, @Nullable Queue own, Queue defaults, @Nullable ClassLoader classLoader) {
        Setting at = new Setting(name, (own != null) ? own : new Queue(), defaults);
        int runners = checkRunners(at.path("runners", Queue::getRunners), at.value(Queue::getRunners));
        int capacity = checkCapacity(at.path("capacity", Queue::getCapacity), at.value(Queue::getCapacity));
        String executorProperty = at.path("executor", Queue::getExecutor);
        String executor = checkExecutor(executorProperty, at.value(Queue::getExecutor));
        Duration drainTimeout = checkDrainTimeout(at.path("drain-timeout", Queue::getDrainTimeout),
                at.value(Queue::getDrainTimeout));
        int budget = checkBudget(at.path("budget", Queue::getBudget), at.value(Queue::getBudget));
        return new QueueSettings(name, runners, capacity, executor, executorProperty,
                !Boolean.FALSE.equals(at.value(Queue::getAutoStart)), drainTimeout, budget,
                FlowControlSettings.resolve(runners, at, classLoader));
    }

    /** Checks {@code operation-queue.defaults} on its own, for an application with no queue yet. */
    static void checkDefaults(Queue defaults) {
        String path = OperationQueueRegistrar.DEFAULTS + ".";
        checkRunners(path + "runners", defaults.getRunners());
        checkCapacity(path + "capacity", defaults.getCapacity());
        checkExecutor(path + "executor", defaults.getExecutor());
        checkDrainTimeout(path + "drain-timeout", defaults.getDrainTimeout());
        checkBudget(path + "budget", defaults.getBudget());
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

    private static int checkBudget(String property, Integer budget) {
        if (budget == null || budget < 1) {
            throw new InvalidConfigurationPropertyValueException(property, budget,
                    "budget must be at least 1. Set " + property + " to the operations a runner performs before it "
                            + "gives its executor thread back, such as 64; a larger budget lets a backlog hold a "
                            + "shared executor longer.");
        }
        return budget;
    }

    /** An unset executor is fine (see {@link ApplicationExecutor}); a blank name is a mistake. */
    private static @Nullable String checkExecutor(String property, @Nullable String executor) {
        if (executor != null && executor.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(property, executor,
                    "the executor bean name is blank. Set " + property
                            + " to the name of an Executor bean, or remove it to use the executor Spring uses for "
                            + "@Async.");
        }
        return (executor != null) ? executor.trim() : null;
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

    /** A queue's setting and the property it came from: its own entry's, else the default's. */
    record Setting(String name, Queue own, Queue defaults) {

        <T> T value(Function<Queue, T> setting) {
            T own = setting.apply(this.own);
            return (own != null) ? own : setting.apply(this.defaults);
        }

        String path(String key, Function<Queue, Object> setting) {
            boolean fromQueue = setting.apply(this.own) != null;
            return (fromQueue ? OperationQueueRegistrar.QUEUES + "." + this.name : OperationQueueRegistrar.DEFAULTS)
                    + "." + key;
        }

    }

}
