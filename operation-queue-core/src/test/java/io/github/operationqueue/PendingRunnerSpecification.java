package io.github.operationqueue;

import io.github.operationqueue.lincheck.QueueSpecification;

/**
 * What {@link PendingRunnerLincheckTests} expects, one call at a time: the queue of
 * {@link QueueSpecification} with one runner the executor never runs. The runner is PENDING until the
 * drain deadline claims it; the deadline refuses the waiters and abandons what is queued, as a stop with
 * no runner does.
 */
public class PendingRunnerSpecification extends QueueSpecification {

    private int pendingRunners = 1;

    /** Lincheck creates one per scenario, reflectively. */
    public PendingRunnerSpecification() {
    }

    public void stopAtDeadline() {
        stop();
        this.pendingRunners = 0;
    }

    public int pendingRunners() {
        return this.pendingRunners;
    }
}
