package io.github.operationqueue.flow;

/**
 * How often a queue may start an operation: a permit per start. Before a runner starts an operation it
 * reserves a permit; when the permit lies in the future the runner parks, holding no thread, and the
 * queue's timer hands it back to the executor when the permit's time comes. A permit is good for that
 * one start only: a runner that then finds no work, or the concurrency limit full, gives it up rather
 * than save it for a later burst (which it would start beyond the rate). The rate is an upper bound.
 *
 * <p>{@link io.github.operationqueue.flow.resilience4j.Resilience4jStartRate} implements it with
 * Resilience4j's rate limiter.
 *
 * <p>Threads: {@link #reserveNanos()} is called by runners on the executor's threads, by many at once;
 * implementations are thread-safe, quick, and never block. An exception it throws is logged with the
 * queue's name and the operation starts at once (a broken rate must not stop the queue).
 */
public interface StartRate {

    /**
     * Reserves one permit.
     *
     * @return nanoseconds until the permit may be used; 0 or less to use it now
     */
    long reserveNanos();

    /**
     * Describes the rate for the actuator endpoint and logs.
     *
     * @return for example {@code 50/s (burst 1)}
     */
    String describe();
}
