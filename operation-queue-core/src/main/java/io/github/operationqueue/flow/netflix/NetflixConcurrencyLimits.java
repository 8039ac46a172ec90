package io.github.operationqueue.flow.netflix;

import java.util.Objects;
import java.util.function.IntUnaryOperator;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limit.functions.Log10RootIntFunction;
import io.github.operationqueue.flow.ConcurrencyLimit;

/**
 * Adaptive {@link ConcurrencyLimit}s from Netflix's concurrency-limits ({@code
 * com.netflix.concurrency-limits:concurrency-limits-core}, an optional dependency of core that the
 * application adds to use them). Each learns from the execution time of every operation and from
 * operations classed as overload:
 * <ul>
 * <li>{@link #gradient2}: compares the recent execution time with a long-term average and lowers the
 * limit as it grows; it tolerates noisy latency, and suits a remote whose latency rises as it queues. It
 * reads latency only: operations classed as overload are left out of its samples, since a fast 503
 * says nothing of the remote's room;</li>
 * <li>{@link #vegas}: estimates the queue inside the remote by comparing a moving average of execution
 * times with the lowest that average has been since Vegas last probed, and keeps it at two or three
 * requests; lowers the limit on overload, never below {@code min}, so that it rises again with the first
 * samples that show room;</li>
 * <li>{@link #aimd}: adds one while the limit is in use, and multiplies it by 0.9 on overload (or an
 * execution slower than five seconds): simple, and driven by the remote's 503s and 429s.</li>
 * </ul>
 * Every limit here is kept within {@code [min, max]}; a queue never lets more operations run than it has
 * runners, so {@code max} at most the number of runners is the useful choice. An operation classed as
 * overload reaches vegas, aimd and {@link #of} limits with the execution time of the latest operation that
 * was not (or its own, if longer): a 503 answered at once says nothing of how fast the remote answers
 * without load, and Vegas would otherwise take it for that. An operation that completed within one tick
 * of {@link System#nanoTime()} reaches every algorithm as 1 ns: Vegas refuses 0, and Gradient2 divides by it.
 */
public final class NetflixConcurrencyLimits {

    // Vegas estimates the requests queued inside the remote as limit * (1 - noLoadLatency / latency). Up to
    // its threshold (log10 of the limit, at least 1) it grows the limit by beta, below alpha by a little,
    // and above beta it shrinks it. The library's defaults, 3 and 6 times log10(limit), let a remote of
    // capacity 15 hold 4 to 7 requests queued (a limit of 19 to 22, 25% to 50% above it) and more as the
    // limit grows. Alpha 1 lies at or below the threshold, so the limit grows by beta while at most one
    // request is queued (two from a limit of 100), holds at two or three, and shrinks above three: just
    // above the remote's capacity whatever its size, and the remote always has the next request at hand.
    private static final int VEGAS_ALPHA = 1;

    private static final int VEGAS_BETA = 3;

    // Each sample moves the limit a fifth of the way to Vegas' new estimate: a whole step per sample swings a
    // limit of tens by a third around the remote's capacity, while a tenth answers a run of 503s (after the
    // remote's capacity halves) too slowly. A fifth still takes five 503s where the library's default takes
    // one to lower the limit by a step (1 below a limit of 100).
    private static final double VEGAS_SMOOTHING = 0.2;

    private NetflixConcurrencyLimits() {
    }

    /**
     * Returns a gradient limit ({@code Gradient2Limit}).
     *
     * @param min the lowest limit
     * @param max the highest limit
     * @param initial the limit to start from
     * @return the limit
     * @throws IllegalArgumentException if not {@code 1 <= min <= initial <= max}
     */
    public static ConcurrencyLimit gradient2(int min, int max, int initial) {
        check(min, max, initial);
        return new NetflixLimit("gradient2", Gradient2Limit.newBuilder()
            .minLimit(min)
            .maxConcurrency(max)
            .initialLimit(initial)
            .build(), min, max, false);
    }

