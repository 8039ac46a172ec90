package io.github.operationqueue.benchmarks;

import io.github.operationqueue.OperationQueue;

/**
 * The runner budget a benchmark's queue is built with, named by a {@code budget} parameter and
 * translated to {@link OperationQueue.Builder#budget(int)}: {@value #NONE} keeps the thread while work
 * remains ({@code Integer.MAX_VALUE}), {@value #DEFAULT} leaves the builder's default, and a number is
 * that many operations per dispatch. {@link FairnessBenchmark} shows the probe latency a budget buys
 * and {@link DispatchBenchmark} the throughput it costs, each against {@value #NONE} in the same run.
 */
final class RunnerBudget {

    static final String NONE = "none";

    static final String DEFAULT = "default";

    private RunnerBudget() {
    }

    static OperationQueue.Builder apply(String budget, OperationQueue.Builder builder) {
        if (NONE.equals(budget)) {
            return builder.budget(Integer.MAX_VALUE);
        }
        if (DEFAULT.equals(budget)) {
            return builder;
        }
        try {
            return builder.budget(Integer.parseInt(budget));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("budget=" + budget + " is not supported: use '" + NONE + "', '"
                    + DEFAULT + "' or a number of operations per dispatch (-p budget=64)", ex);
        }
    }
}
