package io.github.operationqueue.autoconfigure.actuate;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.actuate.endpoint.SimpleHttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class OperationQueuesHealthContributorTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    private final OperationQueues queues = new OperationQueues();

    private final AtomicBoolean applicationRunning = new AtomicBoolean(true);

    private final OperationQueuesHealthContributor contributor = new OperationQueuesHealthContributor(this.queues,
            this.applicationRunning::get);

    @AfterEach
    void shutDown() {
        this.executor.shutdownNow();
    }

    @Test
    void reportsUnknownForAQueueNeverStarted() {
        register("idle");
        assertThat(health("idle").getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(health("idle").getDetails()).containsEntry("state", "not-started");
    }

    @Test
    void reportsUpForARunningOrPausedQueue() {
        OperationQueue queue = register("busy");
        queue.start(1);
        assertThat(health("busy").getStatus()).isEqualTo(Status.UP);
        queue.pause();
        assertThat(health("busy").getStatus()).isEqualTo(Status.UP);
        assertThat(health("busy").getDetails()).containsEntry("state", "paused");
    }

    @Test
    void reportsAQueueStoppedWhileTheApplicationRunsWithoutTurningTheApplicationDown() throws Exception {
        OperationQueue queue = register("stopped-by-operator");
        queue.start(1);
        queue.stop().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Health health = health("stopped-by-operator");
        assertThat(health.getStatus()).isEqualTo(OperationQueuesHealthContributor.STOPPED);
        assertThat(health.getDetails()).containsEntry("state", "stopped")
            .containsKeys("depth", "capacity", "awaitingRoom", "runners", "operations", "rejections");
        assertThat(new SimpleStatusAggregator().getAggregateStatus(Status.UP, health.getStatus()))
            .as("the application's aggregate health").isEqualTo(Status.UP);
        assertThat(new SimpleHttpCodeStatusMapper().getStatusCode(health.getStatus())).isEqualTo(200);
    }

    @Test
    void reportsDownForAStoppedQueueThatOptedIn() throws Exception {
        OperationQueuesHealthContributor optedIn = new OperationQueuesHealthContributor(this.queues,
                this.applicationRunning::get, "critical"::equals);
        OperationQueue critical = register("critical");
        OperationQueue relaxed = register("relaxed");
        critical.start(1);
        relaxed.start(1);
        critical.stop().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        relaxed.stop().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(((HealthIndicator) optedIn.getContributor("critical")).health().getStatus())
            .isEqualTo(Status.DOWN);
        assertThat(((HealthIndicator) optedIn.getContributor("relaxed")).health().getStatus())
            .isEqualTo(OperationQueuesHealthContributor.STOPPED);
    }

    @Test
    void reportsOutOfServiceForAQueueStoppedWhileTheApplicationShutsDown() throws Exception {
        OperationQueue queue = register("draining");
        queue.start(1);
        this.applicationRunning.set(false);
        queue.stop().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(health("draining").getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }

    /** The queue stops itself when its executor shuts down; it is then as stopped as one stopped on purpose. */
    @Test
    void reportsAStartedQueueWhoseExecutorShutDownAsStopped() throws Exception {
        OperationQueue queue = register("orphaned");
        queue.start(1);
        this.executor.shutdownNow();
        assertThat(this.executor.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        queue.submitBlocking(() -> "never").exceptionally((ex) -> "refused");
        org.awaitility.Awaitility.await().atMost(TIMEOUT)
            .untilAsserted(() -> assertThat(health("orphaned").getStatus()).isEqualTo(OperationQueuesHealthContributor.STOPPED));
    }

    @Test
    void includesQueuesRegisteredLater() {
        assertThat(this.contributor.stream()).isEmpty();
        register("later");
        assertThat(this.contributor.stream().map(OperationQueuesHealthContributor.Entry::name))
            .containsExactly("later");
    }

    private OperationQueue register(String name) {
        OperationQueue queue = OperationQueue.builder().name(name).executor(this.executor).build();
        this.queues.register(queue);
        return queue;
    }

    private Health health(String name) {
        return ((HealthIndicator) this.contributor.getContributor(name)).health();
    }

}
