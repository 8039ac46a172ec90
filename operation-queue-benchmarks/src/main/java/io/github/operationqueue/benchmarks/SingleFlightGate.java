package io.github.operationqueue.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Token;

/** The single-flight gates {@link LineStormBenchmark} compares. */
public enum SingleFlightGate {

    /** Our {@link Line}: each waiter gets a future of its own, completed by {@link Token#close()}. */
    LINE {
        @Override
        Gate create() {
            Line line = new Line("line-storm");
            AtomicReference<Token> holder = new AtomicReference<>();
            return new Gate() {
                @Override
                public CompletableFuture<Void> acquireOrWait() {
                    AcquireOutcome outcome = line.tryAcquireToken();
                    if (outcome instanceof AcquireOutcome.Success success) {
                        holder.set(success.token());
                        return null;
                    }
                    return ((AcquireOutcome.Failure) outcome).released();
                }

                @Override
                public void releaseHolder() {
                    holder.getAndSet(null).close();
                }
            };
        }
    },

    /**
     * The gate a user writes by hand: one {@code AtomicReference<CompletableFuture<Void>>}, set by the
     * holder and shared by every waiter (so any waiter could complete or cancel it for all).
     */
    SHARED_FUTURE {
        @Override
        Gate create() {
            AtomicReference<CompletableFuture<Void>> held = new AtomicReference<>();
            return new Gate() {
                @Override
                public CompletableFuture<Void> acquireOrWait() {
                    for (;;) {
                        CompletableFuture<Void> current = held.get();
                        if (current != null) {
                            return current;
                        }
                        if (held.compareAndSet(null, new CompletableFuture<>())) {
                            return null;
                        }
                    }
                }

                @Override
                public void releaseHolder() {
                    held.getAndSet(null).complete(null);
                }
            };
        }
    };

    abstract Gate create();
}
