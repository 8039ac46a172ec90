package io.github.operationqueue.autoconfigure.observation;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.operationqueue.OperationQueue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ObservationOperationDecoratorTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    private final OperationQueue queue = OperationQueue.builder()
        .name("work")
        .executor(this.executor)
        .decorator(new ObservationOperationDecorator(this.registry, "work", null))
        .build();

    @AfterEach
    void shutDown() throws Exception {
        this.queue.stop().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        this.executor.shutdownNow();
    }

    @Test
    void observesEachOperationAsAChildOfTheEnqueuersObservation() throws Exception {
        this.queue.start(1);
        Observation request = Observation.start("request", this.registry);
        AtomicReference<Observation> currentInOperation = new AtomicReference<>();
        CompletableFuture<String> result;
        try (Observation.Scope scope = request.openScope()) {
            result = this.queue.submitBlocking(() -> {
                currentInOperation.set(this.registry.getCurrentObservation());
                return "done";
            });
        }
        assertThat(result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("done");
        request.stop();
        await().atMost(TIMEOUT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
            .hasObservationWithNameEqualTo("operation.queue.operation")
            .that()
            .hasBeenStarted()
            .hasBeenStopped()
            .hasParentObservationEqualTo(request)
            .hasContextualNameEqualTo("work operation")
            .hasLowCardinalityKeyValue("queue", "work")
            .doesNotHaveError());
        assertThat(currentInOperation.get()).as("current while the operation runs").isNotNull();
        assertThat(currentInOperation.get().getContext().getName()).isEqualTo("operation.queue.operation");
    }

    @Test
    void recordsTheFailureOfAFailedStageAsTheObservationsError() throws Exception {
        this.queue.start(1);
        IllegalStateException failure = new IllegalStateException("expected by the test");
        CompletableFuture<Object> result = this.queue.submit(() -> CompletableFuture.failedFuture(failure));
        assertObservedFailure(result, failure);
    }

    @Test
    void recordsTheExceptionOfAnOperationThatThrowsAsTheObservationsError() throws Exception {
        this.queue.start(1);
        IllegalArgumentException failure = new IllegalArgumentException("expected by the test");
        CompletableFuture<Object> result = this.queue.submitBlocking(() -> {
            throw failure;
        });
        assertObservedFailure(result, failure);
    }

    private void assertObservedFailure(CompletableFuture<Object> result, Exception failure) {
        assertThatExceptionOfType(Exception.class)
            .isThrownBy(() -> result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        await().atMost(TIMEOUT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
            .hasObservationWithNameEqualTo("operation.queue.operation")
            .that()
            .hasBeenStopped()
            .hasError(failure)
            .doesNotHaveParentObservation());
    }

    @Test
    void stopsTheObservationOnlyWhenTheOperationsStageCompletes() throws Exception {
        this.queue.start(1);
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> result = this.queue.submit(() -> stage);
        await().atMost(TIMEOUT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
            .hasObservationWithNameEqualTo("operation.queue.operation")
            .that()
            .hasBeenStarted()
            .isNotStopped());
        stage.complete("later");
        assertThat(result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("later");
        await().atMost(TIMEOUT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
            .hasObservationWithNameEqualTo("operation.queue.operation")
            .that()
            .hasBeenStopped());
    }

    @Test
    void usesACustomConventionWhenGivenOne() throws Exception {
        OperationQueue custom = OperationQueue.builder()
            .name("custom")
            .executor(this.executor)
            .decorator(new ObservationOperationDecorator(this.registry, "custom",
                    new DefaultOperationQueueObservationConvention() {
                        @Override
                        public String getName() {
                            return "custom.operation";
                        }
                    }))
            .build();
        custom.start(1);
        custom.submitBlocking(() -> "done").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        custom.stop().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(TIMEOUT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
            .hasObservationWithNameEqualTo("custom.operation")
            .that()
            .hasLowCardinalityKeyValue("queue", "custom"));
    }

}
