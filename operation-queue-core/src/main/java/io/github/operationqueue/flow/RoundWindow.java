package io.github.operationqueue.flow;

import java.util.Arrays;

/**
 * The best of the values recorded over the last few rounds of a {@link BbrLimit}: the highest delivery rate,
 * or the lowest latency. A round older than the window no longer counts, so an estimate taken when the remote
 * was faster (or had more room) expires on its own.
 *
 * <p>Not thread-safe: its limit guards it.
 */
final class RoundWindow {

    private final double[] values;

    private final long[] rounds;

    private final boolean highest;

    private RoundWindow(int length, boolean highest) {
        this.values = new double[length];
        this.rounds = new long[length];
        this.highest = highest;
        clear();
    }

    /** A window that keeps the highest value of its last {@code length} rounds. */
    static RoundWindow highest(int length) {
        return new RoundWindow(length, true);
    }

    /** A window that keeps the lowest value of its last {@code length} rounds. */
    static RoundWindow lowest(int length) {
        return new RoundWindow(length, false);
    }

    /** Records the value that round {@code round} measured; rounds are recorded in increasing order. */
    void record(long round, double value) {
        int slot = (int) (round % this.values.length);
        this.values[slot] = value;
        this.rounds[slot] = round;
    }

    /** Forgets every round recorded so far. */
    void clear() {
        Arrays.fill(this.values, Double.NaN);
    }

    /**
     * Returns the best value recorded in the window that ends with round {@code round}.
     *
     * @return the best value, or {@link Double#NaN} when no round in the window recorded one
     */
    double best(long round) {
        double best = Double.NaN;
        for (int i = 0; i < this.values.length; i++) {
            if (!Double.isNaN(this.values[i]) && round - this.rounds[i] < this.values.length
                    && (Double.isNaN(best) || (this.highest ? this.values[i] > best : this.values[i] < best))) {
                best = this.values[i];
            }
        }
        return best;
    }
}
