package io.github.operationqueue.autoconfigure;

import java.util.Map;

import io.github.operationqueue.line.Lines;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
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
@EnableConfigurationProperties(OperationQueueProperties.class)
public final class SharedLinesAutoConfiguration {

    SharedLinesAutoConfiguration() {
    }

    // Not @ConditionalOnMissingBean: no application can provide the starter's own SharedLineCoordinators.
    @Bean
    LockRegistrySharedLines operationQueueSharedLines(ConfigurableListableBeanFactory beanFactory,
            OperationQueueProperties properties) {
        Map<String, OperationQueueProperties.Line> lines = SharedLineSettings.sharedLines(properties);
        LockRegistrySharedLines shared = LockRegistrySharedLines.create(lines, beanFactory);
        Map<String, String> beanNames = SharedLineSettings.lockRegistries(properties);
        // Closed before the registries it uses, so that held locks are given back while they still work.
        beanNames.values().forEach((registry) -> beanFactory.registerDependentBean(registry, "operationQueueSharedLines"));
        return shared;
    }

}
