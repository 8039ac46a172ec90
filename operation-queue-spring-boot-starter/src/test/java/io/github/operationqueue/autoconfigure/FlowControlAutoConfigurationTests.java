package io.github.operationqueue.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.operationqueue.FlowControlStats;
import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.micrometer.MeterNames;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "bbr", "gradient2", "vegas", "aimd" })
    void anAdaptiveLimitStartsFromItsInitialValueWithinMax(String algorithm) {
        this.contextRunner
            .withPropertyValues("operation-queue.queues.remote.limit.algorithm=" + algorithm,
                    "operation-queue.queues.remote.limit.max=15", "operation-queue.queues.remote.limit.initial=8")
            .run((context) -> {
                OperationQueue queue = context.getBean(OperationQueues.class).get("remote");
                assertThat(queue.flowControl().algorithm()).isEqualTo(algorithm);
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "bbr", "aimd" })
    void anAdaptiveLimitWithoutMaxStartsAtTwentyWithinTheRunners(String algorithm) {
        this.contextRunner
            .withPropertyValues("operation-queue.queues.remote.runners=100",
                    "operation-queue.defaults.limit.algorithm=" + algorithm)
            .run((context) -> assertThat(context.getBean(OperationQueues.class).get("remote").limit()).isEqualTo(20));
    }

    @Test
    void aBbrLimitNeedsNoNetflixLibrary() {
        bbrLimit("initial=10").withClassLoader(new FilteredClassLoader("com.netflix.concurrency.limits"))
            .run((context) -> assertThat(context.getBean(OperationQueues.class).get("remote").flowControl())
                .satisfies((flow) -> assertThat(flow.algorithm()).isEqualTo("bbr"))
                .satisfies((flow) -> assertThat(flow.limit()).isEqualTo(10)));
    }

    /**
     * Every operation times out, which the queue classes as overload: bbr cuts its limit to 70% after each
     * round of it (10, 7, then 4.9 kept at the min), so 300 operations take it to its min, and no lower.
     */
    @Test
    @Timeout(60)
    void aBbrLimitCutByOverloadStopsAtItsMin() {
        bbrLimit("min=5", "initial=10").run((context) -> {
            OperationQueue queue = context.getBean(OperationQueues.class).get("remote");
            for (int i = 0; i < 300; i++) {
                queue.submit(() -> CompletableFuture.failedFuture(new TimeoutException("slow")));
            }
            queue.whenIdle().get(30, TimeUnit.SECONDS);
            assertThat(queue.stats().failed()).isEqualTo(300);
            assertThat(queue.limit()).isEqualTo(5);
        });
    }

    /**
     * Operations that each take 10 ms, with room for all of them at the remote: bbr raises the limit (by half
     * a round while the rate follows, and by at least one in each probe round), which {@code max} stops. The
     * operations count themselves, and leave the count before their stage completes, so the count never
     * exceeds what the queue lets perform.
     */
    @Test
    @Timeout(60)
    void aBbrLimitRisesToItsMaxAndNeverLetsMorePerform() {
        bbrLimit("max=6", "initial=4").run((context) -> {
            OperationQueue queue = context.getBean(OperationQueues.class).get("remote");
            AtomicInteger performing = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            for (int i = 0; i < 1_000; i++) {
                queue.submit(() -> {
                    mostAtOnce.accumulateAndGet(performing.incrementAndGet(), Math::max);
                    return CompletableFuture.supplyAsync(performing::decrementAndGet,
                            CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
                });
            }
            queue.whenIdle().get(50, TimeUnit.SECONDS);
            assertThat(mostAtOnce).hasValue(6);
            assertThat(queue.limit()).isBetween(1, 6);
        });
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
                .contains("gradient2, vegas and aimd are Netflix's")
                .contains("com.netflix.concurrency-limits:concurrency-limits-core")
                .contains("or set operation-queue.queues.remote.limit.algorithm to bbr (adaptive, needs no library) "
                        + "or fixed"));
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

    private ApplicationContextRunner bbrLimit(String... limitSettings) {
        return this.contextRunner.withPropertyValues("operation-queue.queues.remote.limit.algorithm=bbr")
            .withPropertyValues(Arrays.stream(limitSettings)
                .map((setting) -> "operation-queue.queues.remote.limit." + setting)
                .toArray(String[]::new));
    }

    private static double limitGauge(MeterRegistry registry) {
        return registry.get(MeterNames.QUEUE_LIMIT).tag("queue", "remote").gauge().value();
    }
}
