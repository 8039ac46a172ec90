package io.github.operationqueue.lincheck;

/**
 * What {@link OperationQueueLincheckTests} expects of a queue with capacity
 * {@value OperationQueueLincheckTests#CAPACITY} and no runner, done one call at a time: the sequential
 * specification Lincheck compares concurrent histories with. Written from the contract (DESIGN.md and the
 * Javadoc), not from the implementation.
 */
public class QueueSpecification {

    private int depth;

    private int waiting;

    private boolean stopped;

    private long enqueued;

    private long refused;

    private long abandoned;

    /** Lincheck creates one per scenario, reflectively. */
    public QueueSpecification() {
    }

    /** Accepted at once when open, with room and no earlier enqueue waiting; otherwise waits or fails. */
    public boolean enqueue() {
        if (this.stopped) {
            return false;
        }
        if (this.waiting == 0 && this.depth < OperationQueueLincheckTests.CAPACITY) {
            this.depth++;
            this.enqueued++;
            return true;
        }
        this.waiting++;
        return false;
    }

    /** Never waits: accepted, full (or behind a waiting enqueue), or stopped. */
    public String tryEnqueue() {
        if (this.stopped) {
            return "stopped";
        }
        if (this.waiting > 0 || this.depth >= OperationQueueLincheckTests.CAPACITY) {
            return "full";
        }
        this.depth++;
        this.enqueued++;
        return "accepted";
    }

    /** Closes; waiting enqueues are refused, and with no runner what is queued is abandoned at once. */
    public void stop() {
        if (this.stopped) {
            return;
        }
        this.stopped = true;
        this.refused += this.waiting;
        this.waiting = 0;
        this.abandoned += this.depth;
        this.depth = 0;
    }

    public String depthAndStopped() {
        return "depth=" + this.depth + " stopped=" + this.stopped;
    }

    public long enqueued() {
        return this.enqueued;
    }

    public long refused() {
        return this.refused;
    }

    public long abandoned() {
        return this.abandoned;
    }
}
