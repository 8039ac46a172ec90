package io.github.operationqueue.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.operationqueue.FlowControlStats;
import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.micrometer.MeterNames;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code limit.*}, {@code rate}, {@code rate-burst} and {@code overload-on} properties of a queue: what
 * they build, the defaults they take, the meters, and the failure analysis of each bad value naming its
 * property.
 */
class FlowControlAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
                OperationQueueAutoConfiguration.class, MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, OperationQueueMetricsAutoConfiguration.class))
        .withPropertyValues("operation-queue.queues.remote.runners=20");

    @Test
    void aQueueWithoutFlowControlHasNoLimitAndItsGaugeShowsItsRunners() {
        this.contextRunner.run((context) -> {
            OperationQueue queue = context.getBean(OperationQueues.class).get("remote");
            FlowControlStats flow = queue.flowControl();
            assertThat(flow.algorithm()).isEqualTo("none");
            assertThat(flow.rate()).isNull();
            assertThat(limitGauge(context.getBean(MeterRegistry.class))).isEqualTo(20);
            assertThat(context.getBean(MeterRegistry.class).find(MeterNames.QUEUE_PERMITS_WAIT).meter()).isNull();
        });
    }

    @Test
    void anAdaptiveLimitStartsFromItsInitialValueWithinMax() {
        this.contextRunner
            .withPropertyValues("operation-queue.queues.remote.limit.algorithm=gradient2",
                    "operation-queue.queues.remote.limit.max=15", "operation-queue.queues.remote.limit.initial=8")
            .run((context) -> {
                OperationQueue queue = context.getBean(OperationQueues.class).get("remote");
                assertThat(queue.flowControl().algorithm()).isEqualTo("gradient2");
                assertThat(queue.limit()).isEqualTo(8);
                assertThat(limitGauge(context.getBean(MeterRegistry.class))).isEqualTo(8);
            });
    }

    @Test
    void aLimitWithoutAnAlgorithmIsFixedAtItsMax() {
        this.contextRunner.withPropertyValues("operation-queue.defaults.limit.max=6").run((context) -> {
            OperationQueue queue = context.getBean(OperationQueues.class).get("remote");
            assertThat(queue.flowControl().algorithm()).isEqualTo("fixed");
            assertThat(queue.limit()).isEqualTo(6);
        });
    }

    @Test
    void anAdaptiveLimitWithoutMaxStartsAtTwentyWithinTheRunners() {
        this.contextRunner
            .withPropertyValues("operation-queue.queues.remote.runners=100",
                    "operation-queue.queues.remote.limit.algorithm=aimd")
            .run((context) -> assertThat(context.getBean(OperationQueues.class).get("remote").limit()).isEqualTo(20));
    }

    @Test
    void aRateBuildsAStartRateAndItsPermitTimer() {
        this.contextRunner
            .withPropertyValues("operation-queue.queues.remote.rate=50/s", "operation-queue.queues.remote.rate-burst=5")
            .run((context) -> {
                OperationQueue queue = context.getBean(OperationQueues.class).get("remote");
                assertThat(queue.flowControl().rate()).isEqualTo("50/s (burst 5)");
                assertThat(context.getBean(MeterRegistry.class)
                    .get(MeterNames.QUEUE_PERMITS_WAIT)
                    .tag("queue", "remote")
                    .functionTimer()).isNotNull();
            });
    }

    @Test
    void aRatePerMinuteIsUnderstood() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote.rate=600 / min")
            .run((context) -> assertThat(context.getBean(OperationQueues.class).get("remote").flowControl().rate())
                .isEqualTo("600/min (burst 1)"));
    }

    @Test
    void reportsMinAboveMaxAtTheMinProperty() {
        this.contextRunner
            .withPropertyValues("operation-queue.queues.remote.limit.algorithm=vegas",
                    "operation-queue.queues.remote.limit.min=12", "operation-queue.queues.remote.limit.max=10")
            .run((context) -> {
                FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
                assertThat(analysis.getDescription())
                    .contains("Invalid value '12' for configuration property 'operation-queue.queues.remote.limit.min'")
                    .contains("Set operation-queue.queues.remote.limit.min to a value from 1 to 10");
            });
    }

    @Test
    void reportsMaxAboveTheRunnersAtTheMaxProperty() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote.limit.max=50").run((context) -> {
            FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
            assertThat(analysis.getDescription())
                .contains("Invalid value '50' for configuration property 'operation-queue.queues.remote.limit.max'")
                .contains("runners are the ceiling")
                .contains("or raise operation-queue.queues.remote.runners");
        });
    }

    @Test
    void reportsAnInitialOutsideMinAndMax() {
        this.contextRunner
            .withPropertyValues("operation-queue.queues.remote.limit.algorithm=aimd",
                    "operation-queue.queues.remote.limit.max=10", "operation-queue.queues.remote.limit.initial=11")
            .run((context) -> assertThat(OperationQueueFailureAnalyzerTests.analyze(context).getDescription())
                .contains("'operation-queue.queues.remote.limit.initial'")
                .contains("between limit.min (1) and limit.max (10)"));
    }

    @Test
    void reportsAMalformedRateSayingHowToWriteOne() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote.rate=50/x").run((context) -> {
            FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
            assertThat(analysis.getDescription())
                .contains("Invalid value '50/x' for configuration property 'operation-queue.queues.remote.rate'")
                .contains("like 50/s or 600/min");
        });
    }

    @Test
    void reportsABurstAboveTheRate() {
        this.contextRunner
            .withPropertyValues("operation-queue.queues.remote.rate=5/s", "operation-queue.queues.remote.rate-burst=6")
            .run((context) -> assertThat(OperationQueueFailureAnalyzerTests.analyze(context).getDescription())
                .contains("'operation-queue.queues.remote.rate-burst'")
                .contains("from 1 to the rate's count (5)"));
    }

    @Test
    void reportsAnAdaptiveAlgorithmWithoutItsLibrary() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("com.netflix.concurrency.limits"))
            .withPropertyValues("operation-queue.queues.remote.limit.algorithm=gradient2")
            .run((context) -> assertThat(OperationQueueFailureAnalyzerTests.analyze(context).getDescription())
                .contains("'operation-queue.queues.remote.limit.algorithm'")
                .contains("com.netflix.concurrency-limits:concurrency-limits-core"));
    }

    @Test
    void reportsARateWithoutItsLibrary() {
        this.contextRunner.withClassLoader(new FilteredClassLoader("io.github.resilience4j"))
            .withPropertyValues("operation-queue.queues.remote.rate=5/s")
            .run((context) -> assertThat(OperationQueueFailureAnalyzerTests.analyze(context).getDescription())
                .contains("'operation-queue.queues.remote.rate'")
                .contains("io.github.resilience4j:resilience4j-ratelimiter"));
    }

    @Test
    void overloadOnCountsTheNamedExceptionsAsOverloadBesideTheBuiltInOnes() {
        this.contextRunner
            .withPropertyValues("operation-queue.queues.remote.limit.algorithm=aimd",
                    "operation-queue.queues.remote.limit.initial=10",
                    "operation-queue.queues.remote.overload-on=java.io.UncheckedIOException")
            .run((context) -> assertOverloadOn(context.getBean(OperationQueues.class).get("remote")));
    }

    @Test
    void overloadOnInTheDefaultsAppliesToEachQueueAndTakesSeveralNames() {
        this.contextRunner
            .withPropertyValues("operation-queue.defaults.limit.algorithm=aimd",
                    "operation-queue.defaults.limit.initial=10",
                    "operation-queue.defaults.overload-on=java.lang.ArithmeticException, java.io.UncheckedIOException")
            .run((context) -> assertOverloadOn(context.getBean(OperationQueues.class).get("remote")));
    }

    @Test
    void overloadOnTakesANestedClassByItsBinaryName() {
        this.contextRunner
            .withPropertyValues("operation-queue.queues.remote.limit.algorithm=aimd",
                    "operation-queue.queues.remote.overload-on[0]=" + Nested.Overloaded.class.getName())
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void reportsAnUnknownOverloadClassAtTheOverloadOnProperty() {
        this.contextRunner.withPropertyValues("operation-queue.queues.remote.overload-on=com.example.NoSuchException")
            .run((context) -> {
                FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
                assertThat(analysis.getDescription())
                    .contains("for configuration property 'operation-queue.queues.remote.overload-on'")
                    .contains("com.example.NoSuchException is not found by the application's class loader")
                    .contains("Set operation-queue.queues.remote.overload-on to fully qualified names");
            });
    }

    @Test
    void reportsAnOverloadClassThatIsNotAnExceptionAtTheDefaultsProperty() {
        this.contextRunner.withPropertyValues("operation-queue.defaults.overload-on=java.lang.String")
            .run((context) -> {
                FailureAnalysis analysis = OperationQueueFailureAnalyzerTests.analyze(context);
                assertThat(analysis.getDescription())
                    .contains("for configuration property 'operation-queue.defaults.overload-on'")
                    .contains("java.lang.String is not an exception (a Throwable)")
                    .contains("Set operation-queue.defaults.overload-on to exception classes only");
            });
    }

    /**
     * Checks that {@code queue}, with an AIMD limit at 10 and {@link UncheckedIOException} configured as
     * overload, counts it and the built-in types, and nothing else: AIMD multiplies the limit by 0.9 on
     * each overload and leaves it alone on other failures here.
     */
    static void assertOverloadOn(OperationQueue queue) throws Exception {
        assertThat(queue.limit()).isEqualTo(10);
        queue.submit(() -> CompletableFuture.failedFuture(new IllegalStateException("not overload")));
        queue.whenIdle().get(10, TimeUnit.SECONDS);
        assertThat(queue.limit()).isEqualTo(10);

        queue.submit(() -> CompletableFuture
            .failedFuture(new UncheckedIOException(new IOException("503 Service Unavailable"))));
        await().atMost(10, TimeUnit.SECONDS).until(() -> queue.limit() == 9);
        // The built-in types still count.
        queue.submit(() -> CompletableFuture.failedFuture(new TimeoutException("slow")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> queue.limit() == 8);
    }

    static final class Nested {

        static final class Overloaded extends RuntimeException {

            private static final long serialVersionUID = 1L;

        }
    }

    private static double limitGauge(MeterRegistry registry) {
        return registry.get(MeterNames.QUEUE_LIMIT).tag("queue", "remote").gauge().value();
    }
}
