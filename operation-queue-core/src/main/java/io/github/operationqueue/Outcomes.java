package io.github.operationqueue;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;

import io.github.operationqueue.flow.RemoteBackOffException;
import org.slf4j.Logger;

/**
 * What happens to each operation a runner takes: the {@code started} and {@code completed} listener
 * calls, the completed and failed counts, the failure log, and the {@code submit} future. Called by
 * {@link Runner} on the thread where the event happens; thread-safe.
 */
final class Outcomes {

    private static final Logger logger = QueueLog.LOGGER;

    private final String name;

    private final SafeListener listener;

    private final FailureLog failureLog;

    private final LongAdder completed = new LongAdder();

    private final LongAdder failed = new LongAdder();

    // Null for a queue with neither a limit nor a rate.
    private final FlowGate flow;

    private final BackOff backOff;

    Outcomes(String name, SafeListener listener, FailureLog failureLog, FlowGate flow, BackOff backOff) {
        this.name = name;
        this.listener = listener;
        this.failureLog = failureLog;
        this.flow = flow;
        this.backOff = backOff;
    }

    long completed() {
        return this.completed.sum();
    }

    long failed() {
        return this.failed.sum();
    }

    /** Summarises what the failure log holds back; called when the queue terminates. */
    void flushFailures() {
        this.failureLog.flush();
    }

    /**
     * Tells listeners that {@code entry} starts, and returns when, or {@link QueuedEntry#NOT_TIMED}
     * when nobody listens: with no listener the clock is never read. An operation accepted before
     * the first listener was added reports a zero wait.
     */
    long started(Object entry) {
        if (this.listener.isEmpty()) {
            // A concurrency limit learns from each execution time.
            return (this.flow != null) ? System.nanoTime() : QueuedEntry.NOT_TIMED;
        }
        long startedAt = System.nanoTime();
        long acceptedAt = QueuedEntry.acceptedAt(entry);
        this.listener.started(this.name, (acceptedAt == QueuedEntry.NOT_TIMED) ? 0 : startedAt - acceptedAt);
        return startedAt;
    }

    /**
     * Records an operation's outcome: counts it, logs a failure nobody else hears of, calls the
     * listeners and settles the {@code submit} future, in that order. Never throws: a failure of the
     * bookkeeping itself (a failing log appender, say) is logged, and the runner goes on.
     */
    void finished(Object entry, long startedAt, Object value, Throwable failure) {
        Throwable cause = (failure != null) ? causeOf(failure) : null;
        if (cause instanceof RemoteBackOffException backOffRequest) {
            // Before the operation's future fails: a caller that retries from its callback, on this thread,
            // must find the queue quiet already.
            requestQuiet(entry, backOffRequest);
        }
        try {
            record(entry, startedAt, value, failure);
        }
        catch (Throwable ex) {
            logger.error("{}: recording the outcome of operation {} failed; the runner goes on", this.name,
                    QueuedEntry.describe(entry), ex);
        }
        finally {
            if (this.flow != null) {
                // Before the runner takes its next entry: the limit applies to it already.
                this.flow.finished(startedAt, cause);
            }
        }
    }

    private void requestQuiet(Object entry, RemoteBackOffException backOffRequest) {
        try {
            this.backOff.request(backOffRequest.quiet(), "an operation failed with " + backOffRequest);
        }
        catch (Throwable ex) {
            // The outcome is recorded whatever happens here: the operation's future must settle.
            logger.error("{}: could not start the quiet operation {} asked for", this.name,
                    QueuedEntry.describe(entry), ex);
        }
    }

    private static Throwable causeOf(Throwable failure) {
        return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
    }

    private void record(Object entry, long startedAt, Object value, Throwable failure) {
        if (failure == null) {
            this.completed.increment();
            if (!this.listener.isEmpty()) {
                this.listener.completed(this.name, since(startedAt), null);
            }
            QueuedEntry.succeeded(entry, value);
            return;
        }
        Throwable cause = causeOf(failure);
        this.failed.increment();
        if (QueuedEntry.reportsOutcome(entry)) {
            // The caller of submit owns this failure; it gets it through its future.
            logger.debug("{}: operation {} failed", this.name, QueuedEntry.describe(entry), cause);
        }
        else {
            this.failureLog.failed(QueuedEntry.describe(entry), cause);
        }
        if (!this.listener.isEmpty()) {
            this.listener.completed(this.name, since(startedAt), cause);
        }
        QueuedEntry.failed(entry, cause);
    }

    private static long since(long startedAt) {
        return (startedAt == QueuedEntry.NOT_TIMED) ? 0 : System.nanoTime() - startedAt;
    }
}
