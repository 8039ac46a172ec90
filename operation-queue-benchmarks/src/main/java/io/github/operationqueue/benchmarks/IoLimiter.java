package io.github.operationqueue.benchmarks;

/** A started {@link AsyncIoLimiter}: starts I/O operations within its limit. */
interface IoLimiter extends AutoCloseable {

    /**
     * Starts {@code count} I/O operations of the current batch, at most {@value AsyncIoBenchmark#IN_FLIGHT}
     * at a time; may block the producer while the limit is reached, and may return before the last ones
     * complete.
     */
    void perform(int count) throws InterruptedException;

    /** Stops the limiter and waits until its threads are gone. */
    @Override
    void close();
}
