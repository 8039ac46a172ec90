package io.github.operationqueue.autoconfigure.observation;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.autoconfigure.OperationQueueAutoConfiguration;
import io.github.operationqueue.autoconfigure.OperationQueueCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OperationQueueObservationAutoConfigurationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
                OperationQueueAutoConfiguration.class, OperationQueueObservationAutoConfiguration.class))
        .withPropertyValues("operation-queue.queues.work.runners=1");

    @Test
    void observesTheOperationsOfConfiguredQueuesAsChildrenOfTheEnqueuer() {
        this.contextRunner.withUserConfiguration(ObservationRegistryConfiguration.class).run((context) -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            OperationQueue queue = context.getBean(OperationQueues.class).get("work");
            Observation request = Observation.start("request", registry);
            AtomicReference<String> currentInOperation = new AtomicReference<>();
            AtomicReference<String> mdcInOperation = new AtomicReference<>();
            MDC.put("request", "r-1");
            try (Observation.Scope scope = request.openScope()) {
                queue.submitBlocking(() -> {
                    Observation current = registry.getCurrentObservation();
                    currentInOperation.set((current != null) ? current.getContext().getName() : null);
                    mdcInOperation.set(MDC.get("request"));
                    return null;
                }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            finally {
                MDC.remove("request");
            }
            request.stop();
            await().atMost(TIMEOUT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
                .hasObservationWithNameEqualTo("operation.queue.operation")
                .that()
                .hasBeenStopped()
                .hasParentObservationEqualTo(request)
                .hasLowCardinalityKeyValue("queue", "work"));
            assertThat(currentInOperation.get()).as("the operation's own observation is current, inside the "
                    + "propagated context").isEqualTo("operation.queue.operation");
            assertThat(mdcInOperation.get()).as("the context-propagation decorator is kept").isEqualTo("r-1");
        });
    }

    @Test
    void leavesMeterFiltersToTheApplication() {
        this.contextRunner.withUserConfiguration(ObservationRegistryConfiguration.class)
            .run((context) -> assertThat(context).doesNotHaveBean(MeterFilter.class));
    }

    @Test
    void theFilterTheReadmeShowsKeepsTheObservationsMetersOutAndTheDesignsIn() {
        this.contextRunner.withUserConfiguration(ObservationRegistryConfiguration.class).run((context) -> {
            MeterRegistry meters = new SimpleMeterRegistry();
            meters.config().meterFilter(MeterFilter.deny((id) -> id.getName().equals("operation.queue.operation")
                    || id.getName().equals("operation.queue.operation.active")));
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
            meters.counter("operation.queue.operations", "queue", "work").increment();

            context.getBean(OperationQueues.class)
                .get("work")
                .submitBlocking(() -> "done")
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            await().atMost(TIMEOUT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
                .hasObservationWithNameEqualTo("operation.queue.operation")
                .that()
                .hasBeenStopped());
            assertThat(meters.find("operation.queue.operation").meters()).isEmpty();
            assertThat(meters.find("operation.queue.operation.active").meters()).isEmpty();
            assertThat(meters.find("operation.queue.operations").counter()).as("a design meter of a similar name")
                .isNotNull();
        });
    }

    @Test
    void composesWithTheDecoratorAlreadySetAndStaysInsideIt() {
        this.contextRunner.withUserConfiguration(ObservationRegistryConfiguration.class).run((context) -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            AtomicReference<Observation> currentInExisting = new AtomicReference<>();
            AtomicReference<Observation> currentInOperation = new AtomicReference<>();
            OperationQueue.Builder builder = OperationQueue.builder().executor(Runnable::run)
                .decorator((operation) -> () -> {
                    currentInExisting.set(registry.getCurrentObservation());
                    return operation.perform();
                });
            context.getBean(OperationQueueObservationAutoConfiguration.CUSTOMIZER_BEAN_NAME,
                    OperationQueueCustomizer.class).customize("work", builder);
            builder.decorator().decorate(() -> {
                currentInOperation.set(registry.getCurrentObservation());
                return CompletableFuture.completedFuture(null);
            }).perform();
            assertThat(currentInExisting.get()).as("the existing decorator stays outermost").isNull();
            assertThat(currentInOperation.get()).as("the observation is opened inside it").isNotNull();
        });
    }

    @Test
    void backsOffWithoutAnObservationRegistry() {
        this.contextRunner.run((context) -> assertThat(context)
            .doesNotHaveBean(OperationQueueObservationAutoConfiguration.CUSTOMIZER_BEAN_NAME));
    }

    @Test
    void worksWithoutMicrometerOnTheClasspath() {
        // Hiding only io.micrometer.observation would break ContextRegistry's ServiceLoader for the whole JVM.
        this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer")).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(OperationQueueObservationAutoConfiguration.CUSTOMIZER_BEAN_NAME);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class ObservationRegistryConfiguration {

        @Bean
        TestObservationRegistry observationRegistry() {
            return TestObservationRegistry.create();
        }

    }

}
