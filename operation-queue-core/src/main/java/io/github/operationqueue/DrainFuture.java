package io.github.operationqueue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The future that {@link OperationQueue#stop()} hands to every caller: one instance per queue, which
 * callers wait on and chain from but cannot complete, cancel or time out, since that would decide
 * the drain for every other caller. Only the queue completes it, when its last runner has stopped.
 *
 * <p>Handing out one shared instance, rather than a {@link #copy()} per call, keeps a caller that
 * polls {@code stop()} during a long drain from piling up futures the queue must hold until the
 * drain ends. Dependent stages are ordinary {@link CompletableFuture}s, which their callers own (see
 * {@link SharedFuture}).
 */
final class DrainFuture extends SharedFuture {

    DrainFuture() {
        super("The future of OperationQueue.stop() is shared by every caller and completes when the drain "
                + "ends; take a copy() to complete, cancel or time out your own");
    }

    /** Completes this future; called once by the queue when its drain has ended. */
    void drained() {
        super.complete(null);
    }

    /**
     * Does nothing: the drain is not the caller's to cancel. Cancel a {@link #copy()} to stop
     * waiting.
     *
     * @return {@code false}, unless the future was cancelled (it never is)
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return isCancelled();
    }

    @Override
    public boolean complete(Void value) {
        throw refused();
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        throw refused();
    }

    @Override
    public CompletableFuture<Void> completeAsync(Supplier<? extends Void> supplier, Executor executor) {
        throw refused();
    }

    @Override
    public CompletableFuture<Void> completeAsync(Supplier<? extends Void> supplier) {
        throw refused();
    }

    @Override
    public CompletableFuture<Void> orTimeout(long timeout, TimeUnit unit) {
        throw refused();
    }

    @Override
    public CompletableFuture<Void> completeOnTimeout(Void value, long timeout, TimeUnit unit) {
        throw refused();
    }
}
