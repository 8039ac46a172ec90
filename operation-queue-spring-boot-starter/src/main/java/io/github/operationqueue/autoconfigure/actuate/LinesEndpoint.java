package io.github.operationqueue.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code lines} endpoint: every line of a {@link Lines} registry with whether it is busy, its
 * waiters, its acquisitions by outcome, its last hold time, whether it is shared with other instances
 * and whether its holder is local or remote. Read-only. An unknown name is an
 * {@link InvalidEndpointRequestException} whose message lists the known lines: over JMX the
 * operation fails with it, over HTTP {@link LinesEndpointWebExtension} answers 404 with it.
 */
@Endpoint(id = "lines", defaultAccess = Access.READ_ONLY)
public class LinesEndpoint {

    private final Lines lines;

    /**
     * Creates the endpoint for the lines of {@code lines}.
     *
     * @param lines the registry to show
     * @throws NullPointerException if {@code lines} is {@code null}
     */
    public LinesEndpoint(Lines lines) {
        this.lines = Objects.requireNonNull(lines, "lines must not be null");
    }

    /**
     * Describes every line, in name order.
     *
     * @return the lines
     */
    @ReadOperation
    public LinesDescriptor lines() {
        Map<String, LineDescriptor> descriptors = new LinkedHashMap<>();
        for (Line line : this.lines) {
            descriptors.put(line.name(), LineDescriptor.of(line));
        }
        return new LinesDescriptor(descriptors);
    }

    /**
     * Describes the line {@code name}.
     *
     * @param name the line's name
     * @return the line
     * @throws InvalidEndpointRequestException (a 404 over HTTP, see {@link LinesEndpointWebExtension})
     *         if there is no such line; the message lists the known lines
     */
    @ReadOperation
    public LineDescriptor line(@Selector String name) {
        try {
            return LineDescriptor.of(this.lines.get(name));
        }
        catch (NoSuchElementException ex) {
            throw new InvalidEndpointRequestException(ex.getMessage(), "Unknown line");
        }
    }

}
