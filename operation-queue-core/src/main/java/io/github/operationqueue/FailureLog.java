package io.github.operationqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs the failures of one kind (failed operations, runners the executor rejected, listeners that
 * threw) of one queue without flooding the log: in each interval, the first failure of each cause
 * (its exception class) is logged with its stack trace, and the others of that cause are counted and
 * summarised in one line when the interval ends. An interval of zero logs every failure with its trace.
 *
 * <p>A summary is written by the next failure of its cause after the interval, by the queue's
 * {@link QueueTimer} when no such failure comes, or by {@link #flush()} when the queue terminates,
 * which also cancels the timer's flush: a stopped queue's log is not kept for up to an interval.
 *
 * <p>Thread-safe. The bookkeeping is under this object's lock; logging happens after it is let go,
 * so a slow appender never holds up another runner's bookkeeping.
 */
final class FailureLog {

    private final String queueName;

    // What failed, as "operation" and "operations" do: the log's lines are written around it.
    private final String noun;

    private final String nounPlural;

    private final Logger logger;

    private final Level level;

    private final long intervalNanos;

    // Guarded by this. One window per cause that failed in the current interval.
    private final Map<Class<?>, Window> windows = new HashMap<>();

    private final QueueTimer timer;

    // Guarded by this. Whether a timer will summarise the windows that have counted failures.
    private boolean flushScheduled;

    // Guarded by this. The timer's pending flush, cancelled by flush().
    private ScheduledFuture<?> scheduledFlush;

    FailureLog(String queueName, String noun, String nounPlural, Logger logger, Level level, Duration interval,
            QueueTimer timer) {
        this.queueName = queueName;
        this.noun = noun;
        this.nounPlural = nounPlural;
        this.logger = logger;
        this.level = level;
        this.intervalNanos = QueueTimer.saturatedNanos(interval);
        this.timer = timer;
    }

    /** Logs or counts one failed operation, described by {@code operation}. */
    void failed(String operation, Throwable cause) {
        if (!this.logger.isEnabledForLevel(this.level)) {
            return;
        }
        if (this.intervalNanos == 0) {
            logFirst(operation, cause);
            return;
        }
        long now = System.nanoTime();
        Summary ended = null;
        boolean first;
        boolean scheduleFlush = false;
        synchronized (this) {
            Window window = this.windows.get(cause.getClass());
            first = window == null || window.hasEnded(now, this.intervalNanos);
            if (first) {
                ended = (window != null) ? window.summary(cause.getClass(), now) : null;
                this.windows.put(cause.getClass(), new Window(now));
            }
            else {
                window.count(operation);
                scheduleFlush = !this.flushScheduled;
                this.flushScheduled = true;
            }
        }
        if (ended != null) {
            logSummary(ended);
        }
        if (first) {
            logFirst(operation, cause);
        }
        if (scheduleFlush) {
            scheduleFlush();
        }
    }

    /** Summarises every failure counted so far, interval over or not, and cancels the timer's flush; called when the queue terminates. */
    void flush() {
        ScheduledFuture<?> pending;
        synchronized (this) {
            pending = this.scheduledFlush;
            this.scheduledFlush = null;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        summarise(Long.MAX_VALUE);
    }

    private void flushEndedWindows() {
        boolean countsLeft = summarise(this.intervalNanos);
        if (countsLeft) {
            scheduleFlush();
        }
    }

    private void scheduleFlush() {
        try {
            ScheduledFuture<?> scheduled = this.timer.schedule(this::flushEndedWindows, this.intervalNanos);
            synchronized (this) {
                this.scheduledFlush = scheduled;
            }
        }
        catch (Throwable ex) {
            // The queue has terminated (its flush wrote everything) or the timer has no thread: the
            // next failure of the cause writes the summary instead.
            synchronized (this) {
                this.flushScheduled = false;
            }
        }
    }

    /**
     * Logs and forgets the windows older than {@code age}; returns whether windows with counted
     * failures are left, in which case the caller keeps the flush timer going.
     */
    private boolean summarise(long age) {
        long now = System.nanoTime();
        List<Summary> summaries = new ArrayList<>();
        boolean countsLeft = false;
        synchronized (this) {
            for (Iterator<Map.Entry<Class<?>, Window>> it = this.windows.entrySet().iterator(); it.hasNext();) {
                Map.Entry<Class<?>, Window> entry = it.next();
                Window window = entry.getValue();
                if (age == Long.MAX_VALUE || window.hasEnded(now, age)) {
                    it.remove();
                    Summary summary = window.summary(entry.getKey(), now);
                    if (summary != null) {
                        summaries.add(summary);
                    }
                }
                else if (window.suppressed > 0) {
                    countsLeft = true;
                }
            }
            this.flushScheduled = countsLeft;
        }
        summaries.forEach(this::logSummary);
        return countsLeft;
    }

    private void logFirst(String operation, Throwable cause) {
        if (this.intervalNanos == 0) {
            this.logger.atLevel(this.level).setCause(cause)
                .log("{}: {} {} failed", this.queueName, this.noun, operation);
        }
        else {
            this.logger.atLevel(this.level).setCause(cause)
                .log("{}: {} {} failed; further {} failures in the next {} are counted, not logged one by one",
                        this.queueName, this.noun, operation, cause.getClass().getName(),
                        Duration.ofNanos(this.intervalNanos));
        }
    }

    private void logSummary(Summary summary) {
        this.logger.atLevel(this.level)
            .log("{}: {} more {} failed with {} in the last {} (the last one: {} {})", this.queueName, summary.count,
                    this.nounPlural, summary.cause.getName(), summary.elapsed, this.noun, summary.lastOperation);
    }

    /** The failures of one cause since its first one was logged with its trace. */
    private static final class Window {

        private final long startedAt;

        private long suppressed;

        private String lastOperation;

        Window(long startedAt) {
            this.startedAt = startedAt;
        }

        boolean hasEnded(long now, long intervalNanos) {
            return now - this.startedAt >= intervalNanos;
        }

        void count(String operation) {
            this.suppressed++;
            this.lastOperation = operation;
        }

        Summary summary(Class<?> cause, long now) {
            return (this.suppressed > 0)
                    ? new Summary(cause, this.suppressed, Duration.ofNanos(now - this.startedAt), this.lastOperation)
                    : null;
        }
    }

    private record Summary(Class<?> cause, long count, Duration elapsed, String lastOperation) {
    }
}
