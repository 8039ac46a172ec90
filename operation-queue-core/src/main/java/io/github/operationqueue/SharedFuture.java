package io.github.operationqueue;

import java.util.concurrent.CompletableFuture;

/**
 * A future the queue hands to more than one caller, so that no caller may decide its outcome for the
 * others: its outcome cannot be overwritten ({@code obtrude*} throw {@link UnsupportedOperationException}
 * with a message saying why and what to do instead), and its dependent stages are plain
 * {@link CompletableFuture}s, which their callers own. Subclasses refuse whatever else would reach the
 * other callers.
 */
abstract class SharedFuture extends CompletableFuture<Void> {

    private final String sharedBecause;

    SharedFuture(String sharedBecause) {
        this.sharedBecause = sharedBecause;
    }

    /** The exception a refused call throws. */
    final UnsupportedOperationException refused() {
        return new UnsupportedOperationException(this.sharedBecause);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public void obtrudeValue(Void value) {
        throw refused();
    }

    @Override
    public void obtrudeException(Throwable ex) {
        throw refused();
    }
}
