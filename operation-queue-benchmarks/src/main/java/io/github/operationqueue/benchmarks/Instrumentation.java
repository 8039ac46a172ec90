package io.github.operationqueue.benchmarks;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.autoconfigure.observation.ObservationOperationDecorator;
import io.github.operationqueue.micrometer.OperationQueueMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;

/**
 * The instrumentation {@link InstrumentationBenchmark} puts on its queue: none, the Micrometer binder
 * (core's {@link OperationQueueMetrics}), the starter's {@link ObservationOperationDecorator} over an
 * {@link ObservationRegistry} whose handler records a timer per observation (what Spring Boot's
 * observation auto-configuration sets up), or both.
 */
public enum Instrumentation {

    OFF(false, false),

    METRICS(true, false),

    OBSERVATION(false, true),

    ON(true, true);

    private final boolean metrics;

    private final boolean observation;

    Instrumentation(boolean metrics, boolean observation) {
        this.metrics = metrics;
        this.observation = observation;
    }

    /** Builds the queue with this instrumentation, recording into {@code meters}. */
    OperationQueue build(OperationQueue.Builder builder, MeterRegistry meters) {
        if (this.observation) {
            ObservationRegistry observations = ObservationRegistry.create();
            observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
            builder.decorator(new ObservationOperationDecorator(observations, "instrumented", null));
        }
        OperationQueue queue = builder.build();
        if (this.metrics) {
            OperationQueueMetrics.monitor(meters, queue);
        }
        return queue;
    }
}
