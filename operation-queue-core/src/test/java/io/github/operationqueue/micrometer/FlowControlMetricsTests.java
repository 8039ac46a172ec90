package io.github.operationqueue.micrometer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.flow.ConcurrencyLimit;
import io.github.operationqueue.flow.resilience4j.Resilience4jStartRate;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class FlowControlMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void theLimitGaugeFollowsTheLimitAndTheRunners() {
        OperationQueue queue = OperationQueue.builder()
            .name("limited")
            .executor(Runnable::run)
            .limit(ConcurrencyLimit.fixed(3))
            .build();
        new FlowControlMetrics(queue, Tags.empty()).bindTo(this.registry);
        queue.start(5);
        assertThat(limitGauge("limited")).isEqualTo(3.0);
        queue.setLimit(10);
        assertThat(limitGauge("limited")).isEqualTo(5.0);
        assertThat(this.registry.find(MeterNames.QUEUE_PERMITS_WAIT).meter()).isNull();
    }

    @Test
    void aQueueWithoutALimitReportsItsRunners() {
        OperationQueue queue = OperationQueue.builder().name("plain").executor(Runnable::run).build();
        new FlowControlMetrics(queue, Tags.empty()).bindTo(this.registry);
        queue.start(4);
        assertThat(limitGauge("plain")).isEqualTo(4.0);
    }

    @Test
    void thePermitTimerCountsEachReservationAndItsWait() throws Exception {
        OperationQueue queue = OperationQueue.builder()
            .name("rated")
            .executor(Runnable::run)
            .rate(Resilience4jStartRate.of(1, Duration.ofMillis(50), 1, () -> 0L))
            .build();
        FlowControlMetrics metrics = new FlowControlMetrics(queue, Tags.of("app", "test"));
        metrics.bindTo(this.registry);
        queue.start(1);
        queue.enqueue(() -> CompletableFuture.completedFuture(null));
        queue.enqueue(() -> CompletableFuture.completedFuture(null));
        queue.stop().get(10, TimeUnit.SECONDS);

        FunctionTimer waited = this.registry.get(MeterNames.QUEUE_PERMITS_WAIT)
            .tags("queue", "rated", "app", "test")
            .functionTimer();
        assertThat(waited.count()).isEqualTo(2.0);
        assertThat(waited.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(50.0);

        metrics.close();
        assertThat(this.registry.find(MeterNames.QUEUE_PERMITS_WAIT).meter()).isNull();
        assertThat(this.registry.find(MeterNames.QUEUE_LIMIT).meter()).isNull();
    }

    private double limitGauge(String queue) {
        return this.registry.get(MeterNames.QUEUE_LIMIT).tag("queue", queue).gauge().value();
    }
}
