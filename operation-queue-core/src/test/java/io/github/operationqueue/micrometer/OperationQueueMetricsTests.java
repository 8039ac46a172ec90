package io.github.operationqueue.micrometer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueues;
import io.github.operationqueue.QueuedOperation;
import io.github.operationqueue.testing.ManualExecutor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * Binds {@link OperationQueueMetrics} to a {@link SimpleMeterRegistry}, drives queues with a
 * manual or same-thread executor, and reads the meters by name and tags.
 */
class OperationQueueMetricsTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final ManualExecutor executor = new ManualExecutor();

    @Test
    void registersEveryMeterWithDescriptionUnitAndTags() {
        OperationQueue queue = queue("orders", this.executor);
        OperationQueueMetrics.monitor(this.registry, queue, "application", "shop");

        List<Meter> meters = this.registry.getMeters();
        assertThat(meters).extracting((meter) -> meter.getId().getName() + tagsOf(meter))
            .containsExactlyInAnyOrder(
                    "operation.queue.depth[application=shop, queue=orders]",
                    "operation.queue.runners[application=shop, queue=orders, state=pending]",
                    "operation.queue.runners[application=shop, queue=orders, state=waiting]",
                    "operation.queue.runners[application=shop, queue=orders, state=running]",
                    "operation.queue.runners[application=shop, queue=orders, state=stopped]",
                    "operation.queue.operations[application=shop, outcome=success, queue=orders]",
                    "operation.queue.operations[application=shop, outcome=failure, queue=orders]",
                    "operation.queue.operations[application=shop, outcome=abandoned, queue=orders]",
                    "operation.queue.operations[application=shop, outcome=refused, queue=orders]",
                    "operation.queue.wait[application=shop, queue=orders]",
                    "operation.queue.execution[application=shop, outcome=success, queue=orders]",
                    "operation.queue.execution[application=shop, outcome=failure, queue=orders]");
        assertThat(meters).allSatisfy((meter) -> {
            assertThat(meter.getId().getDescription()).isNotBlank();
            assertThat(meter.getId().getBaseUnit()).isNotBlank();
        });
        assertThat(this.registry.get("operation.queue.depth").gauge().getId().getBaseUnit()).isEqualTo("operations");
        assertThat(this.registry.get("operation.queue.runners").tag("state", "running").gauge().getId().getBaseUnit())
            .isEqualTo("runners");
        assertThat(this.registry.get("operation.queue.operations").tag("outcome", "success").functionCounter()
            .getId().getBaseUnit()).isEqualTo("operations");
        assertThat(this.registry.get("operation.queue.wait").timer().getId().getBaseUnit()).isEqualTo("seconds");
    }

    @Test
    void followsAWorkloadOfSuccessesFailuresAndAnAbandonedOperation() throws Exception {
        OperationQueue queue = queue("orders", this.executor);
        new OperationQueueMetrics(queue, Tags.empty()).bindTo(this.registry);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        queue.enqueue(succeeding());
        queue.enqueue(succeeding());
        queue.enqueue(() -> {
            throw new IllegalStateException("failure thrown by perform()");
        });
        queue.enqueue(() -> CompletableFuture.failedFuture(new IllegalStateException("failed stage")));
        queue.enqueue(() -> gate);
        queue.enqueue(succeeding());

        assertThat(depth("orders")).isEqualTo(6);
        assertRunners("orders", 0, 0, 0, 0);

        queue.start(1);
        assertRunners("orders", 1, 0, 0, 0);

        // The runner performs the first four, starts the gated fifth and gives its thread back.
        this.executor.runAll();
        assertThat(depth("orders")).isEqualTo(1);
        assertRunners("orders", 0, 0, 1, 0);
        assertOperations("orders", 2, 2, 0);
        assertThat(waitTimer("orders").count()).isEqualTo(5);
        assertThat(executionTimer("orders", "success").count()).isEqualTo(2);
        assertThat(executionTimer("orders", "failure").count()).isEqualTo(2);

        // Stopping with no time to drain abandons the sixth; the fifth is still running.
        CompletableFuture<Void> stopped = queue.stop(Duration.ZERO);
        await().atMost(TIMEOUT).until(() -> operations("orders", "abandoned") == 1);
        assertThat(depth("orders")).isZero();
        assertRunners("orders", 0, 0, 1, 0);

        // After the cut the runner stops where its stage completes: it takes nothing more.
        gate.complete(null);
        assertRunners("orders", 0, 0, 0, 1);
        this.executor.runAll();
        stopped.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(depth("orders")).isZero();
        assertRunners("orders", 0, 0, 0, 1);
        assertOperations("orders", 3, 2, 1);
        assertThat(waitTimer("orders").count()).isEqualTo(5);
        assertThat(executionTimer("orders", "success").count()).isEqualTo(3);
        assertThat(executionTimer("orders", "failure").count()).isEqualTo(2);
        assertThat(queue.stats().enqueued()).isEqualTo(6);
    }

    @Test
    void countsWhatAQueueWithoutRunnersAbandonsOnStop() throws Exception {
        OperationQueue queue = queue("idle", this.executor);
        OperationQueueMetrics.monitor(this.registry, queue);
        queue.enqueue(succeeding());
        queue.enqueue(succeeding());

        queue.stop().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        assertOperations("idle", 0, 0, 2);
        assertThat(depth("idle")).isZero();
        assertRunners("idle", 0, 0, 0, 0);
        assertThat(waitTimer("idle").count()).isZero();
        assertThat(this.executor.queued()).isZero();
    }

    @Test
    void countsTheEnqueuesThatWereWaitingForRoomWhenTheQueueStoppedAsRefused() {
        OperationQueue queue = OperationQueue.builder().name("full").executor(this.executor).capacity(1).build();
        OperationQueueMetrics.monitor(this.registry, queue);
        queue.enqueue(succeeding());
        queue.enqueue(succeeding());
        queue.enqueue(succeeding());

        queue.stop();

        assertThat(this.registry.get("operation.queue.operations").tags("queue", "full", "outcome", "refused")
            .functionCounter()
            .count()).isEqualTo(2);
        assertOperations("full", 0, 0, 1);
    }

    @Test
    void showsWaitingRunnersOfAnIdleQueue() {
        OperationQueue queue = queue("orders", Runnable::run);
        OperationQueueMetrics.monitor(this.registry, queue);

        queue.start(3);

        assertRunners("orders", 0, 3, 0, 0);
    }

    @Test
    void closeRemovesEveryMeterAndStopsFeedingTheTimers() {
        OperationQueue queue = queue("orders", Runnable::run);
        queue.start(1);
        OperationQueueMetrics metrics = OperationQueueMetrics.monitor(this.registry, queue);
        queue.enqueue(succeeding());
        Timer wait = waitTimer("orders");
        Timer execution = executionTimer("orders", "success");
        assertThat(wait.count()).isOne();

        metrics.close();
        queue.enqueue(succeeding());

        assertThat(this.registry.getMeters()).isEmpty();
        assertThat(wait.count()).isOne();
        assertThat(execution.count()).isOne();
        assertThatNoException().isThrownBy(metrics::close);
    }

    @Test
    void closeLeavesTheMetersOfOtherQueues() {
        OperationQueue orders = queue("orders", this.executor);
        OperationQueue invoices = queue("invoices", this.executor);
        OperationQueueMetrics ordersMetrics = OperationQueueMetrics.monitor(this.registry, orders);
        OperationQueueMetrics.monitor(this.registry, invoices);
        orders.enqueue(succeeding());
        invoices.enqueue(succeeding());
        invoices.enqueue(succeeding());

        assertThat(depth("orders")).isEqualTo(1);
        assertThat(depth("invoices")).isEqualTo(2);

        ordersMetrics.close();

        assertThat(this.registry.getMeters()).hasSize(12)
            .allSatisfy((meter) -> assertThat(meter.getId().getTag("queue")).isEqualTo("invoices"));
    }

    @Test
    void closeRemovesTheMetersOfEveryRegistryItWasBoundTo() {
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        OperationQueueMetrics metrics = new OperationQueueMetrics(queue("orders", this.executor));
        metrics.bindTo(this.registry);
        metrics.bindTo(other);
        assertThat(other.getMeters()).hasSize(12);

        metrics.close();

        assertThat(this.registry.getMeters()).isEmpty();
        assertThat(other.getMeters()).isEmpty();
    }

    @Test
    void bindingTwiceToOneRegistryRecordsEachTimingOnce() {
        OperationQueue queue = queue("orders", Runnable::run);
        queue.start(1);
        OperationQueueMetrics metrics = new OperationQueueMetrics(queue);
        metrics.bindTo(this.registry);
        metrics.bindTo(this.registry);

        queue.enqueue(succeeding());

        assertThat(waitTimer("orders").count()).isOne();
        assertThat(executionTimer("orders", "success").count()).isOne();
        assertThat(this.registry.getMeters()).hasSize(12);
    }

    @Test
    void bindsNothingOnceClosed() {
        OperationQueueMetrics metrics = new OperationQueueMetrics(queue("orders", this.executor));
        metrics.close();

        metrics.bindTo(this.registry);

        assertThat(this.registry.getMeters()).isEmpty();
    }

    @Test
    void skipsAMeterTheRegistryRefusesAndBindsTheOthers() {
        Counter foreign = Counter.builder("operation.queue.depth").tag("queue", "orders").register(this.registry);
        OperationQueue queue = queue("orders", Runnable::run);
        queue.start(1);
        OperationQueueMetrics metrics = new OperationQueueMetrics(queue);

        assertThatNoException().isThrownBy(() -> metrics.bindTo(this.registry));
        queue.enqueue(succeeding());

        assertThat(this.registry.getMeters()).hasSize(12).contains(foreign);
        assertRunners("orders", 0, 1, 0, 0);
        assertThat(executionTimer("orders", "success").count()).isOne();

        metrics.close();

        assertThat(this.registry.getMeters()).containsExactly(foreign);
    }

    @Test
    void tagsEveryMeterWithTheQueuesNameWhateverTheExtraTagsSay() {
        OperationQueue queue = queue("orders", this.executor);

        OperationQueueMetrics.monitor(this.registry, queue, List.of(Tag.of("queue", "other"), Tag.of("zone", "a")));

        assertThat(this.registry.getMeters()).hasSize(12).allSatisfy((meter) -> {
            assertThat(meter.getId().getTag("queue")).isEqualTo("orders");
            assertThat(meter.getId().getTag("zone")).isEqualTo("a");
        });
    }

    @Test
    void bindsEveryQueueOfARegistryAsItIsRegistered() {
        OperationQueues queues = new OperationQueues();
        queues.register(queue("orders", this.executor));
        queues.onRegistered((queue) -> OperationQueueMetrics.monitor(this.registry, queue));

        OperationQueue invoices = queue("invoices", this.executor);
        queues.register(invoices);
        invoices.enqueue(succeeding());

        assertThat(this.registry.find("operation.queue.depth").gauges())
            .extracting((gauge) -> gauge.getId().getTag("queue"))
            .containsExactlyInAnyOrder("orders", "invoices");
        assertThat(depth("invoices")).isOne();
        assertThat(depth("orders")).isZero();
    }

    private static OperationQueue queue(String name, Executor executor) {
        return OperationQueue.builder().name(name).executor(executor).build();
    }

    private static QueuedOperation succeeding() {
        return () -> CompletableFuture.completedFuture(null);
    }

    private static String tagsOf(Meter meter) {
        return meter.getId().getTags().stream().map((tag) -> tag.getKey() + "=" + tag.getValue()).toList().toString();
    }

    private double depth(String queue) {
        Gauge gauge = this.registry.get("operation.queue.depth").tag("queue", queue).gauge();
        return gauge.value();
    }

    private void assertRunners(String queue, int pending, int waiting, int running, int stopped) {
        assertThat(List.of(runners(queue, "pending"), runners(queue, "waiting"), runners(queue, "running"),
                runners(queue, "stopped")))
            .as("runners of %s by state (pending, waiting, running, stopped)", queue)
            .containsExactly((double) pending, (double) waiting, (double) running, (double) stopped);
    }

    private double runners(String queue, String state) {
        return this.registry.get("operation.queue.runners").tags("queue", queue, "state", state).gauge().value();
    }

    private void assertOperations(String queue, int success, int failure, int abandoned) {
        assertThat(List.of(operations(queue, "success"), operations(queue, "failure"), operations(queue, "abandoned")))
            .as("operations of %s by outcome (success, failure, abandoned)", queue)
            .containsExactly((double) success, (double) failure, (double) abandoned);
    }

    private double operations(String queue, String outcome) {
        FunctionCounter counter = this.registry.get("operation.queue.operations")
            .tags("queue", queue, "outcome", outcome)
            .functionCounter();
        return counter.count();
    }

    private Timer waitTimer(String queue) {
        return this.registry.get("operation.queue.wait").tag("queue", queue).timer();
    }

    private Timer executionTimer(String queue, String outcome) {
        return this.registry.get("operation.queue.execution").tags("queue", queue, "outcome", outcome).timer();
    }
}
