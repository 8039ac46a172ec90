package io.github.operationqueue.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/**
 * An executor that runs nothing until the test says so, on the test's thread: runner steps
 * become explicit and deterministic.
 */
public final class ManualExecutor implements Executor {

    private final Deque<Runnable> tasks = new ArrayDeque<>();

    private Thread lastThread;

    @Override
    public synchronized void execute(Runnable task) {
        this.tasks.add(task);
    }

    /** Runs the oldest task, if any, and returns whether there was one. */
    public boolean runNext() {
        Runnable task;
        synchronized (this) {
            task = this.tasks.poll();
        }
        if (task == null) {
            return false;
        }
        this.lastThread = Thread.currentThread();
        task.run();
        return true;
    }

    /** Runs tasks, including those the tasks submit, until none is left; returns how many ran. */
    public int runAll() {
        int ran = 0;
        while (runNext()) {
            ran++;
        }
        return ran;
    }

    public synchronized int queued() {
        return this.tasks.size();
    }

    public Thread lastThread() {
        return this.lastThread;
    }
}
