package io.github.operationqueue.autoconfigure.observation;

import io.github.operationqueue.OperationDecorator;
import io.github.operationqueue.autoconfigure.OperationQueueAutoConfiguration;
import io.github.operationqueue.autoconfigure.OperationQueueCustomizer;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that observes every operation of the configured queues with an
 * {@link ObservationOperationDecorator}, when an {@link ObservationRegistry} bean exists. The
 * decorator is composed innermost with the decorators the starter already applied (context
 * propagation stays outermost), through an {@link OperationQueueCustomizer}. Queues the
 * application defines as its own beans are not decorated; give their builders an
 * {@code ObservationOperationDecorator} to observe them too.
 *
 * <p>The observation is for tracing. Spring Boot also turns it into a timer and a long-task timer
 * ({@code operation.queue.operation} and {@code operation.queue.operation.active}), which repeat
 * {@code operation.queue.execution}; meter filters are the application's to choose, so none is
 * registered here (the README shows the one to declare to keep them out).
 */
@AutoConfiguration(after = OperationQueueAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ObservationRegistry.class, OperationDecorator.class })
@ConditionalOnBean(ObservationRegistry.class)
public final class OperationQueueObservationAutoConfiguration {

    /** The name of the customizer bean that adds the decorator. */
    public static final String CUSTOMIZER_BEAN_NAME = "operationQueueObservationCustomizer";

    OperationQueueObservationAutoConfiguration() {
    }

    @Bean(name = CUSTOMIZER_BEAN_NAME)
    @ConditionalOnMissingBean(name = CUSTOMIZER_BEAN_NAME)
    OperationQueueCustomizer operationQueueObservationCustomizer(ObservationRegistry registry,
            ObjectProvider<OperationQueueObservationConvention> convention) {
        // Added last, so inside the decorators already set: the observation opens in the
        // enqueuer's restored context.
        return (name, builder) -> builder
            .decorator(new ObservationOperationDecorator(registry, name, convention.getIfUnique()));
    }

}
