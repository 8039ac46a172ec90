package io.github.operationqueue.micrometer;

/**
 * The names of the meters that {@link OperationQueueMetrics} and {@code LineMetrics} register,
 * and the keys of their tags: the names fixed by the design, kept in one place so that
 * dashboards, alerts and tests refer to the same strings.
 *
 * <p>Meter names and tag keys are lowercase words joined by dots, as Micrometer's naming
 * conventions expect; each registry renders them in its own style (Prometheus, for example,
 * exports {@code operation.queue.depth} as {@code operation_queue_depth}). Tag values are queue
 * or line names, which the application configures, and lower-cased constants such as
 * {@code running} or {@code failure}; never operation text or exception messages.
 */
public final class MeterNames {

    /** Gauge: operations accepted by a queue and not yet started. Tag {@link #QUEUE}. */
    public static final String QUEUE_DEPTH = "operation.queue.depth";

    /**
     * Gauge: a queue's runners in each state. Tags {@link #QUEUE} and {@link #STATE}
     * ({@code pending}, {@code waiting}, {@code running}, {@code stopped}).
     */
    public static final String QUEUE_RUNNERS = "operation.queue.runners";

    /**
     * Function counter: operations that left a queue for good, and enqueues it refused when it
     * stopped while they waited for room. Tags {@link #QUEUE} and {@link #OUTCOME}
     * ({@code success}, {@code failure}, {@code abandoned}, {@code refused}).
     */
    public static final String QUEUE_OPERATIONS = "operation.queue.operations";

    /** Timer: time from an operation's acceptance by a queue to its start. Tag {@link #QUEUE}. */
    public static final String QUEUE_WAIT = "operation.queue.wait";

    /**
     * Timer: time from an operation's start to the completion of its stage. Tags
     * {@link #QUEUE} and {@link #OUTCOME} ({@code success}, {@code failure}).
     */
    public static final String QUEUE_EXECUTION = "operation.queue.execution";

    /**
     * Gauge: runners allowed to perform an operation now (the concurrency limit; the runners when the
     * queue has none). Tag {@link #QUEUE}.
     */
    public static final String QUEUE_LIMIT = "operation.queue.limit";

    /** Timer: time a runner waited for a rate permit, one per start (queues with a rate). Tag {@link #QUEUE}. */
    public static final String QUEUE_PERMITS_WAIT = "operation.queue.permits.wait";

    /** Gauge: 1 while a line's token is held, 0 while the line is free. Tag {@link #LINE}. */
    public static final String LINE_BUSY = "operation.queue.line.busy";

    /**
     * Counter: attempts to acquire a line's token. Tags {@link #LINE} and {@link #OUTCOME}
     * ({@code acquired}, {@code busy}, and for a distributed line {@code failed}: its coordinator failed
     * or timed out).
     */
    public static final String LINE_ACQUISITIONS = "operation.queue.line.acquisitions";

    /** Timer: how long a line's tokens were held, from acquisition to release. Tag {@link #LINE}. */
    public static final String LINE_HELD = "operation.queue.line.held";

    /**
     * Gauge, distributed lines only: 1 while the line's token is held by the given holder, 0 otherwise.
     * Tags {@link #LINE}, {@link #HOLDER} ({@code local}: a caller in this process; {@code remote}:
     * another process) and {@link #DISTRIBUTED} ({@code true}).
     */
    public static final String LINE_HOLDER = "operation.queue.line.holder";

    /**
     * Counter, distributed lines only: times the shared lock was reported lost while this process still
     * held the token: no renewal succeeded before the lease's local deadline (which falls before the
     * store's time to live ends), or the store found the lock expired or taken. Tag {@link #LINE}.
     */
    public static final String LINE_LEASES_LOST = "operation.queue.line.leases.lost";

    /** Tag key whose value is the queue's name. */
    public static final String QUEUE = "queue";

    /** Tag key whose value is the line's name. */
    public static final String LINE = "line";

    /** Tag key whose value is a lower-cased runner state. */
    public static final String STATE = "state";

    /** Tag key whose value says who holds a line: {@code local} or {@code remote}. */
    public static final String HOLDER = "holder";

    /** Tag key whose value says whether a line is shared with other processes: {@code true} or {@code false}. */
    public static final String DISTRIBUTED = "distributed";

    /** Tag key whose value is the outcome of an operation or of an acquisition attempt. */
    public static final String OUTCOME = "outcome";

    private MeterNames() {
    }
}
