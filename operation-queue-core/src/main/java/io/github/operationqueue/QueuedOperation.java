package io.github.operationqueue;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;

/**
 * An operation that an {@link OperationQueue} performs once every operation enqueued before
 * it has started and a runner is free.
 *
 * <p>An operation is asynchronous: {@link #perform()} starts it and returns a stage that
 * completes when it has been performed. The runner that called {@code perform()} takes no
 * other operation until that stage completes, but it holds no thread while it waits. A body
 * that blocks instead is wrapped with {@link #of(Runnable)} or {@link #ofCallable(Callable)};
 * it then holds an executor thread for as long as it blocks, and nothing more.
 *
 * <p>Failure: {@code perform()} throwing, returning a stage that completes exceptionally, or
 * returning {@code null} all count as a failed operation. The queue logs and counts it, and
 * the runner goes on with the next operation.
 */
@FunctionalInterface
public interface QueuedOperation {

    /**
     * Starts this operation. Called once, on a thread of the queue's executor.
     *
     * @return a stage that completes, normally or exceptionally, when the operation has been
     *         performed; never {@code null} for a well-behaved operation
     * @throws Exception if the operation cannot be started; it then counts as failed
     */
    CompletionStage<?> perform() throws Exception;

    /**
     * Wraps a blocking body: the operation is performed when {@code body} returns, and fails
     * when it throws.
     *
     * @param body the work to run on an executor thread
     * @return an operation that runs {@code body} and completes with it
     * @throws NullPointerException if {@code body} is {@code null}
     */
    static QueuedOperation of(Runnable body) {
        Objects.requireNonNull(body, "body must not be null");
        return new BlockingOperation(Executors.callable(body), body.getClass());
    }

    /**
     * Wraps a blocking body that returns a value; the value is what
     * {@link OperationQueue#submit(Callable)} would hand back.
     *
     * @param body the work to run on an executor thread
     * @return an operation that calls {@code body} and completes with its result
     * @throws NullPointerException if {@code body} is {@code null}
     */
    static QueuedOperation ofCallable(Callable<?> body) {
        Objects.requireNonNull(body, "body must not be null");
        return new BlockingOperation(body, body.getClass());
    }
}
