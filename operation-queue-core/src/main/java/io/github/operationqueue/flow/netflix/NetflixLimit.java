package io.github.operationqueue.flow.netflix;

import java.util.function.LongUnaryOperator;

import com.netflix.concurrency.limits.Limit;
import io.github.operationqueue.flow.ConcurrencyLimit;

/** One concurrency-limits {@link Limit} seen as ours, kept within {@code [min, max]}. */
final class NetflixLimit implements ConcurrencyLimit {

    private final String algorithm;

    private final Limit delegate;

    private final int min;

    private final int max;

    // Gradient2 reads latency only and ignores the overload flag: a fast 503 would tell it the remote
    // has room. Its overload samples are left out, and the latency of the others moves it.
    private final boolean samplesOverload;

    // What the algorithm is told of each execution time not classed as overload: the time itself, or
    // (for vegas) a moving average of them.
    private final LongUnaryOperator reportedExecution;

    // The execution time reported for the latest operation not classed as overload; 0 before the first.
    private volatile long latestExecutionNanos;

    NetflixLimit(String algorithm, Limit delegate, int min, int max, boolean samplesOverload) {
        this(algorithm, delegate, min, max, samplesOverload, LongUnaryOperator.identity());
    }

    NetflixLimit(String algorithm, Limit delegate, int min, int max, boolean samplesOverload,
            LongUnaryOperator reportedExecution) {
        this.samplesOverload = samplesOverload;
        this.reportedExecution = reportedExecution;
        this.algorithm = algorithm;
        this.delegate = delegate;
        this.min = min;
        this.max = max;
    }

    @Override
    public int limit() {
        return Math.max(this.min, Math.min(this.max, this.delegate.getLimit()));
    }

    @Override
    public void onSample(long startTimeNanos, long executionNanos, int inFlight, boolean overload) {
        // An operation that completes within one tick of System.nanoTime() took 0 ns: VegasLimit refuses that
        // sample ("rtt must be >0"), and Gradient2Limit divides by it. The algorithms are told 1 ns instead.
        long measured = Math.max(1, executionNanos);
        if (!overload) {
            long reported = this.reportedExecution.applyAsLong(measured);
            this.latestExecutionNanos = reported;
            this.delegate.onSample(startTimeNanos, reported, inFlight, false);
        }
        else if (this.samplesOverload) {
            // An overload's own time says nothing of how fast the remote answers without load: a 503 answered
            // at once would become Vegas' shortest execution time, after which every success looks queued and
            // the limit sinks to its floor. The algorithm is told of the overload with the latest real
            // execution time instead (the overload's own, if longer).
            this.delegate.onSample(startTimeNanos, Math.max(measured, this.latestExecutionNanos), inFlight, true);
        }
    }

    @Override
    public String algorithm() {
        return this.algorithm;
    }

    @Override
    public String toString() {
        return this.algorithm + "(" + limit() + ", " + this.min + ".." + this.max + ")";
    }
}
