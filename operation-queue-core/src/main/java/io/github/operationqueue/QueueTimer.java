package io.github.operationqueue;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer thread of a queue, for what must happen later: the retry of a rejected runner, the
 * drain deadline of {@code stop(Duration)}, and failure-log summaries. Its thread is created on first
 * use, ends after a second with nothing due, and the timer is shut down when the queue terminates,
 * which cancels whatever is still due. The thread is a daemon named after the queue, and inherits no
 * thread-local of the caller whose call happened to create it.
 *
 * <p>Why not {@code CompletableFuture.delayedExecutor}: its one thread serves the whole JVM, and what
 * runs here calls the user's executor (which may block in {@code execute} or run the task inline) and
 * fails {@code submit} futures (whose dependents are the user's code). On the JVM's thread either would
 * hold up every {@code orTimeout} in the JVM; here it holds up only this queue's own timers.
 */
final class QueueTimer {

    private final String threadName;

    // Guarded by this. Created on first use.
    private ScheduledThreadPoolExecutor executor;

    // Guarded by this.
    private boolean shutDown;

    QueueTimer(String queueName) {
        this.threadName = queueName + "-timer";
    }

    /**
     * Runs {@code task} on this queue's timer thread after {@code delayNanos}.
     *
     * @throws RejectedExecutionException if the queue has terminated
     * @throws Error (or another exception) if the timer's thread cannot be started
     */
    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        ScheduledThreadPoolExecutor timer;
        synchronized (this) {
            if (this.shutDown) {
                throw new RejectedExecutionException(this.threadName + " is shut down: the queue has terminated");
            }
            if (this.executor == null) {
                this.executor = newExecutor();
            }
            timer = this.executor;
        }
        return timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Cancels what is still due and lets the thread end; later {@link #schedule} calls are refused. */
    void shutDown() {
        ScheduledThreadPoolExecutor timer;
        synchronized (this) {
            this.shutDown = true;
            timer = this.executor;
        }
        if (timer != null) {
            timer.shutdown();
        }
    }

    private ScheduledThreadPoolExecutor newExecutor() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (task) -> {
            // Whichever caller first needs the timer creates its thread: it must not hand that caller's
            // inheritable thread-locals (a request's context) or priority to every later timer task.
            Thread thread = new Thread(null, task, this.threadName, 0, false);
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY);
            return thread;
        });
        timer.setKeepAliveTime(1, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return timer;
    }

    /** Returns {@code duration} in nanoseconds, or {@code Long.MAX_VALUE} if it is too long for that. */
    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        }
        catch (ArithmeticException ex) {
            return Long.MAX_VALUE;
        }
    }
}
