/**
 * Micrometer {@code Observation} support for operation queues: one observation named
 * {@code operation.queue.operation} per performed operation, a child of the observation that was
 * current where the operation was enqueued, so that with Micrometer Tracing every operation
 * becomes a child span of the request that enqueued it.
 */
package io.github.operationqueue.autoconfigure.observation;
