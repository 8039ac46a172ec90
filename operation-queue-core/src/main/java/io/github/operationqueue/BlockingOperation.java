package io.github.operationqueue;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A blocking body as a {@link QueuedOperation}: it runs on the executor thread that performs it
 * and reports its outcome as an already completed stage.
 */
final class BlockingOperation implements QueuedOperation {

    private final Callable<?> body;

    // Logs name the body the user wrote, not this wrapper (see QueuedEntry#describe).
    private final Class<?> bodyType;

    BlockingOperation(Callable<?> body, Class<?> bodyType) {
        this.body = body;
        this.bodyType = bodyType;
    }

    @Override
    public CompletionStage<?> perform() {
        try {
            return CompletableFuture.completedFuture(this.body.call());
        }
        catch (Exception ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    Class<?> bodyType() {
        return this.bodyType;
    }
}
