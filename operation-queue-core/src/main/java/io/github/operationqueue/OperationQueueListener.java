package io.github.operationqueue;

import java.time.Duration;

/**
 * Observes what happens to the operations of an {@link OperationQueue}, for metrics and
 * tracing. Every method has an empty default, so an implementation overrides what it needs.
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
     * An operation's stage completed.
     *
     * @param queue the queue's name
     * @param duration time from {@link #started} to completion
     * @param failure why it failed, or {@code null} when it succeeded
     */
    default void completed(String queue, Duration duration, Throwable failure) {
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
