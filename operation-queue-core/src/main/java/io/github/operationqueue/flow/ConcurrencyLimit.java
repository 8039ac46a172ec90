package io.github.operationqueue.flow;

/**
 * How many operations of a queue may be in flight at once: the limit a queue consults before a runner
 * starts an operation, and which learns from each finished operation. A queue built with one lets at most
 * {@link #limit()} of its runners perform at a time (never more than it has runners); the others park,
 * holding no thread, until an operation finishes or the limit grows.
 *
 * <p>{@link #fixed(int)} never moves; {@link #bbr(int, int, int)} estimates the remote's capacity from its
 * throughput and latency. The adaptive algorithms of Netflix's concurrency-limits are in
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

    /**
     * Returns a limit that estimates the remote's capacity as TCP's BBR estimates a path: the highest rate
     * at which operations recently succeeded, times the remote's latency when nothing queues inside it, is
     * how many the remote serves at once (a remote completing 1,200 a second at 25 ms holds 30). The limit
     * stays at that estimate, probing 8% above it one round in eight and draining 10% below it the round
     * after; a round is twice the limit in operations, so the limit follows a change in the remote within a
     * few dozen of its latencies. It starts by growing by half each round while the rate grows. It drops
     * to at most 70% of itself after a round with more operations classed as overload than the remote's
     * usual share of refusals could give by chance (learnt, so that a remote refusing a few percent at random
     * does not hold it down); after a round with over a tenth refused it grows back by half a round, as at
     * the start, up to where it was. Other than for overload, it never lowers itself for a round in which the queue kept
     * fewer operations in flight than the limit allowed (too little work, or a busy executor), nor after its
     * start raises itself for one. Needs no library.
     *
     * <p>It suits a remote whose latency grows, or that refuses, once it is full: most HTTP services. Every
     * operation not classed as overload counts as served, a failed one too, so the remote's refusals (a 503, a
     * 429) must be classed as overload for the limit to back off for them.
     * Operations that take no time (a local computation) measure a capacity of about one.
     *
     * @param min the lowest limit
     * @param max the highest limit
     * @param initial the limit to start from
     * @return the limit
     * @throws IllegalArgumentException if not {@code 1 <= min <= initial <= max}
     */
    static ConcurrencyLimit bbr(int min, int max, int initial) {
        return new BbrLimit(min, max, initial);
    }
}
