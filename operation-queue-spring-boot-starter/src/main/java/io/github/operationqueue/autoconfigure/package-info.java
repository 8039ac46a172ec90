/**
 * Spring Boot auto-configuration for operation queues and lines: queues built from
 * {@code operation-queue.*} properties on a Spring {@code TaskExecutor}, the
 * {@code OperationQueues} and {@code Lines} registries, a lifecycle that starts the queues and
 * drains them on shutdown, context propagation into operations, {@code @LineScoped} injection of
 * shared lines, lines shared by every instance of the application through a Spring Integration
 * {@code LockRegistry} ({@code operation-queue.lines.<name>.lock-registry}), and a failure analysis
 * for bad configuration.
 */
package io.github.operationqueue.autoconfigure;
