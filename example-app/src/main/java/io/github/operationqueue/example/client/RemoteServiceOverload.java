package io.github.operationqueue.example.client;

import java.util.concurrent.TimeoutException;

import io.github.operationqueue.autoconfigure.OperationQueueCustomizer;
import io.github.operationqueue.flow.RemoteBackOffException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tells the queue {@code remote-service} which of its failed operations mean that the remote API is
 * overloaded, so that its adaptive limit shrinks on them: a 503 or 429 without a hint
 * ({@link RemoteBusyException}), and, as by default, one with a {@code Retry-After}
 * ({@link RemoteBackOffException}) and a timeout ({@link TimeoutException}, to which {@link RemoteHttp} turns
 * Reactor Netty's own timeouts).
 */
@Configuration(proxyBeanMethods = false)
class RemoteServiceOverload {

    static final String QUEUE = "remote-service";

    @Bean
    OperationQueueCustomizer remoteServiceOverloadOn() {
        return (name, builder) -> {
            if (QUEUE.equals(name)) {
                builder.overloadOn(RemoteBusyException.class, RemoteBackOffException.class, TimeoutException.class);
            }
        };
    }

}
