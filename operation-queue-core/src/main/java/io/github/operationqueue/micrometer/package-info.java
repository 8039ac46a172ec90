/**
 * Micrometer meter binders for operation queues and lines: {@link
 * io.github.operationqueue.micrometer.OperationQueueMetrics} publishes a queue's depth, runner
 * states, finished operations and timings; {@link io.github.operationqueue.micrometer.LineMetrics}
 * publishes whether a line is busy, its acquisition outcomes and how long its tokens were held.
 * The meter names and tag keys are constants in {@link io.github.operationqueue.micrometer.MeterNames}.
 *
 * <p>This package is the only part of {@code operation-queue-core} that uses Micrometer, an
 * optional dependency: an application that does not use it needs no Micrometer on its class path.
 * The Spring Boot starter binds one binder per queue and line when a {@code MeterRegistry} is
 * present; without Spring, bind them yourself:
 * <pre>{@code
 * OperationQueueMetrics queueMetrics = OperationQueueMetrics.monitor(registry, queue, "application", "shop");
 * LineMetrics lineMetrics = LineMetrics.monitor(registry, line, "application", "shop");
 * // ... and when the queue and the line are no longer used:
 * queueMetrics.close(); // removes the queue's meters and the listener that feeds its timers
 * lineMetrics.close();
 * }</pre>
 *
 * <p>Binders read levels and the queue's counters from the observed object when the registry
 * publishes them, and take timings and line acquisitions from the listener SPIs, so they add
 * little to the work of a runner or of a caller acquiring a line. Tag
 * values are queue and line names and lower-cased constants, never operation text.
 */
package io.github.operationqueue.micrometer;
