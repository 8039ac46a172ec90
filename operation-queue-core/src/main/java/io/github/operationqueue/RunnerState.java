package io.github.operationqueue;

/**
 * What a runner of an {@link OperationQueue} is doing. A runner is a logical worker, not a
 * thread: it borrows an executor thread only while it takes and starts operations.
 */
public enum RunnerState {

    /**
     * Handed to the executor and not yet begun: at start, after an asynchronous operation
     * completed, or while the executor is saturated or rejecting work. Many pending runners
     * for long mean the executor starves the queue.
     */
    PENDING,

    /** Waiting for an operation, or paused; holds no thread. */
    WAITING,

    /**
     * Performing an operation: running its body, or waiting for its stage to complete (then
     * holding no thread); or, for a moment between two operations, holding a thread while it takes
     * the next one or finds there is none.
     */
    RUNNING,

    /** Stopped for good; the queue was stopped and drained, or its executor shut down. */
    STOPPED
}
