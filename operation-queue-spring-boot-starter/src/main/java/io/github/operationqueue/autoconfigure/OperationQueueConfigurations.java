package io.github.operationqueue.autoconfigure;

import java.util.List;
import java.util.Map;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.line.Lines;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The configurations that {@link OperationQueueAutoConfiguration} imports, one concern each.
 */
final class OperationQueueConfigurations {

    private static final Logger logger = LoggerFactory.getLogger(OperationQueueConfigurations.class);

    private OperationQueueConfigurations() {
    }

    /**
     * One {@link OperationQueue} bean per {@code operation-queue.queues} entry, registered by
     * {@link OperationQueueRegistrar} and created by the {@link OperationQueueFactory} from the
     * bound properties.
     */
    @Configuration(proxyBeanMethods = false)
    @Import(OperationQueueRegistrar.class)
    static class QueuesConfiguration {

        @Bean(name = OperationQueueFactory.BEAN_NAME)
        OperationQueueFactory operationQueueFactory(OperationQueueProperties properties, Environment environment,
                ConfigurableListableBeanFactory beanFactory, OperationQueues queues, OperationQueueLifecycle lifecycle) {
            return new OperationQueueFactory(properties, environment, beanFactory, queues, lifecycle);
        }

        @Bean
        OperationQueueBuilder operationQueueBuilder(OperationQueueFactory factory) {
            return new OperationQueueBuilder(factory);
        }

        /** Binds the properties bean as the registrar read the names; see {@link EmptyEntryBindHandler}. */
        @Bean
        static ConfigurationPropertiesBindHandlerAdvisor operationQueueEmptyEntryBindHandlerAdvisor() {
            return EmptyEntryBindHandler::new;
        }

    }

    /**
     * The {@link OperationQueues} registry: every singleton {@link OperationQueue} bean, the
     * application's own included. Metrics, endpoints and health find the queues here.
     */
    @Configuration(proxyBeanMethods = false)
    static class RegistryConfiguration {

        @Bean
        @ConditionalOnMissingBean
        OperationQueues operationQueues() {
            return new OperationQueues();
        }

        /**
         * Lists the application's own queue beans once every singleton exists; configured and
         * built queues are listed as they are created. Listing them when the registry is created
         * instead would create the queues first, and a queue's creation needs the registry. A
         * queue bean of another scope is left out: the stream would create an instance for the
         * registry alone, one that the application never uses.
         */
        @Bean
        static SmartInitializingSingleton operationQueueBeansRegistration(ObjectProvider<OperationQueues> registry,
                ObjectProvider<OperationQueue> queues, ListableBeanFactory beanFactory) {
            return () -> {
                OperationQueues operationQueues = registry.getObject();
                queues.orderedStream((type) -> true, false).forEach((queue) -> {
                    if (operationQueues.find(queue.name()).filter((registered) -> registered != queue).isPresent()) {
                        throw sameName(queue.name(), beanFactory);
                    }
                    operationQueues.register(queue);
                });
            };
        }

        private static InvalidOperationQueueConfigurationException sameName(String name,
                ListableBeanFactory beanFactory) {
            List<String> beanNames = beanFactory.getBeansOfType(OperationQueue.class, false, false)
                .entrySet()
                .stream()
                .filter((bean) -> bean.getValue().name().equals(name))
                .map((bean) -> "'" + bean.getKey() + "'")
                .sorted()
                .toList();
            return new InvalidOperationQueueConfigurationException(OperationQueueRegistrar.QUEUES + "." + name,
                    "two operation queues are named '" + name + "': the beans " + String.join(" and ", beanNames)
                            + ".",
                    "Give each queue its own name: rename the configured queue, or pass another name to "
                            + "OperationQueue.builder().name(...) for the application's own queue bean.");
        }

    }

    /**
     * The {@link Lines} registry, and the {@code Line} bean definitions that
     * {@link LineScoped @LineScoped} injection points resolve to.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Lines.class)
    static class LinesConfiguration {

        @Bean
        @ConditionalOnMissingBean
        Lines operationQueueLines(ObjectProvider<SharedLineCoordinators> sharedLines,
                OperationQueueProperties properties) {
            SharedLineCoordinators coordinators = sharedLines
                .getIfAvailable(() -> SharedLineSettings.localOnly(properties));
            Map<String, String> shared = SharedLineSettings.lockRegistries(properties);
            shared.forEach((line, registry) -> logger
                .info("{}: shared with the other instances through the lock registry '{}'", line, registry));
            return new Lines((name) -> {
                UndashedLineKey.check(name, properties.getLines().keySet());
                return coordinators.apply(name);
            });
        }

        @Bean(name = LineScopedLines.BEAN_NAME, autowireCandidate = false)
        LineScopedLines operationQueueLineScopedLines(ObjectProvider<Lines> lines) {
            return new LineScopedLines(lines);
        }

        @Bean
        static LineBeanDefinitionPostProcessor operationQueueLineBeanDefinitionPostProcessor() {
            return new LineBeanDefinitionPostProcessor();
        }

    }

    /**
     * Starts the configured queues with the context and drains them on shutdown.
     */
    @Configuration(proxyBeanMethods = false)
    static class LifecycleConfiguration {

        @Bean
        OperationQueueLifecycle operationQueueLifecycle(ObjectProvider<LifecycleProperties> lifecycleProperties) {
            LifecycleProperties lifecycle = lifecycleProperties.getIfAvailable(LifecycleProperties::new);
            return new OperationQueueLifecycle(lifecycle.getTimeoutPerShutdownPhase());
        }

    }

    /**
     * Carries the enqueuer's thread-local context (MDC, observation, the tracer's current span and
     * the application's own {@code ThreadLocalAccessor} beans) into {@code perform()}, when
     * Micrometer's context-propagation library is present.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ContextSnapshotFactory.class)
    @ConditionalOnBooleanProperty(name = "operation-queue.propagate-context", matchIfMissing = true)
    static class ContextPropagationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ContextPropagatingOperationDecorator operationQueueContextPropagationDecorator(
                ObjectProvider<ThreadLocalAccessor<?>> accessors) {
            return new ContextPropagatingOperationDecorator(ContextSnapshotFactory.builder()
                .contextRegistry(QueueContextRegistry.create(ContextRegistry.getInstance(),
                        accessors.orderedStream().toList()))
                .clearMissing(true)
                .build());
        }

    }

}
