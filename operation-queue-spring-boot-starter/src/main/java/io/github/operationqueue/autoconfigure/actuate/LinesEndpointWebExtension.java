package io.github.operationqueue.autoconfigure.actuate;

import java.util.Objects;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP face of the {@link LinesEndpoint}: the same reads, but an unknown line is answered 404
 * with an {@link ErrorDescriptor} that lists the known lines, the message a JMX client gets.
 * Reading every line is the endpoint's own operation.
 */
@EndpointWebExtension(endpoint = LinesEndpoint.class)
public class LinesEndpointWebExtension {

    private final LinesEndpoint endpoint;

    /**
     * Creates the extension of {@code endpoint}.
     *
     * @param endpoint the endpoint that describes the lines
     * @throws NullPointerException if {@code endpoint} is {@code null}
     */
    public LinesEndpointWebExtension(LinesEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
    }

    /**
     * Describes the line {@code name}, as {@link LinesEndpoint#line} does.
     *
     * @param name the line's name
     * @return 200 with the line, or 404 with the known lines
     */
    @ReadOperation
    public WebEndpointResponse<Object> line(@Selector String name) {
        return ErrorDescriptor.readByName(() -> this.endpoint.line(name));
    }

}
