package io.github.operationqueue.micrometer;

import java.time.Duration;

import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineCoordinationException;
import io.github.operationqueue.line.LineListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

/**
 * Feeds the acquisition counters and the hold timer of one line in one registry from the line's
 * listener callbacks. A meter the registry refused, or one a local line does not have, is
 * {@code null} and simply not fed.
 *
 * <p>Thread-safe: the meters are; callbacks run on the threads that acquire and release the line.
 */
final class LineTimingListener implements LineListener {

    private final Counter acquired;

    private final Counter busy;

    private final Timer held;

    private final Counter failed;

    private final Counter leasesLost;

    LineTimingListener(Counter acquired, Counter busy, Timer held, Counter failed, Counter leasesLost) {
        this.acquired = acquired;
        this.busy = busy;
        this.held = held;
        this.failed = failed;
        this.leasesLost = leasesLost;
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

    @Override
    public void coordinationFailed(Line line, LineCoordinationException failure) {
        if (this.failed != null) {
            this.failed.increment();
        }
    }

    @Override
    public void leaseLost(Line line, Exception reason) {
        if (this.leasesLost != null) {
            this.leasesLost.increment();
        }
    }
}
