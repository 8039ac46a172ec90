package io.github.operationqueue;

/**
 * The future {@link OperationQueue#enqueue} returns for an operation accepted at once: one completed
 * instance shared by every such call, so that the common case allocates no future.
 *
 * <p>Sharing is safe because nothing a caller may do to it reaches another caller: on a completed
 * future {@code complete}, {@code completeExceptionally}, {@code cancel}, {@code orTimeout} and
 * {@code completeOnTimeout} already do nothing, and the two methods that would overwrite the outcome
 * throw (see {@link SharedFuture}).
 */
final class AcceptedFuture extends SharedFuture {

    static final AcceptedFuture INSTANCE = new AcceptedFuture();

    private AcceptedFuture() {
        super("The future enqueue() returns for an operation accepted at once is shared by every such call "
                + "and cannot be overwritten; take a copy() for a future of your own");
        super.complete(null);
    }
}
