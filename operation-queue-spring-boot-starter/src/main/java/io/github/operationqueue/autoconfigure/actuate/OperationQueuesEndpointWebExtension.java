package io.github.operationqueue.autoconfigure.actuate;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP face of the {@link OperationQueuesEndpoint}: the same reads and actions, but an unknown
 * queue is answered 404, and every bad request 400, with an {@link ErrorDescriptor} that says what
 * was wrong (a body that is not JSON is answered by {@link UnreadableControlRequestResolver}). Without it,
 * Spring Boot's error handling keeps the reason out of the body unless
 * {@code server.error.include-message} is set, and a runner count that is not a number, or a body
 * without an action, is refused before the endpoint sees it.
 *
 * <p>So this extension takes the fields as they come: {@code action} may be missing and
 * {@code runners} is read from its text ({@code 3} and {@code "3"} both work, {@code "two"} does
 * not), then the endpoint does the rest. Reading every queue is the endpoint's own operation.
 */
@EndpointWebExtension(endpoint = OperationQueuesEndpoint.class)
public class OperationQueuesEndpointWebExtension {

    private final OperationQueuesEndpoint endpoint;

    /**
     * Creates the extension of {@code endpoint}.
     *
     * @param endpoint the endpoint that performs the actions
     * @throws NullPointerException if {@code endpoint} is {@code null}
     */
    public OperationQueuesEndpointWebExtension(OperationQueuesEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
    }

    /**
     * Describes the queue {@code name}, as {@link OperationQueuesEndpoint#queue} does.
     *
     * @param name the queue's name
     * @return 200 with the queue, or 404 with the known queues
     */
    @ReadOperation
    public WebEndpointResponse<Object> queue(@Selector String name) {
        return ErrorDescriptor.readByName(() -> this.endpoint.queue(name));
    }

    /**
     * Applies {@code action} to the queue {@code name}, as {@link OperationQueuesEndpoint#control}
     * does.
     *
     * @param name the queue's name
     * @param action the action, or {@code null} if the body has none
     * @param runners the runner count for {@value OperationQueuesEndpoint#ADD_RUNNERS}, as text,
     *        or {@code null}
     * @param limit the limit for {@value OperationQueuesEndpoint#SET_LIMIT}, as text, or {@code null}
     * @return 200 with the queue after the action, or 400 with what was wrong
     */
    @WriteOperation
    public WebEndpointResponse<Object> control(@Selector String name, @Nullable String action,
            @Nullable String runners, @Nullable String limit) {
        if (action == null || action.isBlank()) {
            return badRequest("The body must be a JSON object with an \"action\": " + OperationQueuesEndpoint.PAUSE
                    + ", " + OperationQueuesEndpoint.RESUME + ", " + OperationQueuesEndpoint.STOP + ", "
                    + OperationQueuesEndpoint.ADD_RUNNERS + " or " + OperationQueuesEndpoint.SET_LIMIT
                    + ", and \"runners\" for " + OperationQueuesEndpoint.ADD_RUNNERS + " or \"limit\" for "
                    + OperationQueuesEndpoint.SET_LIMIT);
        }
        Integer runnerCount;
        Integer limitValue;
        try {
            runnerCount = wholeNumber(runners);
        }
        catch (NumberFormatException ex) {
            return badRequest("\"runners\" must be a whole number of 1 or more, was \"" + runners + "\"");
        }
        try {
            limitValue = wholeNumber(limit);
        }
        catch (NumberFormatException ex) {
            return badRequest("\"limit\" must be a whole number of 1 or more, was \"" + limit + "\"");
        }
        try {
            return new WebEndpointResponse<>(this.endpoint.control(name, action, runnerCount, limitValue));
        }
        catch (InvalidEndpointRequestException ex) {
            return badRequest(ex.getMessage());
        }
    }

    private static @Nullable Integer wholeNumber(@Nullable String text) {
        return (text != null) ? Integer.valueOf(text.trim()) : null;
    }

    private static WebEndpointResponse<Object> badRequest(String message) {
        return new WebEndpointResponse<>(ErrorDescriptor.badRequest(message), WebEndpointResponse.STATUS_BAD_REQUEST);
    }

}
