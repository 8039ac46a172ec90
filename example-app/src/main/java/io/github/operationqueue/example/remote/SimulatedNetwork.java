package io.github.operationqueue.example.remote;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * The stand-in's imperfections: a random latency before each message reply, and now and then no
 * capacity to answer at all. Replies are delayed without holding a server thread.
 */
@Component
class SimulatedNetwork {

    private final long minLatencyNanos;

    private final long maxLatencyNanos;

    private final double unavailableRate;

    SimulatedNetwork(RemoteProperties properties) {
        this.minLatencyNanos = properties.minLatency().toNanos();
        this.maxLatencyNanos = properties.maxLatency().toNanos();
        this.unavailableRate = properties.unavailableRate();
    }

    /**
     * Completes with {@code reply} after a random latency.
     *
     * @param <T> the reply's type
     * @param reply what to answer
     * @return a future that completes later on the JDK's timer thread
     */
    <T> CompletableFuture<T> later(T reply) {
        return CompletableFuture.supplyAsync(() -> reply, randomDelay());
    }

    /**
     * Decides whether this request finds the service unavailable.
     *
     * @return {@code true} for the configured share of calls
     */
    boolean unavailable() {
        return ThreadLocalRandom.current().nextDouble() < this.unavailableRate;
    }

    private Executor randomDelay() {
        long latency = (this.maxLatencyNanos > this.minLatencyNanos)
                ? ThreadLocalRandom.current().nextLong(this.minLatencyNanos, this.maxLatencyNanos + 1)
                : this.minLatencyNanos;
        // Completes on the timer thread itself: the default async pool would start a thread per reply on a
        // two-core machine, and what follows (handing the reply back to the server) is short.
        return CompletableFuture.delayedExecutor(latency, TimeUnit.NANOSECONDS, Runnable::run);
    }

}
