package io.github.operationqueue.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.operationqueue.QueuedOperation;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One producer's batch of no-op operations. The same object is handed to the queue or pool once per
 * operation, as a {@link QueuedOperation} or a {@link Runnable}; each run counts down, and the producer
 * waits until the whole batch has run. Sharing one instance keeps the harness from allocating, so the
 * allocation a profile shows is the dispatcher's own.
 *
 * <p>A JMH thread state: each producer thread has its own batch.
 */
@State(Scope.Thread)
public class NoOpBatch implements Runnable, QueuedOperation {

    private static final CompletableFuture<Void> COMPLETED = CompletableFuture.completedFuture(null);

    private static final long PATIENCE_SECONDS = 60;

    private final AtomicInteger remaining = new AtomicInteger();

    // Replaced by begin() before `remaining` is set, so the run that counts to zero sees this batch's latch.
    private volatile CountDownLatch done = new CountDownLatch(0);

    /** Starts a batch of {@code size} operations; the previous batch must be over. */
    void begin(int size) {
        this.done = new CountDownLatch(1);
        this.remaining.set(size);
    }

    @Override
    public void run() {
        if (this.remaining.decrementAndGet() == 0) {
            this.done.countDown();
        }
    }

    @Override
    public CompletionStage<?> perform() {
        run();
        return COMPLETED;
    }

    /** Waits until every operation of the batch has run; fails the benchmark if one never does. */
    void await() {
        try {
            if (!this.done.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(this.remaining.get() + " operations of the batch had not run after "
                        + PATIENCE_SECONDS + " s: the dispatcher lost or stranded them");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the batch", ex);
        }
    }
}
