/**
 * Operation queues: operations pushed to the back of an {@link io.github.operationqueue.OperationQueue}
 * are performed in the order they were accepted by a number of parallel runners, each performing
 * one operation at a time, without holding a thread while it waits.
 *
 * <p>Start with {@link io.github.operationqueue.OperationQueue#builder()}; an operation is a
 * {@link io.github.operationqueue.QueuedOperation}. The single-flight gate that lets one request
 * handle a shared failure while the others wait lives in {@code io.github.operationqueue.line}.
 *
 * <h2 id="memory-consistency">Memory consistency</h2>
 *
 * <p>The classes of this package hand work from one thread to another without locks the caller
 * can see, and guarantee these <i>happens-before</i> relations (as defined by chapter 17 of
 * <cite>The Java Language Specification</cite>):
 * <ul>
 * <li>Actions in a thread before it enqueues or submits an operation happen-before that
 * operation's {@code perform()} begins, on whichever executor thread runs it.</li>
 * <li>On a queue with one runner, the completion of an operation's stage happens-before the next
 * operation's {@code perform()} begins.</li>
 * <li>The completion of an operation's stage happens-before the completion of the future that
 * {@code submit} returned for it, and before the queue's counters reflect it.</li>
 * <li>The last runner stopping happens-before the completion of the future that {@code stop()}
 * returned, so the counters read after it are final.</li>
 * </ul>
 * The line classes add one relation of their own: closing a {@code Token} happens-before the
 * completion of every {@code released} future handed out for that acquisition.
 */
package io.github.operationqueue;
