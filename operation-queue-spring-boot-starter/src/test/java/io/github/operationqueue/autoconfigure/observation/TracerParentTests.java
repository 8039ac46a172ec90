package io.github.operationqueue.autoconfigure.observation;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.autoconfigure.OperationQueueAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.contextpropagation.ObservationAwareSpanThreadLocalAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a real tracer (Brave through Micrometer Tracing, auto-configured as Spring Boot does it), the
 * span current at enqueue is the parent of the operation's span, whether it was started through an
 * {@link Observation} or through the {@link Tracer} API ({@code nextSpan()} + {@code withSpan(…)},
 * what {@code @NewSpan} and Brave's own instrumentation do), and logs inside {@code perform()} carry
 * its trace id.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class TracerParentTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                MicrometerTracingAutoConfiguration.class, BraveAutoConfiguration.class,
                TaskExecutionAutoConfiguration.class, OperationQueueAutoConfiguration.class,
                OperationQueueObservationAutoConfiguration.class, OperationQueueTracingAutoConfiguration.class))
        .withPropertyValues("operation-queue.queues.traced.runners=1", "management.tracing.sampling.probability=1.0");

    @Test
    void makesASpanStartedWithTheTracerApiTheParent() {
        this.contextRunner.run((context) -> {
            Tracer tracer = context.getBean(Tracer.class);
            OperationQueue queue = context.getBean(OperationQueue.class);
            Span parent = tracer.nextSpan().name("caller").start();
            CompletableFuture<Seen> seen;
            try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
                seen = queue.submitBlocking(() -> Seen.now(tracer));
            }
            finally {
                parent.end();
            }
            assertChildOf(parent.context(), seen.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        });
    }

    @Test
    void makesTheCurrentObservationTheParent() {
        this.contextRunner.run((context) -> {
            Tracer tracer = context.getBean(Tracer.class);
            OperationQueue queue = context.getBean(OperationQueue.class);
            Observation caller = Observation.start("caller", context.getBean(ObservationRegistry.class));
            CompletableFuture<Seen> seen;
            TraceContext parent;
            try (Observation.Scope scope = caller.openScope()) {
                parent = tracer.currentSpan().context();
                seen = queue.submitBlocking(() -> Seen.now(tracer));
            }
            finally {
                caller.stop();
            }
            assertChildOf(parent, seen.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        });
    }

    @Test
    void contributesNoAccessorWhenContextPropagationIsOff() {
        this.contextRunner.withPropertyValues("operation-queue.propagate-context=false")
            .run((context) -> assertThat(context).doesNotHaveBean(ObservationAwareSpanThreadLocalAccessor.class));
    }

    private static void assertChildOf(TraceContext parent, Seen seen) {
        assertThat(seen.traceId()).as("trace inside perform()").isEqualTo(parent.traceId());
        assertThat(seen.parentId()).as("parent of the operation's span").isEqualTo(parent.spanId());
        assertThat(seen.mdcTraceId()).as("trace id in the MDC inside perform()").isEqualTo(parent.traceId());
    }

    /** What perform() sees: its current span and the trace id its log lines carry. */
    private record Seen(String traceId, String parentId, String mdcTraceId) {

        static Seen now(Tracer tracer) {
            Span current = tracer.currentSpan();
            return (current != null)
                    ? new Seen(current.context().traceId(), current.context().parentId(), MDC.get("traceId"))
                    : new Seen(null, null, MDC.get("traceId"));
        }

    }

}
