package io.github.operationqueue;

import java.util.concurrent.CompletableFuture;

/**
 * The future {@link OperationQueue#enqueue} returns for an operation accepted at once: one completed
 * instance shared by every such call, so that the common case allocates no future.
 *
 * <p>Sharing is safe because nothing a caller may do to it reaches another caller: on a completed
 * future {@code complete}, {@code completeExceptionally}, {@code cancel}, {@code orTimeout} and
 * {@code completeOnTimeout} already do nothing, and the two methods that would overwrite the outcome,
 * {@code obtrudeValue} and {@code obtrudeException}, throw {@link UnsupportedOperationException}.
 * Dependent stages are ordinary {@link CompletableFuture}s, which their callers own.
 */
final class AcceptedFuture extends CompletableFuture<Void> {

    static final AcceptedFuture INSTANCE = new AcceptedFuture();

    private static final String SHARED = "The future enqueue() returns for an operation accepted at once is shared "
            + "by every such call and cannot be overwritten; take a copy() for a future of your own";

    private AcceptedFuture() {
        super.complete(null);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public void obtrudeValue(Void value) {
        throw new UnsupportedOperationException(SHARED);
    }

    @Override
    public void obtrudeException(Throwable ex) {
        throw new UnsupportedOperationException(SHARED);
    }
}
