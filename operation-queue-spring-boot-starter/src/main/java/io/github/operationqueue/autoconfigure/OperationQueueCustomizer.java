package io.github.operationqueue.autoconfigure;

import io.github.operationqueue.OperationQueue;

/**
 * Customizes the builder of each queue configured under {@code operation-queue.queues} and of each
 * queue built with the {@link OperationQueueBuilder}, after the properties, the executor and the
 * decorators were applied and before the queue is built. Every bean of this type is called for
 * every such queue, in {@code @Order} / {@code Ordered} order; the last one wins where two set the
 * same thing, except decorators, which compose: one added here wraps inside those already set
 * (see {@code OperationQueue.Builder#decorator}). Queues that the application makes with
 * {@code OperationQueue.builder()} are not customized.
 */
@FunctionalInterface
public interface OperationQueueCustomizer {

    /**
     * Customizes the builder of the queue {@code name}; called once per queue, on the thread that
     * creates the queue bean.
     *
     * @param name the queue's name, as configured
     * @param builder the builder, already holding the name, executor, capacity and decorators
     */
    void customize(String name, OperationQueue.Builder builder);

}
