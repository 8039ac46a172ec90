package io.github.operationqueue.benchmarks.flow;

/**
 * The {@link SimulatedRemote}'s 503: it already held twice its capacity. The scenario's queues class it as
 * overload ({@code OperationQueue.Builder.overloadOn}) and retry the work item. Thousands are thrown per
 * second by a queue with too many runners, so it carries no stack trace.
 */
final class RemoteOverloadedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RemoteOverloadedException(String message) {
        super(message, null, false, false);
    }
}
