package io.github.operationqueue.autoconfigure.actuate;

import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.autoconfigure.OperationQueueAutoConfiguration;
import io.github.operationqueue.autoconfigure.OperationQueueProperties;
import io.github.operationqueue.line.Lines;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Auto-configuration of the {@code operationqueues} and {@code lines} endpoints, each when it is
 * available (its access is not {@code none} and it is exposed) and the application defines no
 * endpoint of that type itself, and of their web extensions, which answer an unknown name or a bad
 * control request with its reason. Needs the actuator on the classpath.
 */
@AutoConfiguration(after = OperationQueueAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
public final class OperationQueueEndpointAutoConfiguration {

    OperationQueueEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(OperationQueues.class)
    @ConditionalOnAvailableEndpoint
    OperationQueuesEndpoint operationQueuesEndpoint(OperationQueues queues,
            ObjectProvider<OperationQueueProperties> properties) {
        return new OperationQueuesEndpoint(queues, properties.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(OperationQueuesEndpoint.class)
    @ConditionalOnAvailableEndpoint(endpoint = OperationQueuesEndpoint.class, exposure = EndpointExposure.WEB)
    OperationQueuesEndpointWebExtension operationQueuesEndpointWebExtension(OperationQueuesEndpoint endpoint) {
        return new OperationQueuesEndpointWebExtension(endpoint);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(Lines.class)
    @ConditionalOnAvailableEndpoint
    LinesEndpoint linesEndpoint(Lines lines) {
        return new LinesEndpoint(lines);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(LinesEndpoint.class)
    @ConditionalOnAvailableEndpoint(endpoint = LinesEndpoint.class, exposure = EndpointExposure.WEB)
    LinesEndpointWebExtension linesEndpointWebExtension(LinesEndpoint endpoint) {
        return new LinesEndpointWebExtension(endpoint);
    }

    /** Answers a control request whose body is not JSON, when Spring MVC serves the endpoint. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(HandlerExceptionResolver.class)
    static class ServletConfiguration {

        @Bean
        @ConditionalOnAvailableEndpoint(endpoint = OperationQueuesEndpoint.class, exposure = EndpointExposure.WEB)
        UnreadableControlRequestResolver operationQueuesUnreadableControlRequestResolver(
                ObjectProvider<PathMappedEndpoints> pathMappedEndpoints) {
            return new UnreadableControlRequestResolver(pathMappedEndpoints);
        }

    }

}
