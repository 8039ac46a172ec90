package io.github.operationqueue.micrometer;

import java.time.Duration;

import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

/**
 * Feeds the acquisition counters and the hold timer of one line in one registry from the line's
 * listener callbacks. A meter the registry refused is {@code null} and simply not fed.
 *
 * <p>Thread-safe: the meters are; callbacks run on the threads that acquire and release the line.
 */
final class LineTimingListener implements LineListener {

    private final Counter acquired;

    private final Counter busy;

    private final Timer held;

    LineTimingListener(Counter acquired, Counter busy, Timer held) {
        this.acquired = acquired;
        this.busy = busy;
        this.held = held;
    }

    @Override
    public void acquired(Line line) {
        if (this.acquired != null) {
            this.acquired.increment();
        }
    }

    @Override
    public void busy(Line line) {
        if (this.busy != null) {
            this.busy.increment();
        }
    }

    @Override
    public void released(Line line, Duration held) {
        if (this.held != null) {
            this.held.record(held);
        }
    }
}
