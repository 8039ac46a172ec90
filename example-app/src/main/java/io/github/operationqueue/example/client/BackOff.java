package io.github.operationqueue.example.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Exponential back-off with jitter: the wait before retry {@code n} is a random time between half and
 * all of {@code first * 2^(n-1)}, capped at {@code max}, so that requests refused together do not come
 * back together.
 */
final class BackOff {

    private final long firstNanos;

    private final long maxNanos;

    BackOff(Duration first, Duration max) {
        this.firstNanos = first.toNanos();
        this.maxNanos = max.toNanos();
    }

    /**
     * Waits before a retry, holding no thread.
     *
     * @param attempt the attempt that was refused, from 1
     * @return a future that completes after the wait, on the JDK's timer thread, where the retry only
     *         starts its HTTP request
     */
    CompletableFuture<Void> pause(int attempt) {
        return after(waitNanos(attempt));
    }

    /**
     * Waits a given time, holding no thread: what a request does when the remote said how long
     * ({@code Retry-After}).
     *
     * @param nanos how long to wait; zero or less completes at once
     * @return a future that completes after the wait, on the JDK's timer thread
     */
    static CompletableFuture<Void> after(long nanos) {
        if (nanos <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        Executor afterWait = CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS, Runnable::run);
        return CompletableFuture.runAsync(() -> { }, afterWait);
    }

    /**
     * Picks the wait before the retry that follows an attempt refused with a {@code Retry-After}: the longer of
     * the quiet it asked for and this back-off, so that a {@code Retry-After: 0} or a date already past does not
     * send every refused request straight back, attempt after attempt.
     *
     * @param attempt the attempt that was refused, from 1
     * @param asked the quiet the remote asked for, at most {@link RetryAfter#LONGEST_HONOURED}
     * @return the wait in nanoseconds
     */
    long waitNanos(int attempt, Duration asked) {
        return Math.max(asked.toNanos(), waitNanos(attempt));
    }

    /**
     * Picks the wait before the retry that follows a refused attempt.
     *
     * @param attempt the attempt that was refused, from 1
     * @return a random wait between half and all of the capped exponential ceiling, in nanoseconds
     */
    long waitNanos(int attempt) {
        // Shifting by more than the bits left would overflow; by then the ceiling is long past max anyway.
        long ceiling = (attempt - 1 < Long.numberOfLeadingZeros(this.firstNanos) - 1)
                ? Math.min(this.maxNanos, this.firstNanos << (attempt - 1)) : this.maxNanos;
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling - ceiling / 2 + 1);
    }

}
