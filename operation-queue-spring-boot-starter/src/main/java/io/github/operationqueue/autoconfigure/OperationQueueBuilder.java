package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.github.operationqueue.OperationDecorator;
import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.autoconfigure.FlowControlSettings.RateSettings;
import io.github.operationqueue.autoconfigure.OperationQueueProperties.Limit;
import io.github.operationqueue.autoconfigure.OperationQueueProperties.LimitAlgorithm;
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
 * <p>Flow control is set the same way, each setter standing for the queue property of the same name:
 * {@code builder.runners(100).limit(LimitAlgorithm.GRADIENT2).rate("50/s").build("remote")}.
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
     * Returns a builder whose queues let as many runners perform at once as the {@code algorithm}
     * allows ({@code limit.algorithm}), with the limit's {@code min}, {@code max} and {@code initial}
     * from {@code operation-queue.defaults}, else 1, the runners, and for an adaptive algorithm 20
     * within them. {@code GRADIENT2}, {@code VEGAS} and {@code AIMD} need Netflix's concurrency-limits on
     * the classpath; {@code BBR} and {@code FIXED} need no library.
     *
     * @param algorithm the algorithm
     * @return a new builder
     * @throws NullPointerException if {@code algorithm} is {@code null}
     */
    public OperationQueueBuilder limit(LimitAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm must not be null");
        return with((queue) -> queue.setLimit(limitSettings(algorithm, null, null, null)));
    }

    /**
     * Returns a builder whose queues' concurrency limit follows {@code algorithm} within
     * {@code [min, max]}, starting from {@code initial} ({@code limit.*}). {@code max} may not exceed
     * the queue's runners, which {@link #build} checks.
     *
     * @param algorithm the algorithm
     * @param min the lowest limit, at least 1
     * @param max the highest limit, at most the runners
     * @param initial the limit to start from
     * @return a new builder
     * @throws NullPointerException if {@code algorithm} is {@code null}
     * @throws IllegalArgumentException if not {@code 1 <= min <= initial <= max}
     */
    public OperationQueueBuilder limit(LimitAlgorithm algorithm, int min, int max, int initial) {
        Objects.requireNonNull(algorithm, "algorithm must not be null");
        check(min >= 1 && min <= initial && initial <= max,
                "a limit needs 1 <= min <= initial <= max, was min " + min + ", initial " + initial + ", max " + max);
        return with((queue) -> queue.setLimit(limitSettings(algorithm, min, max, initial)));
    }

    /**
     * Returns a builder whose queues start at most {@code rate} operations, such as {@code 50/s} or
     * {@code 600/min} ({@code rate}), as many at once as {@code operation-queue.defaults.rate-burst}
     * says, else 1 (evenly spread). Needs Resilience4j's rate limiter on the classpath.
     *
     * @param rate operations per second ({@code /s}) or per minute ({@code /min}), at least 1
     * @return a new builder
     * @throws NullPointerException if {@code rate} is {@code null}
     * @throws IllegalArgumentException if {@code rate} is malformed or too fine to schedule
     */
    public OperationQueueBuilder rate(String rate) {
        checkRate(rate, 1);
        return with((queue) -> {
            queue.setRate(rate);
            queue.setRateBurst(null);
        });
    }

    /**
     * Returns a builder whose queues start at most {@code rate} operations, up to {@code burst} of them
     * at once ({@code rate} and {@code rate-burst}).
     *
     * @param rate operations per second ({@code /s}) or per minute ({@code /min}), at least 1
     * @param burst how many may start at once, from 1 to the rate's count
     * @return a new builder
     * @throws NullPointerException if {@code rate} is {@code null}
     * @throws IllegalArgumentException if {@code rate} is malformed, {@code burst} is out of range, or
     *         the two are too fine to schedule
     */
    public OperationQueueBuilder rate(String rate, int burst) {
        checkRate(rate, burst);
        return with((queue) -> {
            queue.setRate(rate);
            queue.setRateBurst(burst);
        });
    }

    /**
     * Returns a builder whose queues' adaptive limit counts failures of {@code types} (and their
     * subclasses) as overload, in addition to the built-in {@code RemoteBackOffException} and
     * {@code TimeoutException} ({@code overload-on}).
     *
     * @param types the exception types that mean overload
     * @return a new builder
     * @throws NullPointerException if {@code types} or one of them is {@code null}
     */
    @SafeVarargs
    public final OperationQueueBuilder overloadOn(Class<? extends Throwable>... types) {
        List<String> names = Arrays.stream(types)
            .map((type) -> Objects.requireNonNull(type, "types must not contain null").getName())
            .toList();
        return with((queue) -> queue.setOverloadOn(names));
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
     * @throws IllegalArgumentException if {@code name} is not kebab-case, or the limit's max given to
     *         this builder exceeds the queue's runners
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
        checkLimitWithinRunners();
        return this.factory.build(QueueSettings.resolve(name, this.settings, this.factory.defaults(),
                this.factory.classLoader()), this.executor);
    }

    /** The one check of a value given here that needs another: reported as the builder's, not as a property's. */
    private void checkLimitWithinRunners() {
        Limit limit = this.settings.getLimit();
        if (limit == null || limit.getMax() == null) {
            return;
        }
        Integer runners = (this.settings.getRunners() != null) ? this.settings.getRunners()
                : this.factory.defaults().getRunners();
        if (runners != null) {
            check(limit.getMax() <= runners, "the limit's max (" + limit.getMax() + ") exceeds the queue's runners ("
                    + runners + "): no more operations can be in flight than there are runners. Give the builder "
                    + "runners(" + limit.getMax() + ") or more, or a lower max.");
        }
    }

    private static void checkRate(String rate, int burst) {
        Objects.requireNonNull(rate, "rate must not be null");
        RateSettings parsed = RateSettings.parse(rate, burst);
        check(parsed != null, "rate must count operations per second or per minute, at least 1, like 50/s or "
                + "600/min; was '" + rate + "'");
        check(parsed.burstWithinCount(), "burst must be from 1 to the rate's count (" + parsed.permits() + "), was "
                + burst);
        check(parsed.schedulable(), "the rate " + rate + " with burst " + burst + " is too fine to schedule; lower "
                + "the rate or raise the burst");
    }

    private static Limit limitSettings(LimitAlgorithm algorithm, @Nullable Integer min, @Nullable Integer max,
            @Nullable Integer initial) {
        Limit limit = new Limit();
        limit.setAlgorithm(algorithm);
        limit.setMin(min);
        limit.setMax(max);
        limit.setInitial(initial);
        return limit;
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
        // Shared with the builder this one came from: neither is changed once set.
        copy.setLimit(this.settings.getLimit());
        copy.setRate(this.settings.getRate());
        copy.setRateBurst(this.settings.getRateBurst());
        copy.setOverloadOn(this.settings.getOverloadOn());
        change.accept(copy);
        return new OperationQueueBuilder(this.factory, copy, this.executor);
    }

    private static void check(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException(message);
        }
    }

}
