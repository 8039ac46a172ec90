package io.github.operationqueue.autoconfigure.actuate;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The body of a 400 answer of the {@code operationqueues} endpoint over HTTP: what was wrong with
 * the request and how to put it right. Shaped like Spring Boot's error body, so that clients read
 * both the same way; unlike that body, it carries its message whatever
 * {@code server.error.include-message} says.
 *
 * @param status always {@code 400}
 * @param error always {@code "Bad Request"}
 * @param message what was wrong, naming the field and the values it accepts
 */
public record BadRequestDescriptor(int status, String error, String message) implements OperationResponseBody {

    /**
     * Describes a bad request.
     *
     * @param message what was wrong
     * @return the descriptor
     */
    public static BadRequestDescriptor of(String message) {
        return new BadRequestDescriptor(400, "Bad Request", message);
    }

}
