package io.github.operationqueue.benchmarks;

import io.github.operationqueue.OperationQueue;

/**
 * The runner budget a benchmark's queue is built with, named by a {@code budget} parameter.
 *
 * <p>{@value #NONE} is the only value today: a runner keeps its executor thread for as long as work
 * remains. The runner budget that DESIGN section 5 promises (a builder option and a per-queue
 * property: a number of operations, or a time, per dispatch, after which a runner gives its thread back
 * and is dispatched again) adds its values here, translated to that builder option. Then
 * {@link FairnessBenchmark} shows the probe latency a budget buys and {@link DispatchBenchmark} the
 * throughput it costs, each against {@value #NONE} in the same run.
 */
final class RunnerBudget {

    static final String NONE = "none";

    private RunnerBudget() {
    }

    static OperationQueue.Builder apply(String budget, OperationQueue.Builder builder) {
        if (NONE.equals(budget)) {
            return builder;
        }
        throw new IllegalArgumentException("budget=" + budget + " is not supported: this OperationQueue has no "
                + "runner budget option yet, so the only value is '" + NONE + "' (-p budget=" + NONE + ")");
    }
}
