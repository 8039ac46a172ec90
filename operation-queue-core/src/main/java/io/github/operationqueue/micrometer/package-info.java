/**
 * Micrometer meter binders for operation queues and lines: {@link
 * io.github.operationqueue.micrometer.OperationQueueMetrics} publishes a queue's depth, runner
 * states, finished operations and timings, and the meter names and tag keys are constants in
 * {@link io.github.operationqueue.micrometer.MeterNames}.
 *
 * <p>This package is the only part of {@code operation-queue-core} that uses Micrometer, an
 * optional dependency: an application that does not use it needs no Micrometer on its class path.
 * The Spring Boot starter binds one binder per queue and line when a {@code MeterRegistry} is
 * present; without Spring, bind them yourself:
 * <pre>{@code
 * OperationQueueMetrics metrics = OperationQueueMetrics.monitor(registry, queue, "application", "shop");
 * // ...
 * metrics.close(); // removes the queue's meters and the listener that feeds its timers
 * }</pre>
 *
 * <p>Binders read counters and states from the observed object when the registry publishes
 * them, and take timings from the listener SPI, so they add little to the work of a runner. Tag
 * values are queue and line names and lower-cased constants, never operation text.
 */
package io.github.operationqueue.micrometer;
