package io.github.operationqueue;

import java.time.Duration;

import org.slf4j.Logger;

/**
 * The quiet a remote asked for ({@link OperationQueue#backOff}, or an operation that failed with
 * {@link io.github.operationqueue.flow.RemoteBackOffException}): while it lasts no runner starts an
 * operation; operations already running finish. It ends on the queue's timer, which then has the
 * scheduler wake runners for what is queued. A later request that ends later extends it; one that ends
 * sooner changes nothing.
 *
 * <p>Each request schedules its own end, tagged with its deadline, and only the end of the latest
 * deadline clears the quiet (under this object's lock, as requests set it), so a request that extends
 * the quiet cannot be cleared by the end of the one it extended.
 */
final class BackOff {

    private static final Logger logger = QueueLog.LOGGER;

    // Longer quiet is taken as this: nanoTime arithmetic must not overflow.
    private static final long MAX_QUIET_NANOS = Duration.ofDays(365).toNanos();

    private final String name;

    private final QueueTimer timer;

    private volatile boolean quiet;

    // Guarded by this: the deadline of the latest request, on the nanoTime clock.
    private long until;

    // Set by the scheduler before any runner starts.
    private volatile Runnable ended = () -> {
    };

    BackOff(String name, QueueTimer timer) {
        this.name = name;
        this.timer = timer;
    }

    void onEnd(Runnable wake) {
        this.ended = wake;
    }

    boolean isQuiet() {
        return this.quiet;
    }

    /** Time left of the quiet; zero when there is none. */
    Duration remaining() {
        synchronized (this) {
            return this.quiet ? Duration.ofNanos(Math.max(0, this.until - System.nanoTime())) : Duration.ZERO;
        }
    }

    /** Starts nothing new for {@code quiet}, or until a later quiet already asked for ends. */
    void request(Duration quiet, String reason) {
        long nanos = Math.min(MAX_QUIET_NANOS, QueueTimer.saturatedNanos(quiet));
        if (nanos <= 0) {
            return;
        }
        long deadline = System.nanoTime() + nanos;
        boolean extended;
        synchronized (this) {
            if (this.quiet && deadline - this.until <= 0) {
                return;
            }
            extended = this.quiet;
            this.until = deadline;
            this.quiet = true;
        }
        if (extended) {
            // Operations in flight when the remote pushed back tend to come back with the same hint.
            logger.debug("{}: the remote asked for {} of quiet ({}); the quiet is extended", this.name, quiet, reason);
        }
        else {
            logger.info("{}: the remote asked for {} of quiet ({}); starting no operation until then", this.name,
                    quiet, reason);
        }
        try {
            this.timer.schedule(() -> end(deadline), nanos);
        }
        catch (Throwable ex) {
            // Without a timer the quiet could never end: better to go on at once than to stall the queue.
            logger.warn("{}: could not schedule the end of the quiet; going on at once", this.name, ex);
            end(deadline);
        }
    }

    private void end(long deadline) {
        synchronized (this) {
            if (!this.quiet || this.until != deadline) {
                return;
            }
            this.quiet = false;
        }
        logger.debug("{}: the quiet the remote asked for is over", this.name);
        this.ended.run();
    }
}
