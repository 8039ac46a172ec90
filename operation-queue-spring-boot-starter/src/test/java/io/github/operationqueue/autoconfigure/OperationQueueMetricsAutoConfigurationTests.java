package io.github.operationqueue.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;
import io.github.operationqueue.line.Token;
import io.github.operationqueue.micrometer.MeterNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class OperationQueueMetricsAutoConfigurationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
                OperationQueueAutoConfiguration.class, MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, OperationQueueMetricsAutoConfiguration.class))
        .withPropertyValues("operation-queue.queues.work.runners=1", "operation-queue.lines.remote-auth=");

    @Test
    void publishesExactMeterValuesForAKnownWorkload() {
        this.contextRunner.run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            OperationQueue queue = context.getBean(OperationQueues.class).get("work");
            for (int i = 0; i < 3; i++) {
                queue.submitBlocking(() -> "done").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            CompletableFuture<Object> failing = queue.submitBlocking(() -> {
                throw new IllegalStateException("expected by the test");
            });
            assertThatExceptionOfType(Exception.class)
                .isThrownBy(() -> failing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            await().atMost(TIMEOUT).untilAsserted(() -> {
                assertThat(operations(registry, "success")).isEqualTo(3);
                assertThat(operations(registry, "failure")).isEqualTo(1);
                assertThat(registry.get(MeterNames.QUEUE_EXECUTION).tags("queue", "work", "outcome", "failure")
                    .timer().count()).isEqualTo(1);
                assertThat(registry.get(MeterNames.QUEUE_RUNNERS).tags("queue", "work", "state", "waiting")
                    .gauge().value()).isEqualTo(1);
            });
            assertThat(operations(registry, "abandoned")).isZero();
            assertThat(operations(registry, "refused")).isZero();
            assertThat(registry.get(MeterNames.QUEUE_EXECUTION).tags("queue", "work", "outcome", "success")
                .timer().count()).isEqualTo(3);
            assertThat(registry.get(MeterNames.QUEUE_WAIT).tag("queue", "work").timer().count()).isEqualTo(4);
            assertThat(registry.get(MeterNames.QUEUE_DEPTH).tag("queue", "work").gauge().value()).isZero();
            assertThat(registry.find(MeterNames.QUEUE_DEPTH).gauges()).as("bound once").hasSize(1);

            Line line = context.getBean(Lines.class).line("remote-auth");
            AcquireOutcome first = line.tryAcquireToken();
            AcquireOutcome second = line.tryAcquireToken();
            assertThat(registry.get(MeterNames.LINE_BUSY).tag("line", "remote-auth").gauge().value()).isEqualTo(1);
            assertThat(second).isInstanceOf(AcquireOutcome.Failure.class);
            try (Token token = ((AcquireOutcome.Success) first).token()) {
                assertThat(token).isNotNull();
            }
            assertThat(registry.get(MeterNames.LINE_BUSY).tag("line", "remote-auth").gauge().value()).isZero();
            assertThat(acquisitions(registry, "remote-auth", "acquired")).isEqualTo(1);
            assertThat(acquisitions(registry, "remote-auth", "busy")).isEqualTo(1);
            assertThat(registry.get(MeterNames.LINE_HELD).tag("line", "remote-auth").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void bindsQueuesAndLinesRegisteredAfterStartup() {
        this.contextRunner.run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            OperationQueue later = OperationQueue.builder().name("later").executor(Runnable::run).build();
            context.getBean(OperationQueues.class).register(later);
            context.getBean(Lines.class).line("later-line");
            assertThat(registry.find(MeterNames.QUEUE_DEPTH).tag("queue", "later").gauge()).isNotNull();
            assertThat(registry.find(MeterNames.LINE_BUSY).tag("line", "later-line").gauge()).isNotNull();
        });
    }

    @Test
    void removesTheMetersWhenTheContextCloses() {
        AtomicReference<MeterRegistry> registry = new AtomicReference<>();
        this.contextRunner.run((context) -> {
            registry.set(context.getBean(MeterRegistry.class));
            assertThat(registry.get().find(MeterNames.QUEUE_DEPTH).gauges()).hasSize(1);
        });
        assertThat(registry.get().find(MeterNames.QUEUE_DEPTH).gauges()).isEmpty();
        assertThat(registry.get().find(MeterNames.LINE_BUSY).gauges()).isEmpty();
    }

    @Test
    void bindsToAUserDefinedMeterRegistry() {
        this.contextRunner.withUserConfiguration(UserRegistryConfiguration.class).run((context) -> {
            assertThat(context.getBean(MeterRegistry.class)).isSameAs(context.getBean("userRegistry"));
            assertThat(context.getBean(MeterRegistry.class).find(MeterNames.QUEUE_DEPTH).tag("queue", "work").gauge())
                .isNotNull();
        });
    }

    @Test
    void ordersItselfAfterBootsMetricsByNameSoItsClassesMayBeAbsent() {
        AutoConfiguration annotation = OperationQueueMetricsAutoConfiguration.class
            .getAnnotation(AutoConfiguration.class);
        assertThat(annotation.after()).containsExactly(OperationQueueAutoConfiguration.class);
        assertThat(annotation.afterName()).contains(
                "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration");
    }

    @Test
    void bindsToTheApplicationsRegistryWithoutSpringBootsMetricsModule() throws Exception {
        try (FilteredClassLoader withoutBootMetrics = new FilteredClassLoader(
                "org.springframework.boot.micrometer.metrics")) {
            new ApplicationContextRunner()
                .withClassLoader(withoutBootMetrics)
                .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
                        OperationQueueAutoConfiguration.class, OperationQueueMetricsAutoConfiguration.class))
                .withUserConfiguration(UserRegistryConfiguration.class)
                .withPropertyValues("operation-queue.queues.work.runners=1")
                .run((context) -> {
                    // Without Boot's module nothing binds MeterBinder beans; the application binds this one.
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    context.getBean(OperationQueueRegistryMetrics.class).bindTo(registry);
                    assertThat(registry.find(MeterNames.QUEUE_DEPTH).tag("queue", "work").gauge()).isNotNull();
                });
        }
    }

    @Test
    void bindsNothingWithoutAMeterRegistry() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
                    OperationQueueAutoConfiguration.class, OperationQueueMetricsAutoConfiguration.class))
            .withPropertyValues("operation-queue.queues.work.runners=1")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(OperationQueueRegistryMetrics.class);
            });
    }

    @Test
    void worksWithoutMicrometerOnTheClasspath() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core", "io.micrometer.prometheus"))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(OperationQueueRegistryMetrics.class);
                assertThat(context.getBean(OperationQueues.class).get("work").stats().runners()).isEqualTo(1);
            });
    }

    @Test
    void prometheusScrapeContainsEveryMeterOfTheDesign() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
                    OperationQueueAutoConfiguration.class, MetricsAutoConfiguration.class,
                    PrometheusMetricsExportAutoConfiguration.class, OperationQueueMetricsAutoConfiguration.class))
            .withPropertyValues("operation-queue.queues.work.runners=1", "operation-queue.lines.remote-auth=")
            .run((context) -> {
                String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
                List<String> names = List.of("operation_queue_depth", "operation_queue_runners",
                        "operation_queue_operations", "operation_queue_wait", "operation_queue_execution",
                        "operation_queue_line_busy", "operation_queue_line_acquisitions", "operation_queue_line_held");
                for (String name : names) {
                    assertThat(scrape).as(name).containsPattern("(?m)^" + name + "\\w*\\{");
                }
                assertThat(scrape).contains("queue=\"work\"").contains("line=\"remote-auth\"");
            });
    }

    private static double operations(MeterRegistry registry, String outcome) {
        return registry.get(MeterNames.QUEUE_OPERATIONS).tags("queue", "work", "outcome", outcome).functionCounter()
            .count();
    }

    private static double acquisitions(MeterRegistry registry, String line, String outcome) {
        return registry.get(MeterNames.LINE_ACQUISITIONS).tags("line", line, "outcome", outcome).counter().count();
    }

    @Configuration(proxyBeanMethods = false)
    static class UserRegistryConfiguration {

        @Bean
        SimpleMeterRegistry userRegistry() {
            return new SimpleMeterRegistry();
        }

    }

}
