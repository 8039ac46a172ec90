package io.github.operationqueue;

import java.util.concurrent.CompletionStage;

/**
 * One call to {@link QueuedOperation#perform()} packaged as a {@code Runnable}, so that a
 * {@code Runnable} decorator can wrap it; the stage or exception is kept for the caller.
 */
final class PerformCall implements Runnable {

    private final QueuedOperation operation;

    // Written and read by the thread that runs the decorated Runnable.
    private CompletionStage<?> stage;

    private Exception failure;

    private boolean ran;

    PerformCall(QueuedOperation operation) {
        this.operation = operation;
    }

    @Override
    public void run() {
        this.ran = true;
        try {
            this.stage = this.operation.perform();
        }
        catch (Exception ex) {
            this.failure = ex;
        }
    }

    CompletionStage<?> result() throws Exception {
        if (!this.ran) {
            throw new IllegalStateException("The Runnable decorator did not run the operation it was given");
        }
        if (this.failure != null) {
            throw this.failure;
        }
        return this.stage;
    }
}
