package io.github.operationqueue.flow;

/**
 * The latencies of the operations a {@link BbrLimit} started in one round: their mean, and how far that mean
 * may be from the remote's true one (its standard error), so that a round's luck is not taken for a change.
 *
 * <p>Not thread-safe: its limit guards it.
 */
final class LatencyTally {

    private long count;

    private double sumNanos;

    // In milliseconds squared: nanoseconds squared lose a double's precision at the latencies of remote calls.
    private double squaresMillis;

    void add(long latencyNanos) {
        double millis = latencyNanos / 1e6;
        this.count++;
        this.sumNanos += latencyNanos;
        this.squaresMillis += millis * millis;
    }

    void clear() {
        this.count = 0;
        this.sumNanos = 0;
        this.squaresMillis = 0;
    }

    long count() {
        return this.count;
    }

    /** The mean latency, or {@link Double#NaN} with no latency added. */
    double meanNanos() {
        return (this.count == 0) ? Double.NaN : this.sumNanos / this.count;
    }

    /** The standard error of {@link #meanNanos()}: 0 with fewer than two latencies added. */
    double standardErrorNanos() {
        if (this.count < 2) {
            return 0;
        }
        double meanMillis = meanNanos() / 1e6;
        double variance = Math.max(0, this.squaresMillis / this.count - meanMillis * meanMillis);
        return Math.sqrt(variance / this.count) * 1e6;
    }
}
