package io.github.operationqueue.flow.netflix;

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

    NetflixLimit(String algorithm, Limit delegate, int min, int max, boolean samplesOverload) {
        this.samplesOverload = samplesOverload;
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
        if (overload && !this.samplesOverload) {
            return;
        }
        this.delegate.onSample(startTimeNanos, executionNanos, inFlight, overload);
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
