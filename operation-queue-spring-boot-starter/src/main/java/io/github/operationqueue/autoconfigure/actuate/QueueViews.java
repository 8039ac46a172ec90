package io.github.operationqueue.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.operationqueue.OperationQueueStats;
import io.github.operationqueue.RunnerState;

/**
 * The views of a queue's stats shared by the endpoint and the health contributor.
 */
final class QueueViews {

    static final String NOT_STARTED = "not-started";

    static final String RUNNING = "running";

    static final String PAUSED = "paused";

    static final String DRAINING = "draining";

    static final String STOPPED = "stopped";

    private QueueViews() {
    }

    /**
     * Returns the lifecycle state: {@code not-started} (no runner yet), {@code running},
     * {@code paused}, {@code draining} (stopped, runners still finishing) or {@code stopped} (no
     * live runner left, after a stop or because the executor shut down).
     */
    static String state(OperationQueueStats stats) {
        boolean started = stats.runners() > 0;
        boolean live = stats.liveRunners() > 0;
        if (stats.stopped()) {
            return live ? DRAINING : STOPPED;
        }
        if (!started) {
            return NOT_STARTED;
        }
        if (!live) {
            return STOPPED;
        }
        return stats.paused() ? PAUSED : RUNNING;
    }

    /** Returns the number of runners in each state, by lower-cased state, in state order. */
    static Map<String, Integer> runners(OperationQueueStats stats) {
        Map<String, Integer> runners = new LinkedHashMap<>();
        for (RunnerState state : RunnerState.values()) {
            runners.put(state.name().toLowerCase(Locale.ROOT), stats.runners(state));
        }
        return runners;
    }

    /**
     * Returns the operations counted by the queue, by outcome, in a stable order; {@code refused}
     * counts enqueues that were waiting for room when the queue stopped, never accepted.
     */
    static Map<String, Long> operations(OperationQueueStats stats) {
        Map<String, Long> operations = new LinkedHashMap<>();
        operations.put("enqueued", stats.enqueued());
        operations.put("completed", stats.completed());
        operations.put("failed", stats.failed());
        operations.put("abandoned", stats.abandoned());
        operations.put("refused", stats.refused());
        return operations;
    }

}
