package io.github.operationqueue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The listeners of one queue behind one listener: each callback reaches every listener, and a
 * listener that throws is skipped and reported through a {@link FailureLog}, so no listener can break
 * a runner, and a listener that fails on every event logs one trace per interval, not one per event.
 *
 * <p>Every operation passes through here up to three times, so an event allocates nothing: the
 * listeners are an array replaced as a whole when one is added or removed (rarely: binding meters),
 * each callback is a plain loop over it, and the times go on in nanoseconds.
 */
final class SafeListener implements OperationQueueListener {

    private static final OperationQueueListener[] NONE = {};

    // Copy on write: add and remove build a new array under the lock; events read the field once.
    private volatile OperationQueueListener[] listeners;

    private final Object changes = new Object();

    private final FailureLog failures;

    SafeListener(List<OperationQueueListener> listeners, FailureLog failures) {
        this.listeners = listeners.toArray(NONE);
        this.failures = failures;
    }

    void flushFailures() {
        this.failures.flush();
    }

    boolean isEmpty() {
        return this.listeners.length == 0;
    }

    void add(OperationQueueListener listener) {
        synchronized (this.changes) {
            OperationQueueListener[] current = this.listeners;
            OperationQueueListener[] added = Arrays.copyOf(current, current.length + 1);
            added[current.length] = listener;
            this.listeners = added;
        }
    }

    boolean remove(OperationQueueListener listener) {
        synchronized (this.changes) {
            List<OperationQueueListener> remaining = new ArrayList<>(Arrays.asList(this.listeners));
            boolean removed = remaining.remove(listener);
            if (removed) {
                this.listeners = remaining.toArray(NONE);
            }
            return removed;
        }
    }

    @Override
    public void enqueued(String queue) {
        each(Event.ENQUEUED, queue, 0, null);
    }

    @Override
    public void started(String queue, long waitedNanos) {
        each(Event.STARTED, queue, waitedNanos, null);
    }

    @Override
    public void completed(String queue, long durationNanos, Throwable failure) {
        each(Event.COMPLETED, queue, durationNanos, failure);
    }

    @Override
    public void abandoned(String queue, int count) {
        each(Event.ABANDONED, queue, count, null);
    }

    // The event's arguments travel as plain parameters: a callback object would be one allocation per event.
    private void each(Event event, String queue, long amount, Throwable failure) {
        for (OperationQueueListener listener : this.listeners) {
            try {
                switch (event) {
                    case ENQUEUED -> listener.enqueued(queue);
                    case STARTED -> listener.started(queue, amount);
                    case COMPLETED -> listener.completed(queue, amount, failure);
                    case ABANDONED -> listener.abandoned(queue, (int) amount);
                }
            }
            catch (Throwable ex) {
                failed(listener, ex);
            }
        }
    }

    private enum Event {

        ENQUEUED, STARTED, COMPLETED, ABANDONED

    }

    // Errors too (an AssertionError in a test listener): one escaping a callback would leave a
    // runner that never runs again and an operation never performed nor abandoned.
    private void failed(OperationQueueListener listener, Throwable ex) {
        this.failures.failed(listener.getClass().getName(), ex);
    }
}
