package io.github.operationqueue.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueueStats;
import io.github.operationqueue.OperationQueues;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code operationQueues} health contributor: one {@link HealthIndicator} per queue of an
 * {@link OperationQueues} registry (queues registered later included), named after the queue,
 * with the queue's stats as details. A queue is
 * <ul>
 * <li>{@code UNKNOWN} while it has never been started (no runner, not stopped): an
 * {@code auto-start: false} queue the application has not started yet;</li>
 * <li>{@link #STOPPED} when it has stopped while the application runs (from the endpoint, by the
 * application, or by itself because its executor shut down): shown in the details, but a status that Spring Boot's aggregation ignores and
 * that answers HTTP 200, so one stopped queue does not take the instance out of its load
 * balancer; {@code DOWN} instead for a queue that opted in
 * ({@code management.health.operationqueues.down-when-stopped} or
 * {@code down-when-stopped-queues});</li>
 * <li>{@code DOWN} when it was not stopped but has no live runner left while the application
 * runs: it accepts operations it cannot perform;</li>
 * <li>{@code OUT_OF_SERVICE} when it has stopped while the application shuts down, as every queue
 * does then;</li>
 * <li>{@code UP} otherwise, paused included (a pause is an operator's decision, shown in the
 * details).</li>
 * </ul>
 * Every indicator reads a fresh {@link OperationQueue#stats()} snapshot and never blocks.
 */
public class OperationQueuesHealthContributor implements CompositeHealthContributor {

    /**
     * The status of a queue stopped while the application runs, unless it opted in to
     * {@code DOWN}.
     */
    public static final Status STOPPED = new Status("STOPPED", "The queue was stopped and accepts no operations");

    private final OperationQueues queues;

    private final BooleanSupplier applicationRunning;

    private final Predicate<String> downWhenStopped;

    /**
     * Creates the contributor for the queues of {@code queues}.
     *
     * @param queues the queues to report on
     * @param applicationRunning whether the application runs (and is not shutting down), which
     *        makes a stopped queue {@code DOWN} rather than {@code OUT_OF_SERVICE}
     * @throws NullPointerException if an argument is {@code null}
     */
    public OperationQueuesHealthContributor(OperationQueues queues, BooleanSupplier applicationRunning) {
        this(queues, applicationRunning, (name) -> false);
    }

    /**
     * Creates the contributor for the queues of {@code queues}, with the queues whose stop turns
     * them {@code DOWN}.
     *
     * @param queues the queues to report on
     * @param applicationRunning whether the application runs (and is not shutting down), which
     *        makes a stopped queue {@link #STOPPED} (or {@code DOWN}) rather than
     *        {@code OUT_OF_SERVICE}
     * @param downWhenStopped tells, by queue name, whether a queue stopped while the application
     *        runs is {@code DOWN} rather than {@link #STOPPED}
     * @throws NullPointerException if an argument is {@code null}
     */
    public OperationQueuesHealthContributor(OperationQueues queues, BooleanSupplier applicationRunning,
            Predicate<String> downWhenStopped) {
        this.queues = Objects.requireNonNull(queues, "queues must not be null");
        this.applicationRunning = Objects.requireNonNull(applicationRunning, "applicationRunning must not be null");
        this.downWhenStopped = Objects.requireNonNull(downWhenStopped, "downWhenStopped must not be null");
    }

    /**
     * Returns the indicator of the queue {@code name}.
     *
     * @param name the queue's name
     * @return its indicator, or {@code null} if there is no such queue
     */
    @Override
    public @Nullable HealthContributor getContributor(String name) {
        return this.queues.find(name).map(this::indicator).orElse(null);
    }

    /**
     * Returns one entry per queue, in name order.
     *
     * @return the entries
     */
    @Override
    public Stream<Entry> stream() {
        return StreamSupport.stream(this.queues.spliterator(), false)
            .map((queue) -> new Entry(queue.name(), indicator(queue)));
    }

    private HealthIndicator indicator(OperationQueue queue) {
        return () -> health(queue.stats());
    }

    private Health health(OperationQueueStats stats) {
        return Health.status(status(stats)).withDetails(details(stats)).build();
    }

    private Status status(OperationQueueStats stats) {
        String state = QueueViews.state(stats);
        if (QueueViews.NOT_STARTED.equals(state)) {
            return Status.UNKNOWN;
        }
        if (QueueViews.STOPPED.equals(state) || QueueViews.DRAINING.equals(state)) {
            if (!this.applicationRunning.getAsBoolean()) {
                return Status.OUT_OF_SERVICE;
            }
            if (!stats.stopped()) {
                return Status.DOWN;
            }
            return this.downWhenStopped.test(stats.name()) ? Status.DOWN : STOPPED;
        }
        return Status.UP;
    }

    private static Map<String, Object> details(OperationQueueStats stats) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", QueueViews.state(stats));
        details.put("depth", stats.depth());
        details.put("capacity", stats.capacity());
        details.put("awaitingRoom", stats.awaitingRoom());
        details.put("runners", QueueViews.runners(stats));
        details.put("operations", QueueViews.operations(stats));
        details.put("rejections", stats.rejections());
        return details;
    }

}
