package io.github.operationqueue.autoconfigure;

import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.line.Lines;
import io.github.operationqueue.micrometer.OperationQueueMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that publishes the meters of every operation queue and line (the names are
 * in {@link io.github.operationqueue.micrometer.MeterNames}) to the application's
 * {@link MeterRegistry}, when Micrometer is present and a registry bean exists. Queues and lines
 * registered after startup are bound as they appear; the meters are removed when the context
 * closes.
 *
 * <p>Boot's metrics auto-configurations are named, not referenced: an application may have
 * micrometer-core and a {@code MeterRegistry} bean of its own without Spring Boot's metrics
 * module.
 */
@AutoConfiguration(after = OperationQueueAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, OperationQueueMetrics.class })
@ConditionalOnBean({ MeterRegistry.class, OperationQueues.class })
public final class OperationQueueMetricsAutoConfiguration {

    OperationQueueMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    OperationQueueRegistryMetrics operationQueueRegistryMetrics(OperationQueues queues, ObjectProvider<Lines> lines) {
        return new OperationQueueRegistryMetrics(queues, lines.getIfAvailable());
    }

}
