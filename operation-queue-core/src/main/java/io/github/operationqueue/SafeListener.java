package io.github.operationqueue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one queue behind one listener: each callback reaches every listener, and a
 * listener that throws is logged and skipped, so no listener can break a runner.
 */
final class SafeListener implements OperationQueueListener {

    private static final Logger logger = LoggerFactory.getLogger(OperationQueue.class);

    private final String queueName;

    // Changed rarely (binding meters), read on every event.
    private final List<OperationQueueListener> listeners;

    SafeListener(String queueName, List<OperationQueueListener> listeners) {
        this.queueName = queueName;
        this.listeners = new CopyOnWriteArrayList<>(listeners);
    }

    boolean isEmpty() {
        return this.listeners.isEmpty();
    }

    void add(OperationQueueListener listener) {
        this.listeners.add(listener);
    }

    boolean remove(OperationQueueListener listener) {
        return this.listeners.remove(listener);
    }

    @Override
    public void enqueued(String queue) {
        each((listener) -> listener.enqueued(queue));
    }

    @Override
    public void started(String queue, Duration waited) {
        each((listener) -> listener.started(queue, waited));
    }

    @Override
    public void completed(String queue, Duration duration, Throwable failure) {
        each((listener) -> listener.completed(queue, duration, failure));
    }

    @Override
    public void abandoned(String queue, int count) {
        each((listener) -> listener.abandoned(queue, count));
    }

    private void each(Consumer<OperationQueueListener> callback) {
        for (OperationQueueListener listener : this.listeners) {
            try {
                callback.accept(listener);
            }
            catch (Throwable ex) {
                // Errors too (an AssertionError in a test listener): one escaping here would leave
                // a runner that never runs again and an operation never performed nor abandoned.
                logger.warn("{}: listener {} failed; the queue carries on", this.queueName,
                        listener.getClass().getName(), ex);
            }
        }
    }
}
