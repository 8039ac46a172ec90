package io.github.operationqueue.autoconfigure.actuate;

import java.util.function.Supplier;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The body of an error answer of the {@code operationqueues} and {@code lines} endpoints over
 * HTTP: what was wrong with the request. Shaped like Spring Boot's error body, so that clients read
 * both the same way; unlike that body, it carries its message whatever
 * {@code server.error.include-message} says. The message is the one a JMX client gets.
 *
 * @param status the HTTP status, {@code 400} or {@code 404}
 * @param error the status's reason phrase, {@code "Bad Request"} or {@code "Not Found"}
 * @param message what was wrong, naming the field and the values it accepts, or the known names
 */
public record ErrorDescriptor(int status, String error, String message) implements OperationResponseBody {

    /**
     * Describes a bad request.
     *
     * @param message what was wrong
     * @return the descriptor
     */
    public static ErrorDescriptor badRequest(String message) {
        return new ErrorDescriptor(400, "Bad Request", message);
    }

    /**
     * Describes a request for a queue or line that does not exist.
     *
     * @param message which name was asked for, and the known ones
     * @return the descriptor
     */
    public static ErrorDescriptor notFound(String message) {
        return new ErrorDescriptor(404, "Not Found", message);
    }

    /**
     * Answers a read by name over HTTP: 200 with what {@code read} returns, or 404 with the message
     * of the {@link InvalidEndpointRequestException} it throws for an unknown name.
     */
    static WebEndpointResponse<Object> readByName(Supplier<?> read) {
        try {
            return new WebEndpointResponse<>(read.get());
        }
        catch (InvalidEndpointRequestException ex) {
            return new WebEndpointResponse<>(notFound(ex.getMessage()), WebEndpointResponse.STATUS_NOT_FOUND);
        }
    }

}
