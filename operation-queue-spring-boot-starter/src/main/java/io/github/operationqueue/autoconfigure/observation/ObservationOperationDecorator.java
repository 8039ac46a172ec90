package io.github.operationqueue.autoconfigure.observation;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.github.operationqueue.OperationDecorator;
import io.github.operationqueue.QueuedOperation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes every operation of one queue: an {@link Observation} (see
 * {@link DefaultOperationQueueObservationConvention}) is started when the operation starts and
 * stopped when the stage that {@link QueuedOperation#perform()} returned completes, with the
 * failure recorded as its error when the operation throws, its stage fails, or it returns
 * {@code null}. Its parent is the observation that was current on the thread that enqueued the
 * operation, so with Micrometer Tracing each operation is a child span of the request that
 * enqueued it. The observation is current (in scope) while {@code perform()} runs, so
 * observations and spans the operation opens in its synchronous part are its children.
 *
 * <p>Composition: apply it inside a context-propagation decorator, which would otherwise restore
 * the enqueuer's observation over this one while {@code perform()} runs; the starter does so.
 *
 * <p>Threads: {@link #decorate} runs on the enqueuing thread and only reads the current
 * observation; the observation starts on the executor thread that performs the operation and
 * stops on the thread that completes its stage. The stage handed back to the queue is the
 * operation's own.
 */
public final class ObservationOperationDecorator implements OperationDecorator {

    private static final OperationQueueObservationConvention DEFAULT_CONVENTION =
            new DefaultOperationQueueObservationConvention();

    private final ObservationRegistry registry;

    private final String queueName;

    private final @Nullable OperationQueueObservationConvention customConvention;

    private final Supplier<OperationQueueObservationContext> contexts;

    /**
     * Creates a decorator for the operations of the queue {@code queueName}.
     *
     * @param registry the registry to create observations in
     * @param queueName the queue's name, the value of the {@code queue} key
     * @param customConvention a convention that replaces the default one, or {@code null}
     * @throws NullPointerException if {@code registry} or {@code queueName} is {@code null}
     */
    public ObservationOperationDecorator(ObservationRegistry registry, String queueName,
            @Nullable OperationQueueObservationConvention customConvention) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.queueName = Objects.requireNonNull(queueName, "queueName must not be null");
        this.customConvention = customConvention;
        QueueNames names = QueueNames.of(queueName);
        // One supplier per queue, and still a new context per operation: a context is mutable.
        this.contexts = () -> new OperationQueueObservationContext(names);
    }

    /**
     * Returns {@code operation} wrapped so that performing it is observed, with the current
     * observation of the calling (enqueuing) thread as parent; returns {@code operation} itself
     * when the registry is a no-op.
     *
     * @param operation the operation being enqueued
     * @return the observed operation
     */
    @Override
    public QueuedOperation decorate(QueuedOperation operation) {
        if (this.registry.isNoop()) {
            return operation;
        }
        Observation parent = this.registry.getCurrentObservation();
        return () -> perform(operation, parent);
    }

    private CompletionStage<?> perform(QueuedOperation operation, @Nullable Observation parent) throws Exception {
        Observation observation = Observation
            .createNotStarted(this.customConvention, DEFAULT_CONVENTION, this.contexts, this.registry)
            .parentObservation(parent)
            .start();
        CompletionStage<?> stage;
        try (Observation.Scope scope = observation.openScope()) {
            stage = operation.perform();
        }
        catch (Throwable ex) {
            observation.error(ex);
            observation.stop();
            throw ex;
        }
        if (stage == null) {
            observation.error(new IllegalStateException("The operation returned no stage"));
            observation.stop();
            return null;
        }
        if (succeededAlready(stage)) {
            // A synchronous body's stage: stopped here, with no callback and no dependent future.
            observation.stop();
            return stage;
        }
        // A side branch only stops the observation; the queue goes on observing the stage itself.
        stage.whenComplete((result, failure) -> {
            if (failure != null) {
                observation.error(unwrap(failure));
            }
            observation.stop();
        });
        return stage;
    }

    // The exact class only: a subclass (a minimal stage, say) may refuse these reads.
    private static boolean succeededAlready(CompletionStage<?> stage) {
        return stage.getClass() == CompletableFuture.class && ((CompletableFuture<?>) stage).isDone()
                && !((CompletableFuture<?>) stage).isCompletedExceptionally();
    }

    private static Throwable unwrap(Throwable failure) {
        return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
    }

    @Override
    public String toString() {
        return "ObservationOperationDecorator[" + this.queueName + "]";
    }

}
