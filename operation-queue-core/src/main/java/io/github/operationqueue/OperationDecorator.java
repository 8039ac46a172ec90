package io.github.operationqueue;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * Wraps each operation as it is enqueued, so that what the caller had in scope at
 * {@code enqueue} (MDC, the current trace or observation, a security context) is restored while
 * the operation is performed. Spring's {@code TaskDecorator} plays the same part for executors.
 *
 * <p>Threads: {@link #decorate} runs on the thread that calls {@code enqueue} or {@code submit},
 * which is where the caller's context is captured; the returned operation is performed later on
 * the queue's executor. Because an operation is asynchronous, the decorated operation sees its
 * own stage and can act when it completes (to close a span, say).
 *
 * <p>Failure: an exception thrown by {@code decorate} propagates to the caller of
 * {@code enqueue}, {@code tryEnqueue} or {@code submit}; the operation is then not accepted.
 */
@FunctionalInterface
public interface OperationDecorator {

    /**
     * Returns the operation to perform in place of {@code operation}.
     *
     * @param operation the operation being enqueued
     * @return the operation to perform; must not be {@code null}
     */
    QueuedOperation decorate(QueuedOperation operation);

    /**
     * Adapts a {@code Runnable} decorator (such as one built from a Spring {@code TaskDecorator})
     * that restores context around the synchronous part of {@link QueuedOperation#perform()}.
     *
     * @param runnableDecorator wraps a {@code Runnable} so that it runs in the caller's context;
     *        called on the enqueuing thread
     * @return an operation decorator that applies {@code runnableDecorator} to each
     *         {@code perform()} call
     * @throws NullPointerException if {@code runnableDecorator} is {@code null}
     */
    static OperationDecorator ofRunnable(UnaryOperator<Runnable> runnableDecorator) {
        Objects.requireNonNull(runnableDecorator, "runnableDecorator must not be null");
        return (operation) -> {
            PerformCall call = new PerformCall(operation);
            Runnable decorated = runnableDecorator.apply(call);
            return () -> {
                decorated.run();
                return call.result();
            };
        };
    }

    /**
     * Composes two decorators: {@code this} wraps the operation first, so {@code outer} runs
     * outermost.
     *
     * @param outer the decorator to apply after this one
     * @return a decorator that applies both
     * @throws NullPointerException if {@code outer} is {@code null}
     */
    default OperationDecorator andThen(OperationDecorator outer) {
        Objects.requireNonNull(outer, "outer must not be null");
        return (operation) -> outer.decorate(decorate(operation));
    }

}
