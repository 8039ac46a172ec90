package io.github.operationqueue.autoconfigure;

import java.util.Objects;

import io.github.operationqueue.OperationDecorator;
import io.github.operationqueue.QueuedOperation;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * Carries the enqueuer's thread-local context into {@link QueuedOperation#perform()}, with
 * Micrometer's context-propagation library: every value that a registered
 * {@code ThreadLocalAccessor} reads (MDC, the current observation, and any the application
 * registers) is captured when the operation is enqueued and set around its {@code perform()}
 * call on the runner's thread; values the enqueuer did not have are cleared there, and the
 * runner thread's own values are restored afterwards.
 *
 * <p>Threads: capture runs on the enqueuing thread, restore on the executor thread that calls
 * {@code perform()}. Only the synchronous part of {@code perform()} runs in the captured context;
 * stages it returns complete wherever their own code completes them.
 */
public final class ContextPropagatingOperationDecorator implements OperationDecorator {

    private final ContextSnapshotFactory snapshots;

    /**
     * Creates a decorator that captures with {@code snapshots}.
     *
     * @param snapshots the factory that captures and restores context; for a faithful copy build
     *        it with {@code clearMissing(true)}
     * @throws NullPointerException if {@code snapshots} is {@code null}
     */
    public ContextPropagatingOperationDecorator(ContextSnapshotFactory snapshots) {
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots must not be null");
    }

    @Override
    public QueuedOperation decorate(QueuedOperation operation) {
        ContextSnapshot snapshot = this.snapshots.captureAll();
        return () -> {
            try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
                return operation.perform();
            }
        };
    }

}
