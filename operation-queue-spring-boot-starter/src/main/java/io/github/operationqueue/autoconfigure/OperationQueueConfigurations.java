package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.line.Lines;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The configurations that {@link OperationQueueAutoConfiguration} imports, one concern each.
 */
final class OperationQueueConfigurations {

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

        @Bean(name = OperationQueueFactory.BEAN_NAME, autowireCandidate = false)
        OperationQueueFactory operationQueueFactory(OperationQueueProperties properties, Environment environment,
                ConfigurableListableBeanFactory beanFactory) {
            return new OperationQueueFactory(properties, environment, beanFactory);
        }

    }

    /**
     * The {@link OperationQueues} registry: every {@link OperationQueue} bean, the application's
     * own included. Metrics, endpoints and health find the queues here.
     */
    @Configuration(proxyBeanMethods = false)
    static class RegistryConfiguration {

        @Bean
        @ConditionalOnMissingBean
        OperationQueues operationQueues(ConfigurableListableBeanFactory beanFactory) {
            OperationQueues registry = new OperationQueues();
            Map<String, String> beanNamesByQueueName = new HashMap<>();
            for (String beanName : beanFactory.getBeanNamesForType(OperationQueue.class)) {
                OperationQueue queue = beanFactory.getBean(beanName, OperationQueue.class);
                String other = beanNamesByQueueName.putIfAbsent(queue.name(), beanName);
                if (other != null) {
                    throw new InvalidOperationQueueConfigurationException(
                            OperationQueueRegistrar.PREFIX + ".queues." + queue.name(),
                            "two operation queues are named '" + queue.name() + "': the beans '" + other + "' and '"
                                    + beanName + "'.",
                            "Give each queue its own name: rename the configured queue, or pass another name to "
                                    + "OperationQueue.builder().name(...) for the application's own queue bean.");
                }
                registry.register(queue);
            }
            return registry;
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
        Lines operationQueueLines(ObjectProvider<SharedLineCoordinators> sharedLines, Environment environment) {
            return new Lines(sharedLines.getIfAvailable(() -> SharedLineSettings.localOnly(environment)));
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
        OperationQueueLifecycle operationQueueLifecycle(ConfigurableListableBeanFactory beanFactory,
                Environment environment) {
            OperationQueueFactory factory = beanFactory.getBean(OperationQueueFactory.BEAN_NAME,
                    OperationQueueFactory.class);
            Duration timeoutPerShutdownPhase = Binder.get(environment)
                .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(null);
            return new OperationQueueLifecycle(factory.settings(), beanFactory, timeoutPerShutdownPhase);
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

        @Bean(name = OperationQueueFactory.CONTEXT_DECORATOR_BEAN_NAME)
        @ConditionalOnMissingBean(name = OperationQueueFactory.CONTEXT_DECORATOR_BEAN_NAME)
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
