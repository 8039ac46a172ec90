package io.github.operationqueue.autoconfigure.observation;

import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.contextpropagation.ObservationAwareBaggageThreadLocalAccessor;
import io.micrometer.tracing.contextpropagation.ObservationAwareSpanThreadLocalAccessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that makes the tracer's current span the parent of each operation's span when
 * a Micrometer Tracing {@link Tracer} bean exists: a span started with the {@code Tracer} API
 * ({@code nextSpan()} + {@code withSpan(…)}, as {@code @NewSpan} and Brave's own instrumentation
 * do), not only one opened by an observation. It contributes the context-propagation accessors
 * that Micrometer Tracing ships for this, {@link ObservationAwareSpanThreadLocalAccessor} and
 * {@link ObservationAwareBaggageThreadLocalAccessor}, as beans that the starter's context
 * propagation adds to its own registry (Spring Boot does not register them globally; the global
 * registry is left as it is). An accessor the application registered globally under the same key
 * is used instead. Switched off with context propagation
 * ({@code operation-queue.propagate-context=false}).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnClass({ Tracer.class, ObservationAwareSpanThreadLocalAccessor.class, ContextSnapshotFactory.class })
@ConditionalOnBean(Tracer.class)
@ConditionalOnBooleanProperty(name = "operation-queue.propagate-context", matchIfMissing = true)
public final class OperationQueueTracingAutoConfiguration {

    OperationQueueTracingAutoConfiguration() {
    }

    @Bean
    ObservationAwareSpanThreadLocalAccessor operationQueueSpanThreadLocalAccessor(Tracer tracer,
            ObjectProvider<ObservationRegistry> observationRegistry) {
        ObservationRegistry registry = observationRegistry.getIfUnique();
        return (registry != null) ? new ObservationAwareSpanThreadLocalAccessor(registry, tracer)
                : new ObservationAwareSpanThreadLocalAccessor(tracer);
    }

    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    ObservationAwareBaggageThreadLocalAccessor operationQueueBaggageThreadLocalAccessor(Tracer tracer,
            ObservationRegistry observationRegistry) {
        return new ObservationAwareBaggageThreadLocalAccessor(observationRegistry, tracer);
    }

}
