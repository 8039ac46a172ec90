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
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
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
     * {@link OperationQueueRegistrar}.
     */
    @Configuration(proxyBeanMethods = false)
    @Import(OperationQueueRegistrar.class)
    static class QueuesConfiguration {

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
     * The {@link Lines} registry, holding the configured lines from the start, and the resolver
     * that injects {@link LineScoped @LineScoped} lines from it.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Lines.class)
    static class LinesConfiguration {

        @Bean
        @ConditionalOnMissingBean
        Lines operationQueueLines(ConfigurableListableBeanFactory beanFactory,
                ObjectProvider<SharedLineCoordinators> sharedLines, Environment environment) {
            Lines lines = new Lines(sharedLines.getIfAvailable(() -> SharedLineSettings.localOnly(environment)));
            beanFactory.getBean(ResolvedSettings.BEAN_NAME, ResolvedSettings.class).lines().forEach(lines::line);
            return lines;
        }

        @Bean
        static BeanFactoryPostProcessor operationQueueLineScopedResolverInstaller() {
            return (beanFactory) -> {
                if (beanFactory instanceof DefaultListableBeanFactory listable
                        && !(listable.getAutowireCandidateResolver() instanceof LineScopedResolver)) {
                    listable.setAutowireCandidateResolver(
                            new LineScopedResolver(listable.getAutowireCandidateResolver()));
                }
            };
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
            ResolvedSettings settings = beanFactory.getBean(ResolvedSettings.BEAN_NAME, ResolvedSettings.class);
            Duration timeoutPerShutdownPhase = Binder.get(environment)
                .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(null);
            return new OperationQueueLifecycle(settings, beanFactory, timeoutPerShutdownPhase);
        }

    }

    /**
     * Carries the enqueuer's thread-local context (MDC, observation) into {@code perform()},
     * when Micrometer's context-propagation library is present.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ContextSnapshotFactory.class)
    @ConditionalOnBooleanProperty(name = "operation-queue.propagate-context", matchIfMissing = true)
    static class ContextPropagationConfiguration {

        @Bean(name = OperationQueueFactory.CONTEXT_DECORATOR_BEAN_NAME)
        @ConditionalOnMissingBean(name = OperationQueueFactory.CONTEXT_DECORATOR_BEAN_NAME)
        ContextPropagatingOperationDecorator operationQueueContextPropagationDecorator() {
            ContextRegistry registry = ContextRegistry.getInstance();
            registerMdcAccessorIfAbsent(registry);
            return new ContextPropagatingOperationDecorator(
                    ContextSnapshotFactory.builder().contextRegistry(registry).clearMissing(true).build());
        }

        /**
         * Registers Micrometer's {@link Slf4jThreadLocalAccessor} with the global registry unless
         * an accessor for the MDC is there already: neither Micrometer nor Spring Boot registers
         * one by default, and without it the MDC would not cross the queue.
         */
        private static void registerMdcAccessorIfAbsent(ContextRegistry registry) {
            synchronized (registry) {
                for (ThreadLocalAccessor<?> accessor : registry.getThreadLocalAccessors()) {
                    if (Slf4jThreadLocalAccessor.KEY.equals(accessor.key())) {
                        return;
                    }
                }
                registry.registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
            }
        }

    }

}
