package io.github.operationqueue.autoconfigure;

import java.util.Map;

import io.github.operationqueue.line.Lines;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * Auto-configuration of lines shared by every instance of the application: a line configured with
 * {@code operation-queue.lines.<name>.lock-registry: <bean name>} holds a lock of that Spring
 * Integration {@link LockRegistry} while its token is held. Active when Spring Integration is on the
 * classpath; lines without the setting stay local.
 */
@AutoConfiguration(before = OperationQueueAutoConfiguration.class)
@ConditionalOnClass({ LockRegistry.class, Lines.class })
@ConditionalOnBooleanProperty(name = "operation-queue.enabled", matchIfMissing = true)
public final class SharedLinesAutoConfiguration {

    SharedLinesAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(SharedLineCoordinators.class)
    LockRegistrySharedLines operationQueueSharedLines(ConfigurableListableBeanFactory beanFactory,
            Environment environment) {
        Map<String, OperationQueueProperties.Line> lines = SharedLineSettings.sharedLines(environment);
        LockRegistrySharedLines shared = LockRegistrySharedLines.create(lines, beanFactory);
        Map<String, String> beanNames = SharedLineSettings.lockRegistries(environment);
        // Closed before the registries it uses, so that held locks are given back while they still work.
        beanNames.values().forEach((registry) -> beanFactory.registerDependentBean(registry, "operationQueueSharedLines"));
        return shared;
    }

}
