/**
 * Operation queues: operations pushed to the back of an {@link io.github.operationqueue.OperationQueue}
 * are performed in order by a number of parallel runners, each performing one operation at a time.
 */
package io.github.operationqueue;
