package io.github.operationqueue.autoconfigure.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.QueueStoppedException;
import io.github.operationqueue.autoconfigure.OperationQueueProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code operationqueues} endpoint: every queue of an {@link OperationQueues} registry with
 * its stats, runner states and lifecycle state, and control of one queue.
 *
 * <p>Reads: {@code GET /actuator/operationqueues} describes every queue;
 * {@code GET /actuator/operationqueues/{name}} one. An unknown name is an
 * {@link InvalidEndpointRequestException} whose message lists the known queues: over JMX the
 * operation fails with it, over HTTP {@link OperationQueuesEndpointWebExtension} answers 404 with it.
 *
 * <p>Control: {@code POST /actuator/operationqueues/{name}} with a JSON body
 * {@code {"action": "..."}}, where the action is one of
 * <ul>
 * <li>{@code pause}: hold dispatching ({@link OperationQueue#pause()});</li>
 * <li>{@code resume}: release it ({@link OperationQueue#resume()});</li>
 * <li>{@code stop}: drain and stop, for good; a configured queue gets its {@code drain-timeout},
 * the application's own queues a full drain ({@link OperationQueue#stop(Duration)});</li>
 * <li>{@code add-runners}: add {@code "runners": n} runners ({@link OperationQueue#start(int)}),
 * which is also how a queue with {@code auto-start: false} is started;</li>
 * <li>{@code set-limit}: replace the queue's concurrency limit with a fixed {@code "limit": n}
 * ({@link OperationQueue#setLimit(int)}), for a queue configured with a {@code limit}.</li>
 * </ul>
 * It answers with the queue's descriptor after the action (the drain of {@code stop} goes on in
 * the background), and 400 for an unknown queue, an unknown action or a bad runner count (Spring
 * Boot turns a {@code null} result of a write operation into 204, not 404, so an unknown queue is
 * reported as a bad request with its reason). Over HTTP, {@link OperationQueuesEndpointWebExtension}
 * puts the reason in the body of every 400, a body that is not JSON included.
 * The endpoint's default access is read-only, so control is refused until the application grants
 * it with {@code management.endpoint.operationqueues.access=unrestricted}. Each action is logged at
 * INFO with the queue's name.
 */
@Endpoint(id = "operationqueues", defaultAccess = Access.READ_ONLY)
public class OperationQueuesEndpoint {

    /** The action that holds dispatching. */
    public static final String PAUSE = "pause";

    /** The action that releases dispatching. */
    public static final String RESUME = "resume";

    /** The action that drains and stops the queue. */
    public static final String STOP = "stop";

    /** The action that adds runners. */
    public static final String ADD_RUNNERS = "add-runners";

    /** The action that sets a fixed concurrency limit. */
    public static final String SET_LIMIT = "set-limit";

    private static final Logger logger = LoggerFactory.getLogger(OperationQueuesEndpoint.class);

    private final OperationQueues queues;

    private final @Nullable OperationQueueProperties properties;

    /**
     * Creates the endpoint for the queues of {@code queues}.
     *
     * @param queues the registry to show and control
     * @param properties the starter's properties, for each configured queue's {@code auto-start}
     *        and {@code drain-timeout}; {@code null} if there are none
     * @throws NullPointerException if {@code queues} is {@code null}
     */
    public OperationQueuesEndpoint(OperationQueues queues, @Nullable OperationQueueProperties properties) {
        this.queues = Objects.requireNonNull(queues, "queues must not be null");
        this.properties = properties;
    }

    /**
     * Describes every queue, in name order.
     *
     * @return the queues
     */
    @ReadOperation
    public QueuesDescriptor queues() {
        Map<String, QueueDescriptor> descriptors = new LinkedHashMap<>();
        for (OperationQueue queue : this.queues) {
            descriptors.put(queue.name(), describe(queue));
        }
        return new QueuesDescriptor(descriptors);
    }

    /**
     * Describes the queue {@code name}.
     *
     * @param name the queue's name
     * @return the queue
     * @throws InvalidEndpointRequestException (a 404 over HTTP) if there is no such queue; the
     *         message lists the known queues
     */
    @ReadOperation
    public QueueDescriptor queue(@Selector String name) {
        return describe(find(name));
    }

    /**
     * Applies {@code action} to the queue {@code name}; see the class description.
     *
     * @param name the queue's name
     * @param action {@value #PAUSE}, {@value #RESUME}, {@value #STOP} or {@value #ADD_RUNNERS}
     * @param runners how many runners {@value #ADD_RUNNERS} adds, at least 1; ignored otherwise
     * @param limit the fixed limit {@value #SET_LIMIT} sets, at least 1; ignored otherwise
     * @return the queue after the action
     * @throws InvalidEndpointRequestException (a 400 over HTTP) for an unknown queue, an unknown
     *         action, a missing or bad runner count, runners added to a stopped queue, or a missing or
     *         bad limit, or a limit set on a queue without one
     */
    @WriteOperation
    public QueueDescriptor control(@Selector String name, String action, @Nullable Integer runners,
            @Nullable Integer limit) {
        OperationQueue queue = find(name);
        switch (action.toLowerCase(Locale.ROOT)) {
            case PAUSE -> queue.pause();
            case RESUME -> queue.resume();
            case STOP -> stop(queue);
            case ADD_RUNNERS -> addRunners(queue, runners);
            case SET_LIMIT -> setLimit(queue, limit);
            default -> throw new InvalidEndpointRequestException(
                    "Unknown action '" + action + "'; use " + PAUSE + ", " + RESUME + ", " + STOP + ", "
                            + ADD_RUNNERS + " or " + SET_LIMIT,
                    "Unknown action");
        }
        logger.info("{}: {} requested through the operationqueues endpoint", queue.name(),
                action.toLowerCase(Locale.ROOT));
        return describe(queue);
    }

    private OperationQueue find(String name) {
        return this.queues.find(name)
            .orElseThrow(() -> new InvalidEndpointRequestException(
                    "No operation queue is named '" + name + "'; known queues: " + this.queues.names(),
                    "Unknown queue"));
    }

    private void stop(OperationQueue queue) {
        Duration drainTimeout = drainTimeout(queue.name());
        if (drainTimeout != null) {
            queue.stop(drainTimeout);
        }
        else {
            queue.stop();
        }
    }

    private static void addRunners(OperationQueue queue, @Nullable Integer runners) {
        if (runners == null || runners < 1) {
            throw new InvalidEndpointRequestException(
                    "Action " + ADD_RUNNERS + " needs \"runners\": 1 or more, was " + runners, "Bad runner count");
        }
        if (runners > OperationQueue.MAX_RUNNERS_PER_START) {
            throw new InvalidEndpointRequestException("Action " + ADD_RUNNERS + " adds at most "
                    + OperationQueue.MAX_RUNNERS_PER_START + " runners at once, was " + runners, "Bad runner count");
        }
        try {
            queue.start(runners);
        }
        catch (QueueStoppedException ex) {
            throw new InvalidEndpointRequestException(
                    "Queue '" + queue.name() + "' is stopped; runners cannot be added", "Queue stopped");
        }
    }

    /**
     * Performs an action other than {@value #SET_LIMIT} on a queue, as
     * {@link #control(String, String, Integer, Integer)} does; kept for callers written before
     * {@value #SET_LIMIT} existed. Not an endpoint operation of its own.
     *
     * @param name the queue's name
     * @param action {@value #PAUSE}, {@value #RESUME}, {@value #STOP} or {@value #ADD_RUNNERS}
     * @param runners how many runners {@value #ADD_RUNNERS} adds, at least 1; ignored otherwise
     * @return the queue after the action
     * @throws InvalidEndpointRequestException as {@link #control(String, String, Integer, Integer)}
     */
    public QueueDescriptor control(String name, String action, @Nullable Integer runners) {
        return control(name, action, runners, null);
    }

    private static void setLimit(OperationQueue queue, @Nullable Integer limit) {
        if (limit == null || limit < 1) {
            throw new InvalidEndpointRequestException(
                    "Action " + SET_LIMIT + " needs \"limit\": 1 or more, was " + limit, "Bad limit");
        }
        try {
            queue.setLimit(limit);
        }
        catch (IllegalStateException ex) {
            throw new InvalidEndpointRequestException(ex.getMessage(), "No limit");
        }
    }

    private QueueDescriptor describe(OperationQueue queue) {
        boolean configured = this.properties != null && this.properties.getQueues().containsKey(queue.name());
        boolean autoStart = Boolean.TRUE.equals(setting(queue.name(), OperationQueueProperties.Queue::getAutoStart));
        return QueueDescriptor.of(queue.stats(), queue.flowControl(), configured, autoStart);
    }

    private @Nullable Duration drainTimeout(String name) {
        return setting(name, OperationQueueProperties.Queue::getDrainTimeout);
    }

    /**
     * A setting of a configured queue, its own or else the default, read from the same binding as
     * the queue's; {@code null} for a queue that is not configured.
     */
    private <T> @Nullable T setting(String name, Function<OperationQueueProperties.Queue, T> setting) {
        if (this.properties == null || !this.properties.getQueues().containsKey(name)) {
            return null;
        }
        OperationQueueProperties.Queue own = this.properties.getQueues().get(name);
        T value = (own != null) ? setting.apply(own) : null;
        return (value != null) ? value : setting.apply(this.properties.getDefaults());
    }

}
