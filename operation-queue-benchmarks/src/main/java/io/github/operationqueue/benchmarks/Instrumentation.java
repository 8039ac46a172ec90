package io.github.operationqueue.benchmarks;

import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.autoconfigure.observation.DefaultOperationQueueObservationConvention;
import io.github.operationqueue.autoconfigure.observation.ObservationOperationDecorator;
import io.github.operationqueue.autoconfigure.observation.OperationQueueObservationContext;
import io.github.operationqueue.autoconfigure.observation.OperationQueueObservationConvention;
import io.github.operationqueue.micrometer.MeterNames;
import io.github.operationqueue.micrometer.OperationQueueMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The instrumentation {@link InstrumentationBenchmark} puts on its dispatcher: on our queue none, the
 * Micrometer binder (core's {@link OperationQueueMetrics}), the starter's
 * {@link ObservationOperationDecorator} over an {@link ObservationRegistry} whose handler records a timer
 * per observation (what Spring Boot's observation auto-configuration sets up), or both (the starter's
 * defaults); and {@link #POOL_BY_HAND}, the peer that says what Micrometer itself costs.
 */
public enum Instrumentation {

    OFF(false, false),

    METRICS(true, false),

    OBSERVATION(false, true),

    ON(true, true),

    /**
     * Not a queue: a {@code ThreadPoolExecutor(1)} whose every task carries {@link #ON}'s instrumentation
     * written by hand: the same two timers (wait and execution, fed in nanoseconds) and an
     * {@link Observation} with the same convention, context, registry and handler, the producer's current
     * observation as its parent, started and stopped around the task with its scope open. What a user pays for that instrumentation without our queue.
     */
    POOL_BY_HAND(true, true) {
        @Override
        DispatchTarget start(MeterRegistry meters) {
            ObservationRegistry observations = observations(meters);
            OperationQueueObservationConvention convention = new DefaultOperationQueueObservationConvention();
            Timer wait = Timer.builder(MeterNames.QUEUE_WAIT).tag(MeterNames.QUEUE, NAME).register(meters);
            Timer execution = Timer.builder(MeterNames.QUEUE_EXECUTION)
                .tag(MeterNames.QUEUE, NAME)
                .tag(MeterNames.OUTCOME, "success")
                .register(meters);
            ThreadPoolExecutor pool = Pools.fixed("instrumented-by-hand", 1);
            return new DispatchTarget((batch) -> {
                long acceptedAt = System.nanoTime();
                // As the starter's decorator does: the producer's current observation becomes the parent.
                Observation parent = observations.getCurrentObservation();
                pool.execute(() -> {
                    long startedAt = System.nanoTime();
                    wait.record(startedAt - acceptedAt, TimeUnit.NANOSECONDS);
                    Observation observation = Observation
                        .createNotStarted(null, convention, () -> new OperationQueueObservationContext(NAME),
                                observations)
                        .parentObservation(parent)
                        .start();
                    try (Observation.Scope scope = observation.openScope()) {
                        batch.run();
                    }
                    finally {
                        observation.stop();
                        execution.record(System.nanoTime() - startedAt, TimeUnit.NANOSECONDS);
                    }
                });
            }, () -> Pools.close(pool));
        }
    };

    static final String NAME = "instrumented";

    private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);

    private final boolean metrics;

    private final boolean observation;

    Instrumentation(boolean metrics, boolean observation) {
        this.metrics = metrics;
        this.observation = observation;
    }

    /** Starts one runner over a one-thread pool with this instrumentation, recording into {@code meters}. */
    DispatchTarget start(MeterRegistry meters) {
        ThreadPoolExecutor pool = Pools.fixed("queue-executor", 1);
        OperationQueue queue = build(OperationQueue.builder().name(NAME).executor(pool), meters);
        queue.start(1);
        return new DispatchTarget(queue::enqueue, () -> {
            queue.stop(STOP_PATIENCE).join();
            Pools.close(pool);
        });
    }

    /** Builds the queue with this instrumentation, recording into {@code meters}; not for {@link #POOL_BY_HAND}. */
    OperationQueue build(OperationQueue.Builder builder, MeterRegistry meters) {
        if (this == POOL_BY_HAND) {
            throw new IllegalArgumentException(this + " instruments a pool, not a queue");
        }
        if (this.observation) {
            builder.decorator(new ObservationOperationDecorator(observations(meters), NAME, null));
        }
        OperationQueue queue = builder.build();
        if (this.metrics) {
            OperationQueueMetrics.monitor(meters, queue);
        }
        return queue;
    }

    private static ObservationRegistry observations(MeterRegistry meters) {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        return observations;
    }
}
