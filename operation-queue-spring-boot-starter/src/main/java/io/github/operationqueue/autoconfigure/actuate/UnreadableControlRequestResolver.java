package io.github.operationqueue.autoconfigure.actuate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a control request to the {@code operationqueues} endpoint whose body Spring MVC cannot read
 * as JSON with 400 and an {@link ErrorDescriptor} that says so. Spring MVC reads the body before any
 * endpoint code runs, and would answer with a bare 400 that keeps the reason out of the body.
 *
 * <p>It applies only to requests mapped to that endpoint's paths (the pattern Spring MVC matched
 * starts with the endpoint's path); any other unreadable body, the application's own requests and
 * other endpoints' included, is left to Spring MVC as before.
 */
final class UnreadableControlRequestResolver implements HandlerExceptionResolver, Ordered {

    /** The message, the same for every unreadable body: the parser's own text may echo the request. */
    static final String MESSAGE = "The body is not valid JSON; send a JSON object with an \"action\": "
            + OperationQueuesEndpoint.PAUSE + ", " + OperationQueuesEndpoint.RESUME + ", "
            + OperationQueuesEndpoint.STOP + " or " + OperationQueuesEndpoint.ADD_RUNNERS
            + ", and \"runners\" for " + OperationQueuesEndpoint.ADD_RUNNERS;

    /** Written by hand: the message is fixed, and the starter needs no JSON library of its own. */
    private static final String BODY = "{\"status\":400,\"error\":\"Bad Request\",\"message\":\""
            + MESSAGE.replace("\"", "\\\"") + "\"}";

    private static final EndpointId ENDPOINT_ID = EndpointId.of("operationqueues");

    private final ObjectProvider<PathMappedEndpoints> pathMappedEndpoints;

    UnreadableControlRequestResolver(ObjectProvider<PathMappedEndpoints> pathMappedEndpoints) {
        this.pathMappedEndpoints = pathMappedEndpoints;
    }

    /** Before Spring MVC's own resolvers, which would answer the bare 400. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
            @Nullable Object handler, Exception ex) {
        if (!(ex instanceof HttpMessageNotReadableException) || !isForTheEndpoint(request)) {
            return null;
        }
        try {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(BODY);
            return new ModelAndView();
        }
        catch (IOException writeFailure) {
            // The client is gone; let Spring MVC answer as it would have.
            return null;
        }
    }

    private boolean isForTheEndpoint(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        PathMappedEndpoints endpoints = this.pathMappedEndpoints.getIfAvailable();
        String path = (endpoints != null) ? endpoints.getPath(ENDPOINT_ID) : null;
        return pattern instanceof String matched && path != null && matched.startsWith(path + "/");
    }

}
