/**
 * Lines shared by every instance of an application, on Spring Integration's
 * {@code LockRegistry}: {@link io.github.operationqueue.autoconfigure.integration.LockRegistryLineCoordinator}
 * adapts a registry lock to the core's {@code LineCoordinator}. The starter uses it for each line
 * configured with {@code operation-queue.lines.<name>.lock-registry}; applications may also build
 * one themselves and pass it to {@code new Line(name, coordinator)}.
 */
package io.github.operationqueue.autoconfigure.integration;
