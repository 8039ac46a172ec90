package io.github.operationqueue.autoconfigure.actuate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.operationqueue.FlowControlStats;
import io.github.operationqueue.OperationQueueStats;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What the {@code operationqueues} endpoint shows of one queue: its stats, runner states and
 * lifecycle state. Operations are shown by count only.
 *
 * @param name the queue's name
 * @param state {@code not-started}, {@code running}, {@code paused}, {@code draining} or
 *        {@code stopped}
 * @param configured whether the queue comes from {@code operation-queue.queues} (otherwise it is
 *        the application's own bean)
 * @param autoStart whether the starter starts the queue's runners with the application;
 *        {@code false} for the application's own queues
 * @param depth operations accepted and not yet started
 * @param capacity the most operations the queue holds, {@code 0} for unbounded
 * @param awaitingRoom enqueues waiting for room in a full queue
 * @param runners the number of runners in each state: {@code pending}, {@code waiting},
 *        {@code running}, {@code stopped}
 * @param operations operations counted since the queue was created: {@code enqueued},
 *        {@code completed}, {@code failed}, {@code abandoned}, and {@code refused} (enqueues that
 *        were waiting for room when the queue stopped, never accepted)
 * @param rejections times the executor rejected a runner
 * @param flowControl the queue's concurrency limit, start rate and quiet
 */
public record QueueDescriptor(String name, String state, boolean configured, boolean autoStart, long depth,
        int capacity, int awaitingRoom, Map<String, Integer> runners, Map<String, Long> operations, long rejections,
        FlowControlDescriptor flowControl) implements OperationResponseBody {

    /**
     * Creates a descriptor; the maps are copied, keeping their order.
     *
     * @param name the queue's name
     * @param state the lifecycle state
     * @param configured whether the queue is configured
     * @param autoStart whether the starter starts it
     * @param depth operations accepted and not yet started
     * @param capacity the capacity, {@code 0} for unbounded
     * @param awaitingRoom enqueues waiting for room
     * @param runners runners by state
     * @param operations operations by outcome
     * @param rejections executor rejections
     * @param flowControl the flow control
     */
    public QueueDescriptor {
        runners = Collections.unmodifiableMap(new LinkedHashMap<>(runners));
        operations = Collections.unmodifiableMap(new LinkedHashMap<>(operations));
    }

    /**
     * Describes a queue from a snapshot of its stats.
     *
     * @param stats the snapshot
     * @param flowControl a snapshot of the queue's flow control
     * @param configured whether the queue comes from {@code operation-queue.queues}
     * @param autoStart whether the starter starts it
     * @return the descriptor
     */
    public static QueueDescriptor of(OperationQueueStats stats, FlowControlStats flowControl, boolean configured,
            boolean autoStart) {
        return new QueueDescriptor(stats.name(), QueueViews.state(stats), configured, autoStart, stats.depth(),
                stats.capacity(), stats.awaitingRoom(), QueueViews.runners(stats), QueueViews.operations(stats),
                stats.rejections(), FlowControlDescriptor.of(flowControl));
    }

}
