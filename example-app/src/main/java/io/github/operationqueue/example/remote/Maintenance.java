package io.github.operationqueue.example.remote;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A maintenance window of the stand-in ({@code POST /remote/maintenance?seconds=N}): while it lasts, every
 * message request is answered 503 at once with a {@code Retry-After} that tells the seconds left, rounded
 * up, so that a client which honours it comes back only once the window is over.
 */
@Component
class Maintenance {

    private static final Logger logger = LoggerFactory.getLogger(Maintenance.class);

    /** Longest window one call may open: long enough to watch, short enough not to stall a demo for good. */
    static final Duration LONGEST = Duration.ofMinutes(5);

    private final LongSupplier nanoClock;

    // 0 and a deadline in the past both mean no window; set by start, read by every message request.
    private volatile long endsAt;

    private volatile boolean open;

    private final AtomicLong turnedAway = new AtomicLong();

    @Autowired
    Maintenance() {
        this(System::nanoTime);
    }

    Maintenance(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Opens a window of {@code length} from now, replacing any window still open.
     *
     * @param length how long message requests are to be turned away
     * @throws IllegalArgumentException if {@code length} is not positive or longer than {@link #LONGEST}
     */
    void start(Duration length) {
        if (length.isNegative() || length.isZero() || length.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("A maintenance window must last from 1 second to "
                    + LONGEST.toSeconds() + " seconds, but was " + length.toSeconds() + " seconds");
        }
        this.endsAt = this.nanoClock.getAsLong() + length.toNanos();
        this.open = true;
        logger.info("remote stand-in: maintenance for {}; message requests get 503 with Retry-After", length);
    }

    /**
     * Decides whether a request arriving now is turned away, and counts it if so.
     *
     * @return the whole seconds it should wait for its {@code Retry-After}: what is left of the window,
     *         rounded up; 0 when no window is open
     */
    long turnAway() {
        long seconds = secondsLeft();
        if (seconds > 0) {
            this.turnedAway.incrementAndGet();
        }
        return seconds;
    }

    /**
     * Returns what the window is doing now.
     *
     * @return the seconds left and the requests turned away since startup
     */
    MaintenanceStatus status() {
        return new MaintenanceStatus(secondsLeft(), this.turnedAway.get());
    }

    private long secondsLeft() {
        if (!this.open) {
            return 0;
        }
        long left = this.endsAt - this.nanoClock.getAsLong();
        return (left > 0) ? (left + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1) : 0;
    }

}
