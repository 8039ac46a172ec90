package io.github.operationqueue.benchmarks.flow;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The remote service of the flow-control scenario, in process: it serves up to {@code capacity} requests
 * at once, each answered after the base latency (give or take the jitter); each request beyond that
 * waits, first come first served, for one of them to finish, so its latency grows with the requests ahead
 * of it; a request that finds {@code 2 × capacity} requests inside (served and waiting) is answered 503
 * ({@link RemoteOverloadedException}) after the rejection latency, a network round trip without the work.
 * The capacity can change at run time ({@link #setCapacity}): a lower one lets the requests already
 * served finish and serves no more than the new capacity from then on.
 *
 * <p>Asynchronous: {@link #call()} returns at once, and a timer completes each reply; no thread waits for
 * a request.
 *
 * <p>Threads: every method may be called from any thread; the state is guarded by this object's monitor,
 * and replies are completed outside it, on the timer's thread.
 */
final class SimulatedRemote {

    private final Timer timer;

    private final long baseLatencyNanos;

    private final long jitterNanos;

    private final long rejectionLatencyNanos;

    // guarded by this
    private int capacity;

    // guarded by this: requests being served now
    private int serving;

    // guarded by this: requests waiting for a place, oldest first
    private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();

    // guarded by this
    private long served;

    // guarded by this
    private long rejected;

    /**
     * Creates the remote.
     *
     * @param capacity how many requests it serves at once
     * @param baseLatency how long it takes to serve one
     * @param jitter how much a service time may differ from {@code baseLatency}, either way, uniformly
     * @param rejectionLatency how long a 503 takes to arrive
     * @param timer completes the replies
     */
    SimulatedRemote(int capacity, Duration baseLatency, Duration jitter, Duration rejectionLatency, Timer timer) {
        if (jitter.compareTo(baseLatency) >= 0) {
            throw new IllegalArgumentException("the jitter (" + jitter + ") must be less than the base latency ("
                    + baseLatency + ") so that every service time is positive");
        }
        checkCapacity(capacity);
        this.capacity = capacity;
        this.baseLatencyNanos = baseLatency.toNanos();
        this.jitterNanos = jitter.toNanos();
        this.rejectionLatencyNanos = rejectionLatency.toNanos();
        this.timer = timer;
    }

    /**
     * Sends one request.
     *
     * @return completes when it was served, or fails with {@link RemoteOverloadedException} when the remote
     *         was full
     */
    CompletableFuture<Void> call() {
        CompletableFuture<Void> reply = new CompletableFuture<>();
        boolean serveNow = false;
        synchronized (this) {
            if (this.serving < this.capacity) {
                this.serving++;
                serveNow = true;
            }
            else if (this.serving + this.waiting.size() < 2 * this.capacity) {
                this.waiting.add(reply);
                return reply;
            }
            else {
                this.rejected++;
            }
        }
        if (serveNow) {
            serve(reply);
        }
        else {
            RemoteOverloadedException overloaded = new RemoteOverloadedException(
                    "503 Service Unavailable: the remote holds twice its capacity");
            schedule(() -> reply.completeExceptionally(overloaded), this.rejectionLatencyNanos, reply);
        }
        return reply;
    }

    /**
     * Changes how many requests the remote serves at once, from the next request served on.
     *
     * @param capacity the new capacity
     */
    void setCapacity(int capacity) {
        checkCapacity(capacity);
        List<CompletableFuture<Void>> admitted;
        synchronized (this) {
            this.capacity = capacity;
            admitted = admitWaiting();
        }
        admitted.forEach(this::serve);
    }

    synchronized int capacity() {
        return this.capacity;
    }

    /** Requests being served now. */
    synchronized int serving() {
        return this.serving;
    }

    /** Requests waiting inside the remote for a place. */
    synchronized int waiting() {
        return this.waiting.size();
    }

    /** Requests served so far. */
    synchronized long served() {
        return this.served;
    }

    /** Requests answered 503 so far. */
    synchronized long rejected() {
        return this.rejected;
    }

    private void serve(CompletableFuture<Void> reply) {
        long latency = this.baseLatencyNanos;
        if (this.jitterNanos > 0) {
            latency += ThreadLocalRandom.current().nextLong(-this.jitterNanos, this.jitterNanos + 1);
        }
        schedule(() -> finished(reply), latency, reply);
    }

    private void finished(CompletableFuture<Void> reply) {
        List<CompletableFuture<Void>> admitted;
        synchronized (this) {
            this.serving--;
            this.served++;
            admitted = admitWaiting();
        }
        admitted.forEach(this::serve);
        reply.complete(null);
    }

    // guarded by this: the waiting requests that now have a place, oldest first
    private List<CompletableFuture<Void>> admitWaiting() {
        List<CompletableFuture<Void>> admitted = new ArrayList<>(1);
        while (this.serving < this.capacity && !this.waiting.isEmpty()) {
            admitted.add(this.waiting.poll());
            this.serving++;
        }
        return admitted;
    }

    private void schedule(Runnable task, long delayNanos, CompletableFuture<Void> reply) {
        try {
            this.timer.schedule(task, delayNanos);
        }
        catch (RejectedExecutionException ex) {
            // The scenario is over and its timer shut down: the request fails rather than hang.
            reply.completeExceptionally(ex);
        }
    }

    private static void checkCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the remote's capacity must be at least 1, was " + capacity);
        }
    }

    /** Runs a task after a delay: a {@link ScheduledExecutorService} in the scenario, a manual one in tests. */
    @FunctionalInterface
    interface Timer {

        void schedule(Runnable task, long delayNanos);

        static Timer of(ScheduledExecutorService executor) {
            return (task, delayNanos) -> executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        }
    }
}
