package io.github.operationqueue;

import java.time.Duration;

/**
 * Observes what happens to the operations of an {@link OperationQueue}, for metrics and
 * tracing. Every method has a default, so an implementation overrides what it needs: the
 * {@code Duration} forms of {@code started} and {@code completed} do nothing, and their nanosecond
 * forms, which the queue calls, hand the time on to them as a {@code Duration}.
 *
 * <p>Threads: callbacks run on the thread where the event happens, with no lock held:
 * {@link #enqueued} on the thread that enqueued (or on the runner that made room for a waiting
 * enqueue), {@link #started} on an executor thread, {@link #completed} on the thread that
 * completed the operation's stage. Callbacks must be quick and must not block; an exception
 * (or error) thrown by a callback is logged with the queue's name and otherwise ignored.
 *
 * <p>Order: for one operation, {@link #enqueued} returns before {@link #started} is called (the
 * operation is handed to the runners only after its {@code enqueued} callbacks), and
 * {@link #started} returns before {@link #completed} is called. Events of different operations may
 * interleave on different threads.
 */
public interface OperationQueueListener {

    /**
     * An operation was accepted.
     *
     * @param queue the queue's name
     */
    default void enqueued(String queue) {
    }

    /**
     * A runner took an operation and is about to call {@link QueuedOperation#perform()}.
     *
     * @param queue the queue's name
     * @param waited how long the operation waited in the queue since it was accepted
     */
    default void started(String queue, Duration waited) {
    }

    /**
     * The same event as {@link #started(String, Duration)}, with the wait in nanoseconds. The queue
     * calls this method; by default it calls {@link #started(String, Duration)}. A listener that
     * records the wait as a number (a meter binder, say) overrides this one instead, so that no
     * {@code Duration} is created per operation.
     *
     * @param queue the queue's name
     * @param waitedNanos how long the operation waited in the queue since it was accepted, in
     * nanoseconds; {@code 0} for an operation accepted before the first listener was added
     */
    default void started(String queue, long waitedNanos) {
        started(queue, Duration.ofNanos(waitedNanos));
    }

    /**
     * An operation's stage completed.
     *
     * @param queue the queue's name
     * @param duration time from {@link #started} to completion
     * @param failure why it failed, or {@code null} when it succeeded
     */
    default void completed(String queue, Duration duration, Throwable failure) {
    }

    /**
     * The same event as {@link #completed(String, Duration, Throwable)}, with the duration in
     * nanoseconds. The queue calls this method; by default it calls
     * {@link #completed(String, Duration, Throwable)}. Override this one instead to record the
     * duration without creating a {@code Duration} per operation.
     *
     * @param queue the queue's name
     * @param durationNanos time from {@link #started} to completion, in nanoseconds
     * @param failure why it failed, or {@code null} when it succeeded
     */
    default void completed(String queue, long durationNanos, Throwable failure) {
        completed(queue, Duration.ofNanos(durationNanos), failure);
    }

    /**
     * Accepted operations were given up without being performed, because a drain was cut
     * short or the executor shut down.
     *
     * @param queue the queue's name
     * @param count how many operations were abandoned at once
     */
    default void abandoned(String queue, int count) {
    }
}
