package io.github.operationqueue;

/**
 * A snapshot of an {@link OperationQueue}'s counters and runner states, taken by
 * {@link OperationQueue#stats()}.
 *
 * <p>Each field is read atomically, but the fields are read one after the other while the queue
 * moves on, so a snapshot of a busy queue may be off by the operations that moved during the
 * read (an operation may show as neither queued nor running). {@code enqueued} is the count of
 * slots taken, read from the word that takes them: an enqueue counts the moment it is accepted,
 * before its listeners hear of it. (An enqueue that waited for room and is refused by a racing
 * stop may be counted for a moment by the thread admitting it, which then gives its slot back.)
 * Once {@link OperationQueue#stop()}'s future has completed, every count is final and
 * {@code completed + failed + abandoned == enqueued}; {@code refused} counts enqueues that were
 * never accepted and is not part of that sum.
 *
 * @param name the queue's name
 * @param depth operations accepted and not yet started
 * @param capacity the most operations the queue holds before {@code enqueue} waits for room;
 *        {@code 0} for an unbounded queue
 * @param awaitingRoom enqueues waiting for room in a full queue (not yet accepted)
 * @param pendingRunners runners handed to the executor that have not begun to run
 * @param waitingRunners runners waiting for work, or paused
 * @param runningRunners runners performing an operation, or between two operations on a thread
 * @param stoppedRunners runners that have stopped for good
 * @param enqueued operations accepted since the queue was created
 * @param completed operations that were performed successfully
 * @param failed operations that threw, returned a failed stage or returned {@code null}
 * @param abandoned accepted operations given up without being performed: a drain cut short by its
 *        timeout, an executor that shut down, or a stop with no runner to drain
 * @param refused enqueues that were waiting for room when the queue stopped (or its executor shut
 *        down): never accepted, so not counted in {@code enqueued}; each caller's future failed
 *        with {@link QueueStoppedException}. An enqueue made after the stop is told at once and is
 *        not counted here
 * @param rejections times the executor rejected a runner; each was dispatched again later, unless
 *        the executor had shut down or the drain timeout had elapsed, or, for a runner's own
 *        re-dispatch after its budget, went on at once in place
 * @param paused whether dispatching is paused
 * @param stopped whether {@link OperationQueue#stop()} was called
 */
public record OperationQueueStats(
        String name,
        long depth,
        int capacity,
        int awaitingRoom,
        int pendingRunners,
        int waitingRunners,
        int runningRunners,
        int stoppedRunners,
        long enqueued,
        long completed,
        long failed,
        long abandoned,
        long refused,
        long rejections,
        boolean paused,
        boolean stopped) {

    /**
     * Returns every runner ever started, whatever its state.
     *
     * @return the sum of the four runner counts
     */
    public int runners() {
        return this.pendingRunners + this.waitingRunners + this.runningRunners + this.stoppedRunners;
    }

    /**
     * Returns the runners in one state.
     *
     * @param state the state
     * @return the count of runners in {@code state}
     */
    public int runners(RunnerState state) {
        return switch (state) {
            case PENDING -> this.pendingRunners;
            case WAITING -> this.waitingRunners;
            case RUNNING -> this.runningRunners;
            case STOPPED -> this.stoppedRunners;
        };
    }

    /**
     * Returns the runners that have not stopped.
     *
     * @return every runner but the stopped ones
     */
    public int liveRunners() {
        return runners() - this.stoppedRunners;
    }

    /**
     * Returns the operations that have left the queue for good.
     *
     * @return {@code completed + failed + abandoned}
     */
    public long finished() {
        return this.completed + this.failed + this.abandoned;
    }
}
