package io.github.operationqueue.reliability;

import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * An executor that misbehaves at random, seeded: it rejects a task, throws an {@code OutOfMemoryError} as a
 * pool that cannot create a thread does, runs the task on the caller's thread, or hands it to a real
 * executor. Counts each kind of fault it injected.
 */
final class ChaosExecutor implements Executor {

    private final Executor delegate;

    private final SplittableRandom random;

    final LongAdder rejected = new LongAdder();

    final LongAdder errors = new LongAdder();

    final LongAdder callerRuns = new LongAdder();

    final LongAdder delegated = new LongAdder();

    ChaosExecutor(Executor delegate, long seed) {
        this.delegate = delegate;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void execute(Runnable task) {
        int roll;
        synchronized (this) {
            roll = this.random.nextInt(100);
        }
        if (roll < 10) {
            this.rejected.increment();
            throw new RejectedExecutionException("rejected at random by a reliability test");
        }
        if (roll < 15) {
            this.errors.increment();
            throw new OutOfMemoryError("unable to create native thread (injected by a reliability test)");
        }
        if (roll < 25) {
            this.callerRuns.increment();
            task.run();
            return;
        }
        this.delegated.increment();
        this.delegate.execute(task);
    }

    @Override
    public String toString() {
        return this.rejected.sum() + " rejections, " + this.errors.sum() + " Errors, " + this.callerRuns.sum()
                + " tasks run on the caller's thread, " + this.delegated.sum() + " tasks run normally";
    }
}
