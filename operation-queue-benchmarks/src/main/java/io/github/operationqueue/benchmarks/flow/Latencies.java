package io.github.operationqueue.benchmarks.flow;

import java.util.Arrays;

/**
 * Every latency of one kind recorded in a phase, kept whole so that percentiles are exact (a phase records
 * some tens of thousands). Thread-safe: completions record from the timer's and the pool's threads.
 */
final class Latencies {

    // guarded by this
    private long[] nanos = new long[4096];

    // guarded by this
    private int size;

    synchronized void add(long latencyNanos) {
        if (this.size == this.nanos.length) {
            this.nanos = Arrays.copyOf(this.nanos, this.size * 2);
        }
        this.nanos[this.size++] = latencyNanos;
    }

    synchronized int size() {
        return this.size;
    }

    /**
     * Returns a percentile by the nearest-rank method: the smallest recorded value that at least
     * {@code percent} % of the values do not exceed.
     *
     * @param percent from 0 (exclusive) to 100
     * @return the value in milliseconds, or {@link Double#NaN} when nothing was recorded
     */
    double percentileMillis(double percent) {
        long[] sorted;
        synchronized (this) {
            sorted = Arrays.copyOf(this.nanos, this.size);
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
