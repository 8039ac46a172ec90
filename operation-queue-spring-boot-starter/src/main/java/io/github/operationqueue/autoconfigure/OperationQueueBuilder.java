package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.github.operationqueue.OperationDecorator;
import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.autoconfigure.OperationQueueProperties.Queue;
import org.jspecify.annotations.Nullable;

/**
 * Builds operation queues that the application creates in code, with what the starter gives the
 * queues of {@code operation-queue.queues}: the same executor choice (the executor Spring uses for
 * {@code @Async}, unless {@link #executor(Executor)} names one), the {@link OperationDecorator}
 * beans, observation and context propagation, the {@link OperationQueueCustomizer} beans, a place
 * in the {@link OperationQueues} registry (so meters, the {@code operationqueues} endpoint and
 * health see the queue), a start when the application context starts and a drain, with its
 * drain-timeout, when it stops. Spring Boot offers {@code ThreadPoolTaskExecutorBuilder} the same
 * way. A setting left unset comes from {@code operation-queue.defaults}.
 *
 * <pre class="code">
 * &#64;Bean
 * OperationQueue imports(OperationQueueBuilder builder) {
 *     return builder.runners(4).capacity(1_000).build("imports");
 * }
 * </pre>
 *
 * <p>Instances are immutable: each setter returns a new builder, so the bean can be shared.
 * Threads: thread-safe; {@link #build} runs the customizers on the calling thread, and starts the
 * queue at once when the context is already running.
 */
public final class OperationQueueBuilder {

    private final OperationQueueFactory factory;

    /** The settings given so far; never changed once this builder exists. */
    private final Queue settings;

    private final @Nullable Executor executor;

    OperationQueueBuilder(OperationQueueFactory factory) {
        this(factory, new Queue(), null);
    }

    private OperationQueueBuilder(OperationQueueFactory factory, Queue settings, @Nullable Executor executor) {
        this.factory = factory;
        this.settings = settings;
        this.executor = executor;
    }

    /**
     * Returns a builder whose queues start {@code runners} runners.
     *
     * @param runners operations performed at the same time, at least 1
     * @return a new builder
     * @throws IllegalArgumentException if {@code runners} is less than 1
     */
    public OperationQueueBuilder runners(int runners) {
        check(runners >= 1, "runners must be at least 1, was " + runners);
        return with((queue) -> queue.setRunners(runners));
    }

    /**
     * Returns a builder whose queues hold at most {@code capacity} operations.
     *
     * @param capacity the capacity; 0 for an unbounded queue
     * @return a new builder
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public OperationQueueBuilder capacity(int capacity) {
        check(capacity >= 0, "capacity must not be negative, was " + capacity);
        return with((queue) -> queue.setCapacity(capacity));
    }

    /**
     * Returns a builder whose runners perform at most {@code operations} operations per dispatch.
     *
     * @param operations the budget, at least 1
     * @return a new builder
     * @throws IllegalArgumentException if {@code operations} is less than 1
     */
    public OperationQueueBuilder budget(int operations) {
        check(operations >= 1, "budget must be at least 1, was " + operations);
        return with((queue) -> queue.setBudget(operations));
    }

    /**
     * Returns a builder whose queues start their runners with the context ({@code true}), or wait
     * for the application to call {@link OperationQueue#start(int)}.
     *
     * @param autoStart whether to start the runners when the context starts
     * @return a new builder
     */
    public OperationQueueBuilder autoStart(boolean autoStart) {
        return with((queue) -> queue.setAutoStart(autoStart));
    }

    /**
     * Returns a builder whose queues wait at most {@code drainTimeout} on shutdown for accepted
     * operations before abandoning what is left.
     *
     * @param drainTimeout the drain timeout, zero or more
     * @return a new builder
     * @throws IllegalArgumentException if {@code drainTimeout} is negative
     * @throws NullPointerException if {@code drainTimeout} is {@code null}
     */
    public OperationQueueBuilder drainTimeout(Duration drainTimeout) {
        Objects.requireNonNull(drainTimeout, "drainTimeout must not be null");
        check(!drainTimeout.isNegative(), "drainTimeout must not be negative, was " + drainTimeout);
        return with((queue) -> queue.setDrainTimeout(drainTimeout));
    }

    /**
     * Returns a builder whose queues run on {@code executor} instead of the executor Spring uses
     * for {@code @Async}.
     *
     * @param executor the executor
     * @return a new builder
     * @throws NullPointerException if {@code executor} is {@code null}
     */
    public OperationQueueBuilder executor(Executor executor) {
        return new OperationQueueBuilder(this.factory, this.settings,
                Objects.requireNonNull(executor, "executor must not be null"));
    }

    /**
     * Builds the queue {@code name}, lists it in the registry and hands it to the lifecycle that
     * starts and drains the configured queues.
     *
     * @param name the queue's name, kebab-case (it tags its meters)
     * @return the queue
     * @throws IllegalArgumentException if {@code name} is not kebab-case
     * @throws IllegalStateException if a queue of that name exists already
     * @throws InvalidOperationQueueConfigurationException if no executor was given and Spring's
     *         choice of one is open (see {@link #executor(Executor)})
     */
    public OperationQueue build(String name) {
        if (!OperationQueueNames.isValid(name)) {
            throw new IllegalArgumentException("The queue name '" + name + "' is not kebab-case "
                    + "([a-z0-9]+(-[a-z0-9]+)*); use lowercase letters and digits joined by single hyphens, for example '"
                    + OperationQueueNames.suggest(String.valueOf(name)) + "'");
        }
        return this.factory.build(QueueSettings.resolve(name, this.settings, this.factory.defaults(),
                this.factory.classLoader()), this.executor);
    }

    private OperationQueueBuilder with(Consumer<Queue> change) {
        Queue copy = new Queue();
        copy.setEnabled(this.settings.getEnabled());
        copy.setRunners(this.settings.getRunners());
        copy.setCapacity(this.settings.getCapacity());
        copy.setExecutor(this.settings.getExecutor());
        copy.setAutoStart(this.settings.getAutoStart());
        copy.setDrainTimeout(this.settings.getDrainTimeout());
        copy.setBudget(this.settings.getBudget());
        change.accept(copy);
        return new OperationQueueBuilder(this.factory, copy, this.executor);
    }

    private static void check(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException(message);
        }
    }

}
