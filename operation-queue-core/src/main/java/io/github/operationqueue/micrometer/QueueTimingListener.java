package io.github.operationqueue.micrometer;

import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationQueueListener;
import io.micrometer.core.instrument.Timer;

/**
 * Feeds the wait and execution timers of one queue in one registry from the queue's listener
 * callbacks, in nanoseconds: recording allocates nothing per operation. A timer the registry refused
 * is {@code null} and simply not fed.
 *
 * <p>Thread-safe: the timers are; callbacks run on the queue's runner threads.
 */
final class QueueTimingListener implements OperationQueueListener {

    private final Timer wait;

    private final Timer success;

    private final Timer failure;

    QueueTimingListener(Timer wait, Timer success, Timer failure) {
        this.wait = wait;
        this.success = success;
        this.failure = failure;
    }

    @Override
    public void started(String queue, long waitedNanos) {
        if (this.wait != null) {
            this.wait.record(waitedNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void completed(String queue, long durationNanos, Throwable failure) {
        Timer timer = (failure != null) ? this.failure : this.success;
        if (timer != null) {
            timer.record(durationNanos, TimeUnit.NANOSECONDS);
        }
    }
}
