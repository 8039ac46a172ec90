package io.github.operationqueue.autoconfigure.actuate;

import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.autoconfigure.OperationQueueAutoConfiguration;
import io.github.operationqueue.autoconfigure.OperationQueueLifecycle;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the {@code operationQueues} health contributor, as Spring Boot configures
 * its own: unless {@code management.health.operationqueues.enabled=false} (or
 * {@code management.health.defaults.enabled=false}), or the application defines a bean named
 * {@code operationQueuesHealthIndicator} or {@code operationQueuesHealthContributor}. Needs Spring
 * Boot's health module on the classpath. A stopped queue turns the application DOWN only for the
 * queues that {@link OperationQueueHealthProperties} opts in.
 */
@AutoConfiguration(after = OperationQueueAutoConfiguration.class)
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(OperationQueues.class)
@Import(OperationQueueHealthContributorAutoConfiguration.HealthContributorConfiguration.class)
public final class OperationQueueHealthContributorAutoConfiguration {

    /** The bean name, which makes the contributor's name {@code operationQueues}. */
    public static final String BEAN_NAME = "operationQueuesHealthContributor";

    OperationQueueHealthContributorAutoConfiguration() {
    }

    /**
     * The contributor, under Boot's health-indicator condition. The condition sits on this nested
     * class rather than on the auto-configuration (where Boot puts its own) because the health
     * module is optional here: its condition class can only be loaded once the class condition
     * above has held, and an application that imports this auto-configuration directly, without
     * Boot's import filter, would otherwise fail to start without that module.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("operationqueues")
    @EnableConfigurationProperties(OperationQueueHealthProperties.class)
    static class HealthContributorConfiguration {

        @Bean(name = BEAN_NAME)
        @ConditionalOnMissingBean(name = { "operationQueuesHealthIndicator", BEAN_NAME })
        OperationQueuesHealthContributor operationQueuesHealthContributor(OperationQueues queues,
                ObjectProvider<OperationQueueLifecycle> lifecycle, OperationQueueHealthProperties properties) {
            OperationQueueLifecycle queueLifecycle = lifecycle.getIfAvailable();
            return new OperationQueuesHealthContributor(queues,
                    (queueLifecycle != null) ? queueLifecycle::isRunning : () -> true, properties::isDownWhenStopped);
        }

        /**
         * Fails the start for a name in {@code down-when-stopped-queues} that no queue has, once every
         * queue bean exists: a misspelt name would otherwise leave that queue's stop unnoticed.
         */
        @Bean
        SmartInitializingSingleton operationQueuesHealthPropertiesCheck(OperationQueues queues,
                OperationQueueHealthProperties properties) {
            return () -> {
                for (String name : properties.getDownWhenStoppedQueues()) {
                    if (queues.find(name).isEmpty()) {
                        throw new InvalidConfigurationPropertyValueException(
                                "management.health.operationqueues.down-when-stopped-queues", name,
                                "No operation queue is named '" + name + "'; known queues: " + queues.names()
                                        + ". Use the name of a queue, as under operation-queue.queues.");
                    }
                }
            };
        }

    }

}
