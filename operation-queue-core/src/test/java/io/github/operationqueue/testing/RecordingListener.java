package io.github.operationqueue.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.operationqueue.OperationQueueListener;

/** Records every listener event as a short line, in order. */
public final class RecordingListener implements OperationQueueListener {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void enqueued(String queue) {
        this.events.add("enqueued " + queue);
    }

    @Override
    public void started(String queue, Duration waited) {
        this.events.add("started " + queue + (waited.isNegative() ? " negative wait" : ""));
    }

    @Override
    public void completed(String queue, Duration duration, Throwable failure) {
        this.events.add("completed " + queue + ((failure != null) ? " " + failure.getClass().getSimpleName() : ""));
    }

    @Override
    public void abandoned(String queue, int count) {
        this.events.add("abandoned " + queue + " " + count);
    }

    public List<String> events() {
        return List.copyOf(this.events);
    }
}
