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
        long ceiling = this.firstNanos << Math.min(attempt - 1, 20);
        long wait = Math.min(this.maxNanos, (ceiling < 0) ? this.maxNanos : ceiling);
        long jittered = wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1);
        Executor afterWait = CompletableFuture.delayedExecutor(jittered, TimeUnit.NANOSECONDS, Runnable::run);
        return CompletableFuture.runAsync(() -> { }, afterWait);
    }

}
