package io.github.operationqueue.benchmarks;

import java.util.function.Consumer;

/**
 * A started dispatcher: where {@link DispatchBenchmark} hands its operations, and how to stop it.
 *
 * @param dispatch hands one operation over; never blocks (the queues and pools are unbounded)
 * @param stop stops the dispatcher and waits until its threads are gone
 */
record DispatchTarget(Consumer<NoOpBatch> dispatch, Runnable stop) {
}
