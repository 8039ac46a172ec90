package io.github.operationqueue.micrometer;

import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.RunnerState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the meters of one {@link OperationQueue}, each tagged {@value MeterNames#QUEUE} with the
 * queue's {@link OperationQueue#name() name} plus the extra tags given to the constructor:
 * <ul>
 * <li>{@value MeterNames#QUEUE_DEPTH} (gauge, operations): operations accepted and not yet
 * started;</li>
 * <li>{@value MeterNames#QUEUE_RUNNERS} (gauge, runners), tag {@value MeterNames#STATE}
 * {@code pending}, {@code waiting}, {@code running} or {@code stopped}: the runners in each
 * {@link RunnerState};</li>
 * <li>{@value MeterNames#QUEUE_OPERATIONS} (function counter, operations), tag
 * {@value MeterNames#OUTCOME} {@code success}, {@code failure} or {@code abandoned}: operations that
 * left the queue for good; and {@code refused}: enqueues that were waiting for room when the queue
 * stopped, never accepted;</li>
 * <li>{@value MeterNames#QUEUE_WAIT} (timer): time from an operation's acceptance to its
 * start;</li>
 * <li>{@value MeterNames#QUEUE_EXECUTION} (timer), tag {@value MeterNames#OUTCOME} {@code success}
 * or {@code failure}: time from an operation's start to the completion of its stage.</li>
 * </ul>
 * Timers are in the registry's base time unit.
 *
 * <p><b>Sources.</b> Gauges and function counters read {@link OperationQueue#stats()} when the
 * registry publishes them, so they cost nothing while operations run, and the counters count
 * every operation since the queue was created. They hold the queue weakly, as Micrometer gauges
 * do: the application keeps the queue alive (as this binder does, for as long as it is
 * referenced). Timers are fed by an {@link io.github.operationqueue.OperationQueueListener} that
 * {@link #bindTo} adds to the queue, so they see the operations started and completed after
 * binding.
 *
 * <p><b>Lifecycle.</b> Bind each queue once per registry: {@link #bindTo} may be called for
 * several registries (each gets its own meters and listener), and a second call for the same
 * registry is ignored. {@link #close()} removes every meter this binder registered and its
 * listeners, and is final: a later {@code bindTo} registers nothing. Two binders for the same queue
 * in the same registry would share meters and count timings twice.
 *
 * <p><b>Failure.</b> Binding never throws for a meter the registry refuses (say, a meter of
 * another type already has its name and tags): that meter is logged with the queue's name and
 * skipped, and the others are registered.
 *
 * <p><b>Threads.</b> Thread-safe. {@link #bindTo} and {@link #close()} run on the calling thread
 * and are serialized; they block only for as long as the registry takes to add or remove a meter.
 * Gauge and counter functions run on the thread that publishes the registry and never block;
 * timers are recorded on the queue's runner threads, after the operation's own work.
 */
public final class OperationQueueMetrics implements MeterBinder, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(OperationQueueMetrics.class);

    private static final String RUNNERS = "runners";

    private final OperationQueue queue;

    private final Tags tags;

    private final MeterBindings bindings;

    /**
     * Creates a binder for {@code queue}, with no tag other than {@value MeterNames#QUEUE}.
     *
     * @param queue the queue to observe
     * @throws NullPointerException if {@code queue} is {@code null}
     */
    public OperationQueueMetrics(OperationQueue queue) {
        this(queue, Tags.empty());
    }

    /**
     * Creates a binder for {@code queue} that adds {@code tags} to every meter. The
     * {@value MeterNames#QUEUE} tag is always the queue's name, whatever {@code tags} holds.
     *
     * @param queue the queue to observe
     * @param tags extra tags for every meter, such as the application's name
     * @throws NullPointerException if {@code queue} or {@code tags} is {@code null}
     */
    public OperationQueueMetrics(OperationQueue queue, Iterable<Tag> tags) {
        this.queue = Objects.requireNonNull(queue, "queue must not be null");
        Objects.requireNonNull(tags, "tags must not be null");
        this.tags = Tags.of(tags).and(MeterNames.QUEUE, queue.name());
        this.bindings = new MeterBindings(queue.name(), logger);
    }

    /**
     * Creates a binder for {@code queue} and binds it to {@code registry}; close the returned
     * binder to remove the meters again.
     *
     * @param registry the registry to publish to
     * @param queue the queue to observe
     * @param tags extra tags for every meter
     * @return the bound binder
     * @throws NullPointerException if an argument is {@code null}
     */
    public static OperationQueueMetrics monitor(MeterRegistry registry, OperationQueue queue, Iterable<Tag> tags) {
        OperationQueueMetrics metrics = new OperationQueueMetrics(queue, tags);
        metrics.bindTo(registry);
        return metrics;
    }

    /**
     * Creates a binder for {@code queue} and binds it to {@code registry}; close the returned
     * binder to remove the meters again.
     *
     * @param registry the registry to publish to
     * @param queue the queue to observe
     * @param tags extra tags for every meter, as key and value pairs
     * @return the bound binder
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code tags} has an odd number of elements
     */
    public static OperationQueueMetrics monitor(MeterRegistry registry, OperationQueue queue, String... tags) {
        return monitor(registry, queue, Tags.of(tags));
    }

    /**
     * Registers this queue's meters in {@code registry} and adds the listener that feeds its
     * timers to the queue. Does nothing if this binder is already bound to {@code registry} or
     * was closed. A meter the registry refuses is logged and skipped; see the class description.
     *
     * @param registry the registry to publish to
     * @throws NullPointerException if {@code registry} is {@code null}
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        this.bindings.bind(registry, (meters) -> {
            bindGauges(meters);
            bindCounters(meters);
            bindTimers(meters);
        });
    }

    /**
     * Removes the listeners this binder added to the queue and every meter it registered, in
     * every registry it was bound to. Idempotent; the queue itself is left alone.
     */
    @Override
    public void close() {
        this.bindings.close();
    }

    @Override
    public String toString() {
        return "OperationQueueMetrics[" + this.queue.name() + "]";
    }

    private void bindGauges(BoundMeters meters) {
        meters.add(MeterNames.QUEUE_DEPTH, (registry) -> Gauge
            .builder(MeterNames.QUEUE_DEPTH, this.queue, (queue) -> queue.stats().depth())
            .tags(this.tags)
            .description("Operations accepted by the queue and not yet started")
            .baseUnit(BaseUnits.OPERATIONS)
            .register(registry));
        for (RunnerState state : RunnerState.values()) {
            meters.add(MeterNames.QUEUE_RUNNERS, (registry) -> Gauge
                .builder(MeterNames.QUEUE_RUNNERS, this.queue, (queue) -> queue.stats().runners(state))
                .tags(this.tags)
                .tag(MeterNames.STATE, state.name().toLowerCase(Locale.ROOT))
                .description("Runners of the queue in this state")
                .baseUnit(RUNNERS)
                .register(registry));
        }
    }

    private void bindCounters(BoundMeters meters) {
        bindCounter(meters, "success", (queue) -> queue.stats().completed());
        bindCounter(meters, "failure", (queue) -> queue.stats().failed());
        bindCounter(meters, "abandoned", (queue) -> queue.stats().abandoned());
        bindCounter(meters, "refused", (queue) -> queue.stats().refused());
    }

    private void bindCounter(BoundMeters meters, String outcome, ToDoubleFunction<OperationQueue> count) {
        meters.add(MeterNames.QUEUE_OPERATIONS, (registry) -> FunctionCounter
            .builder(MeterNames.QUEUE_OPERATIONS, this.queue, count)
            .tags(this.tags)
            .tag(MeterNames.OUTCOME, outcome)
            .description("Operations that left the queue for good, or were refused at stop, by outcome")
            .baseUnit(BaseUnits.OPERATIONS)
            .register(registry));
    }

    private void bindTimers(BoundMeters meters) {
        Timer wait = meters.add(MeterNames.QUEUE_WAIT, (registry) -> Timer.builder(MeterNames.QUEUE_WAIT)
            .tags(this.tags)
            .description("Time from an operation's acceptance by the queue to its start")
            .register(registry));
        Timer success = meters.add(MeterNames.QUEUE_EXECUTION, (registry) -> executionTimer(registry, "success"));
        Timer failure = meters.add(MeterNames.QUEUE_EXECUTION, (registry) -> executionTimer(registry, "failure"));
        QueueTimingListener listener = new QueueTimingListener(wait, success, failure);
        meters.beforeRemoval(() -> this.queue.removeListener(listener));
        this.queue.addListener(listener);
    }

    private Timer executionTimer(MeterRegistry registry, String outcome) {
        return Timer.builder(MeterNames.QUEUE_EXECUTION)
            .tags(this.tags)
            .tag(MeterNames.OUTCOME, outcome)
            .description("Time from an operation's start to the completion of its stage, by outcome")
            .register(registry);
    }
}
