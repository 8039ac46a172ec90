package io.github.operationqueue.flow;

/** A limit that never moves; also what a queue's limit becomes when it is set at run time. */
final class FixedConcurrencyLimit implements ConcurrencyLimit {

    private final int limit;

    FixedConcurrencyLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a concurrency limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    @Override
    public int limit() {
        return this.limit;
    }

    @Override
    public void onSample(long startTimeNanos, long executionNanos, int inFlight, boolean overload) {
    }

    @Override
    public String algorithm() {
        return "fixed";
    }

    @Override
    public String toString() {
        return "fixed(" + this.limit + ")";
    }
}
