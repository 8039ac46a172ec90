package io.github.operationqueue.autoconfigure.actuate;

import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.autoconfigure.OperationQueueAutoConfiguration;
import io.github.operationqueue.autoconfigure.OperationQueueLifecycle;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the {@code operationQueues} health contributor, unless
 * {@code management.health.operationqueues.enabled=false} or the application defines a bean of
 * that name. Needs Spring Boot's health module on the classpath.
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
     * The contributor itself, in a configuration of its own: the class condition above must hold
     * before the health module's own condition can even be read.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("operationqueues")
    static class HealthContributorConfiguration {

        @Bean(name = BEAN_NAME)
        @ConditionalOnMissingBean(name = BEAN_NAME)
        OperationQueuesHealthContributor operationQueuesHealthContributor(OperationQueues queues,
                ObjectProvider<OperationQueueLifecycle> lifecycle) {
            OperationQueueLifecycle queueLifecycle = lifecycle.getIfAvailable();
            return new OperationQueuesHealthContributor(queues,
                    (queueLifecycle != null) ? queueLifecycle::isRunning : () -> true);
        }

    }

}
