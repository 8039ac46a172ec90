package io.github.operationqueue.reliability;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

final class Failures {

    private Failures() {
    }

    /** The cause a future's wrapper hides, or {@code failure} itself. */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
