package io.github.operationqueue.flow;

/**
 * How many operations of a queue may be in flight at once: the limit a queue consults before a runner
 * starts an operation, and which learns from each finished operation. A queue built with one lets at most
 * {@link #limit()} of its runners perform at a time (never more than it has runners); the others park,
 * holding no thread, until an operation finishes or the limit grows.
 *
 * <p>{@link #fixed(int)} never moves. The adaptive algorithms of Netflix's concurrency-limits are in
 * {@link io.github.operationqueue.flow.netflix.NetflixConcurrencyLimits}; any other algorithm can be plugged
 * in by implementing this interface.
 *
 * <p>Threads: {@link #onSample} is called on the thread that completed an operation, by many threads at
 * once, and {@link #limit()} on any thread: implementations are thread-safe, quick, and never block.
 * An exception thrown by either is logged with the queue's name; the queue then keeps its previous
 * limit.
 */
public interface ConcurrencyLimit {

    /**
     * Returns the current limit.
     *
     * @return how many operations may be in flight now, at least 1
     */
    int limit();

    /**
     * Learns from one finished operation.
     *
     * @param startTimeNanos when the operation started, on the {@link System#nanoTime()} clock
     * @param executionNanos how long it took, from its start to the completion of its stage
     * @param inFlight how many operations were in flight when it finished, itself included
     * @param overload whether it failed in a way classified as overload (the remote answered 503 or 429,
     *        or timed out; see {@code OperationQueue.Builder.overload})
     */
    void onSample(long startTimeNanos, long executionNanos, int inFlight, boolean overload);

    /**
     * Returns the algorithm's name, shown by the actuator endpoint.
     *
     * @return a short lower-case name such as {@code fixed} or {@code gradient2}
     */
    default String algorithm() {
        return getClass().getSimpleName();
    }

    /**
     * Returns a limit that never moves.
     *
     * @param limit how many operations may be in flight at once
     * @return the fixed limit
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    static ConcurrencyLimit fixed(int limit) {
        return new FixedConcurrencyLimit(limit);
    }
}
