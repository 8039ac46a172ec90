package io.github.operationqueue.autoconfigure;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;
import io.github.operationqueue.micrometer.FlowControlMetrics;
import io.github.operationqueue.micrometer.LineMetrics;
import io.github.operationqueue.micrometer.OperationQueueMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Binds the meters of every queue of an {@link OperationQueues} registry and every line of a
 * {@link Lines} registry, those registered later included, to each registry this binder is bound
 * to. Spring Boot's metrics auto-configuration binds it, as every {@code MeterBinder} bean.
 *
 * <p>Each queue gets one {@link OperationQueueMetrics} and one {@link FlowControlMetrics}, and each line
 * one {@link LineMetrics},
 * shared by every meter registry, so a queue is bound once per registry however often
 * {@link #bindTo} is called. {@link #close()} removes every meter and listener it added; a queue or
 * line registered after that is not bound.
 *
 * <p>Threads: thread-safe. A queue or line registered later is bound on the thread that registers
 * it (see {@link OperationQueues#onRegistered} and {@link Lines#addRegistrationListener}). No lock
 * of this binder is held while it calls the registries, so it cannot deadlock with them.
 */
public final class OperationQueueRegistryMetrics implements MeterBinder, AutoCloseable {

    private final OperationQueues queues;

    private final @Nullable Lines lines;

    private final Set<MeterRegistry> boundRegistries = ConcurrentHashMap.newKeySet();

    private final Map<OperationQueue, OperationQueueMetrics> queueBinders = new ConcurrentHashMap<>();

    private final Map<Line, LineMetrics> lineBinders = new ConcurrentHashMap<>();

    private final Map<OperationQueue, FlowControlMetrics> flowBinders = new ConcurrentHashMap<>();

    private volatile boolean closed;

    /**
     * Creates a binder for the queues of {@code queues} and the lines of {@code lines}.
     *
     * @param queues the queues to bind, now and as they are registered
     * @param lines the lines to bind, now and as they are created; {@code null} for none
     * @throws NullPointerException if {@code queues} is {@code null}
     */
    public OperationQueueRegistryMetrics(OperationQueues queues, @Nullable Lines lines) {
        this.queues = Objects.requireNonNull(queues, "queues must not be null");
        this.lines = lines;
    }

    /**
     * Binds every queue and line to {@code registry}, and each one registered later as it is
     * registered. Does nothing if this binder is already bound to {@code registry} or was closed.
     *
     * @param registry the registry to publish to
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        if (this.closed || !this.boundRegistries.add(registry)) {
            return;
        }
        this.queues.onRegistered((queue) -> bindQueue(queue, registry));
        if (this.lines != null) {
            this.lines.addRegistrationListener((line) -> bindLine(line, registry));
        }
    }

    private void bindQueue(OperationQueue queue, MeterRegistry registry) {
        bind(this.queueBinders.computeIfAbsent(queue, OperationQueueMetrics::new), OperationQueueMetrics::close,
                registry);
        bind(this.flowBinders.computeIfAbsent(queue, (flowOf) -> new FlowControlMetrics(flowOf, Tags.empty())),
                FlowControlMetrics::close, registry);
    }

    private void bindLine(Line line, MeterRegistry registry) {
        bind(this.lineBinders.computeIfAbsent(line, LineMetrics::new), LineMetrics::close, registry);
    }

    /** Binds {@code binder}, unless this binder was closed meanwhile: then it closes it instead. */
    private <B extends MeterBinder> void bind(B binder, Consumer<B> close, MeterRegistry registry) {
        if (this.closed) {
            close.accept(binder);
        }
        else {
            binder.bindTo(registry);
        }
    }

    /**
     * Removes every meter and listener this binder added, in every registry; idempotent. Queues
     * and lines registered afterwards are not bound. Spring calls it when the bean is destroyed.
     */
    @Override
    public void close() {
        this.closed = true;
        this.queueBinders.values().forEach(OperationQueueMetrics::close);
        this.lineBinders.values().forEach(LineMetrics::close);
        this.flowBinders.values().forEach(FlowControlMetrics::close);
    }

    @Override
    public String toString() {
        return "OperationQueueRegistryMetrics" + this.queues.names();
    }

}
