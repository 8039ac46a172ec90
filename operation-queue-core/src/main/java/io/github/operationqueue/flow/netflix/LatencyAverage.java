package io.github.operationqueue.flow.netflix;

/**
 * An exponentially weighted moving average of execution times, one per limit. Vegas takes the shortest
 * execution time it is told of as the remote's latency without load; told of raw samples from a remote
 * whose latency is noisy, it takes the luckiest one, reads every ordinary sample as queueing and sinks.
 * Told of this average instead, its no-load latency is the typical latency at no load, and queueing shows
 * as the average rising above it.
 *
 * <p>{@code onSample} runs once per completed operation, from any thread: a lock held for a few arithmetic
 * operations keeps the average whole under concurrent samples without allocating.
 */
final class LatencyAverage {

    // Each sample moves the average by 1/16 of its distance from it: on latency drawn uniformly from 5 to
    // 40 ms the average wanders by about 2 ms (against 10 ms for one sample), and a step in latency shows
    // mostly within 16 samples, a small fraction of a second at the rates a limit of tens of runners sees.
    private static final double WEIGHT = 1.0 / 16;

    private final Object lock = new Object();

    private double averageNanos;

    private boolean started;

    /**
     * Adds one execution time.
     *
     * @param executionNanos how long the operation ran
     * @return the average including it
     */
    long add(long executionNanos) {
        synchronized (this.lock) {
            if (this.started) {
                this.averageNanos += WEIGHT * (executionNanos - this.averageNanos);
            }
            else {
                this.averageNanos = executionNanos;
                this.started = true;
            }
            return Math.round(this.averageNanos);
        }
    }
}
