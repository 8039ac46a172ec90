package io.github.operationqueue.testing;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/** Rejects the first {@code n} tasks it is given, then hands the rest to a delegate. */
public final class RejectingExecutor implements Executor {

    private final Executor delegate;

    private final AtomicInteger rejectionsLeft;

    private final AtomicInteger rejected = new AtomicInteger();

    public RejectingExecutor(Executor delegate, int rejections) {
        this.delegate = delegate;
        this.rejectionsLeft = new AtomicInteger(rejections);
    }

    @Override
    public void execute(Runnable task) {
        if (this.rejectionsLeft.getAndDecrement() > 0) {
            this.rejected.incrementAndGet();
            throw new RejectedExecutionException("saturated (test)");
        }
        this.delegate.execute(task);
    }

    public int rejected() {
        return this.rejected.get();
    }
}
