package io.github.operationqueue.micrometer;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationQueue;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the flow control of one {@link OperationQueue}, tagged {@value MeterNames#QUEUE} with its
 * name plus the extra tags given to the constructor:
 * <ul>
 * <li>{@value MeterNames#QUEUE_LIMIT} (gauge, runners): runners allowed to perform an operation now, from
 * {@link OperationQueue#limit()}: the adaptive or fixed concurrency limit, at most the runners; the
 * runners for a queue without a limit;</li>
 * <li>{@value MeterNames#QUEUE_PERMITS_WAIT} (function timer), for a queue built with a rate only: the
 * rate permits reserved, one per start, and the time runners waited for them in total.</li>
 * </ul>
 * Both read {@link OperationQueue#flowControl()} when the registry publishes them, so they cost the
 * queue nothing while it runs. Lifecycle, failure and threads are as for {@link OperationQueueMetrics}:
 * bound at most once per registry, {@link #close()} removes the meters and is final, a meter the registry
 * refuses is logged and skipped.
 */
public final class FlowControlMetrics implements MeterBinder, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(FlowControlMetrics.class);

    private final OperationQueue queue;

    private final Tags tags;

    private final MeterBindings bindings;

    /**
     * Creates a binder for {@code queue} that adds {@code tags} to every meter.
     *
     * @param queue the queue to observe
     * @param tags extra tags for every meter
     * @throws NullPointerException if an argument is {@code null}
     */
    public FlowControlMetrics(OperationQueue queue, Iterable<Tag> tags) {
        this.queue = Objects.requireNonNull(queue, "queue must not be null");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags must not be null")).and(MeterNames.QUEUE, queue.name());
        this.bindings = new MeterBindings(queue.name(), logger);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        this.bindings.bind(registry, (meters) -> {
            meters.add(MeterNames.QUEUE_LIMIT, (target) -> Gauge
                .builder(MeterNames.QUEUE_LIMIT, this.queue, OperationQueue::limit)
                .tags(this.tags)
                .description("Runners of the queue allowed to perform an operation now")
                .baseUnit("runners")
                .register(target));
            if (this.queue.flowControl().rate() != null) {
                meters.add(MeterNames.QUEUE_PERMITS_WAIT, (target) -> FunctionTimer
                    .builder(MeterNames.QUEUE_PERMITS_WAIT, this.queue,
                            (queue) -> queue.flowControl().permitsReserved(),
                            (queue) -> queue.flowControl().permitWaitTotal().toNanos(), TimeUnit.NANOSECONDS)
                    .tags(this.tags)
                    .description("Time runners of the queue waited for a rate permit, one per start")
                    .register(target));
            }
        });
    }

    /** Removes every meter this binder registered; idempotent and final. */
    @Override
    public void close() {
        this.bindings.close();
    }

    @Override
    public String toString() {
        return "FlowControlMetrics[" + this.queue.name() + "]";
    }
}
