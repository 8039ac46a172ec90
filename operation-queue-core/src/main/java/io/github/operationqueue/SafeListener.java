package io.github.operationqueue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The listeners of one queue behind one listener: each callback reaches every listener, and a
 * listener that throws is skipped and reported through a {@link FailureLog}, so no listener can break
 * a runner, and a listener that fails on every event logs one trace per interval, not one per event.
 */
final class SafeListener implements OperationQueueListener {

    // Changed rarely (binding meters), read on every event.
    private final List<OperationQueueListener> listeners;

    private final FailureLog failures;

    SafeListener(List<OperationQueueListener> listeners, FailureLog failures) {
        this.listeners = new CopyOnWriteArrayList<>(listeners);
        this.failures = failures;
    }

    void flushFailures() {
        this.failures.flush();
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
                this.failures.failed(listener.getClass().getName(), ex);
            }
        }
    }
}
