package io.github.operationqueue.flow.resilience4j;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.operationqueue.flow.StartRate;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * A {@link StartRate} backed by Resilience4j's {@link RateLimiter} ({@code
 * io.github.resilience4j:resilience4j-ratelimiter}, an optional dependency of core that the application
 * adds to use it).
 *
 * <p>Why Resilience4j rather than Bucket4j: its {@code reservePermission()} returns exactly what a runner
 * that must hold no thread needs, the time until its permit, without blocking; it is lock-free, well kept,
 * and takes a clock for tests. Bucket4j would also fit behind {@link StartRate} and could later share one
 * rate among every instance of an application through JDBC or Redis; this class keeps the rate per queue
 * and per instance.
 *
 * <p>{@code permits} per {@code period} with a {@code burst}: at most {@code burst} operations start at
 * once, and the permits are spread evenly over the period ({@code 50} per second with a burst of 1 starts
 * one operation every 20 ms; with a burst of 50, up to 50 at the start of each second). Permits not used
 * in their slice are not saved up.
 */
public final class Resilience4jStartRate implements StartRate {

    // Longer than any runner waits: every reservation must succeed, however far ahead.
    private static final Duration RESERVE_AHEAD = Duration.ofDays(3650);

    private final RateLimiter limiter;

    private final String description;

    private Resilience4jStartRate(RateLimiter limiter, String description) {
        this.limiter = limiter;
        this.description = description;
    }

    /**
     * Returns a rate of {@code permits} per {@code period}, up to {@code burst} at once.
     *
     * @param permits how many operations may start per period
     * @param period the period
     * @param burst how many may start at once, from 1 to {@code permits}
     * @return the rate
     * @throws IllegalArgumentException if {@code permits} or {@code burst} is less than 1, {@code burst}
     *         exceeds {@code permits}, or {@code period} is not positive
     */
    public static Resilience4jStartRate of(int permits, Duration period, int burst) {
        return of(permits, period, burst, System::nanoTime);
    }

    /**
     * Returns a rate as {@link #of(int, Duration, int)} does, reading time from {@code nanoTime}; for
     * tests that move a clock by hand.
     *
     * @param permits how many operations may start per period
     * @param period the period
     * @param burst how many may start at once
     * @param nanoTime the clock, in nanoseconds as {@link System#nanoTime()}
     * @return the rate
     * @throws IllegalArgumentException as {@link #of(int, Duration, int)}
     */
    public static Resilience4jStartRate of(int permits, Duration period, int burst, Supplier<Long> nanoTime) {
        Objects.requireNonNull(period, "period must not be null");
        Objects.requireNonNull(nanoTime, "nanoTime must not be null");
        if (permits < 1 || burst < 1 || burst > permits || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a start rate needs permits >= 1, 1 <= burst <= permits and a positive "
                    + "period, was " + permits + " per " + period + " with burst " + burst);
        }
        // A slice of the period holds `burst` permits: `permits` per period, spread evenly.
        Duration slice = period.multipliedBy(burst).dividedBy(permits);
        if (slice.isZero()) {
            throw new IllegalArgumentException("a start rate of " + permits + " per " + period
                    + " is too fine to schedule; use a longer period or a larger burst");
        }
        RateLimiterConfig config = RateLimiterConfig.custom()
            .limitForPeriod(burst)
            .limitRefreshPeriod(slice)
            .timeoutDuration(RESERVE_AHEAD)
            .build();
        String description = permits + "/" + describe(period) + " (burst " + burst + ")";
        return new Resilience4jStartRate(RateLimiter.of("operation-queue-start-rate", config, nanoTime), description);
    }

    private static String describe(Duration period) {
        if (period.equals(Duration.ofSeconds(1))) {
            return "s";
        }
        if (period.equals(Duration.ofMinutes(1))) {
            return "min";
        }
        return period.toString();
    }

    @Override
    public long reserveNanos() {
        return this.limiter.reservePermission();
    }

    @Override
    public String describe() {
        return this.description;
    }

    @Override
    public String toString() {
        return this.description;
    }
}