    /**
     * Returns a Vegas limit ({@code VegasLimit}) tuned to keep a few requests queued inside the remote, and
     * told a moving average of execution times rather than each one. Vegas estimates the requests queued as
     * {@code limit * (1 - noLoad / latency)}, {@code noLoad} being the lowest latency it was told since it
     * last probed; this one raises the limit while that estimate is at most one request (two from a limit of
     * 100), keeps it at two or three, and lowers it above three, each sample moving the limit a fifth of the
     * way to the value Vegas computes. Each overload lowers it likewise, by a fifth of the library's step
     * (0.2 below a limit of 100), never below {@code min}.
     *
     * <p>What the average does not do: noisy latency still reads in part as queueing, since the lowest the
     * average reaches lies below its mean. On execution times spread evenly from 5 to 40 ms that do not grow
     * with the load, the limit averages 17 to 21, however many more requests the remote could take (about 7
     * with the library's defaults). And once every 15 to 30 times as many samples as the limit, Vegas
     * probes, taking the latest latency for the no-load one: under queueing that lasts, the probe takes the
     * queue in, and the limit creeps up until the remote refuses. Use {@link #of} for Vegas as its builder
     * configures it.
     *
     * @param min the lowest limit
     * @param max the highest limit
     * @param initial the limit to start from
     * @return the limit
     * @throws IllegalArgumentException if not {@code 1 <= min <= initial <= max}
     */
    public static ConcurrencyLimit vegas(int min, int max, int initial) {
        check(min, max, initial);
        // VegasLimit.Builder has no lower bound (its estimate only stops at 1), so its own decrease, the
        // library's default step, is floored at min: clamped only on read, an estimate sunk far below min
        // would keep the limit at min for many samples after the remote has room again.
        IntUnaryOperator step = Log10RootIntFunction.create(0);
        return new NetflixLimit("vegas", VegasLimit.newBuilder()
            .maxConcurrency(max)
            .initialLimit(initial)
            .alpha(VEGAS_ALPHA)
            .beta(VEGAS_BETA)
            .smoothing(VEGAS_SMOOTHING)
            .decreaseFunction((estimate) -> Math.max(min, estimate - step.applyAsInt((int) estimate)))
            .build(), min, max, true, new LatencyAverage()::add);
    }

    /**
     * Returns an additive-increase, multiplicative-decrease limit ({@code AIMDLimit}).
     *
     * @param min the lowest limit
     * @param max the highest limit
     * @param initial the limit to start from
     * @return the limit
     * @throws IllegalArgumentException if not {@code 1 <= min <= initial <= max}
     */
    public static ConcurrencyLimit aimd(int min, int max, int initial) {
        check(min, max, initial);
        return new NetflixLimit("aimd", AIMDLimit.newBuilder().minLimit(min).maxLimit(max).initialLimit(initial).build(),
                min, max, true);
    }

    /**
     * Adapts another concurrency-limits {@link Limit}, configured as its builder allows.
     *
     * @param algorithm the name the endpoint shows
     * @param limit the limit to adapt
     * @param min the lowest limit the queue uses, whatever {@code limit} says
     * @param max the highest limit the queue uses, whatever {@code limit} says
     * @return the adapted limit
     * @throws NullPointerException if {@code algorithm} or {@code limit} is {@code null}
     * @throws IllegalArgumentException if not {@code 1 <= min <= max}
     */
    public static ConcurrencyLimit of(String algorithm, Limit limit, int min, int max) {
        check(min, max, min);
        return new NetflixLimit(Objects.requireNonNull(algorithm, "algorithm must not be null"),
                Objects.requireNonNull(limit, "limit must not be null"), min, max, true);
    }

    private static void check(int min, int max, int initial) {
        if (min < 1 || min > initial || initial > max) {
            throw new IllegalArgumentException("a concurrency limit needs 1 <= min <= initial <= max, was min " + min
                    + ", initial " + initial + ", max " + max);
        }
    }
}
