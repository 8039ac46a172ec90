package io.github.operationqueue.autoconfigure;

import io.github.operationqueue.OperationQueue;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * Auto-configuration for operation queues: one {@link OperationQueue} bean per
 * {@code operation-queue.queues} entry on the application's task executor, the
 * {@link OperationQueueBuilder} for queues built in code, the {@code OperationQueues} registry,
 * the lifecycle that starts and drains the queues, context propagation into operations, and
 * {@code @LineScoped} lines. Switched off by {@code operation-queue.enabled=false}.
 */
@AutoConfiguration(after = TaskExecutionAutoConfiguration.class)
@ConditionalOnClass(OperationQueue.class)
@ConditionalOnBooleanProperty(name = "operation-queue.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OperationQueueProperties.class)
@Import({ OperationQueueConfigurations.QueuesConfiguration.class,
        OperationQueueConfigurations.RegistryConfiguration.class,
        OperationQueueConfigurations.LinesConfiguration.class,
        OperationQueueConfigurations.LifecycleConfiguration.class,
        OperationQueueConfigurations.ContextPropagationConfiguration.class })
@ImportRuntimeHints(OperationQueueRuntimeHints.class)
public final class OperationQueueAutoConfiguration {

    OperationQueueAutoConfiguration() {
    }

}
