package io.github.operationqueue.micrometer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.line.AcquireOutcome;
import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.Lines;
import io.github.operationqueue.line.Token;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Binds {@link LineMetrics} to a {@link SimpleMeterRegistry}, acquires and releases lines on the
 * test's thread, and reads the meters by name and tags.
 */
class LineMetricsTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void registersEveryMeterWithDescriptionUnitAndTags() {
        LineMetrics.monitor(this.registry, new Line("remote-auth"), "application", "shop");

        List<Meter> meters = this.registry.getMeters();
        assertThat(meters).extracting((meter) -> meter.getId().getName() + tagsOf(meter))
            .containsExactlyInAnyOrder(
                    "operation.queue.line.busy[application=shop, line=remote-auth]",
                    "operation.queue.line.acquisitions[application=shop, line=remote-auth, outcome=acquired]",
                    "operation.queue.line.acquisitions[application=shop, line=remote-auth, outcome=busy]",
                    "operation.queue.line.held[application=shop, line=remote-auth]");
        assertThat(meters).allSatisfy((meter) -> {
            assertThat(meter.getId().getDescription()).isNotBlank();
            assertThat(meter.getId().getBaseUnit()).isNotBlank();
        });
        assertThat(this.registry.get("operation.queue.line.busy").gauge().getId().getBaseUnit()).isEqualTo("tokens");
        assertThat(this.registry.get("operation.queue.line.acquisitions").tag("outcome", "busy").counter().getId()
            .getBaseUnit()).isEqualTo("acquisitions");
        assertThat(this.registry.get("operation.queue.line.held").timer().getId().getBaseUnit()).isEqualTo("seconds");
    }

    @Test
    void followsAcquisitionsAndReleases() throws Exception {
        Line line = new Line("remote-auth");
        new LineMetrics(line).bindTo(this.registry);
        assertThat(busy("remote-auth")).isZero();

        Token token = ((AcquireOutcome.Success) line.tryAcquireToken()).token();
        assertThat(busy("remote-auth")).isOne();
        CompletableFuture<Void> first = ((AcquireOutcome.Failure) line.tryAcquireToken()).released();
        CompletableFuture<Void> second = ((AcquireOutcome.Failure) line.tryAcquireToken()).released();
        line.status();
        assertAcquisitions("remote-auth", 1, 2);
        assertThat(held("remote-auth").count()).isZero();

        token.close();
        first.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        second.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(busy("remote-auth")).isZero();
        assertThat(held("remote-auth").count()).isOne();

        token.close();
        assertThat(held("remote-auth").count()).isOne();

        try (Token again = ((AcquireOutcome.Success) line.tryAcquireToken()).token()) {
            assertThat(again.line()).isSameAs(line);
            assertThat(busy("remote-auth")).isOne();
            token.close();
            assertThat(busy("remote-auth")).isOne();
        }
        assertThat(busy("remote-auth")).isZero();
        assertAcquisitions("remote-auth", 2, 2);
        assertThat(held("remote-auth").count()).isEqualTo(2);
        assertThat(line.stats().acquiredCount()).isEqualTo(2);
        assertThat(line.stats().busyCount()).isEqualTo(2);
    }

    @Test
    void countsTheAcquisitionsOfCoalesce() throws Exception {
        Line line = new Line("remote-auth");
        LineMetrics.monitor(this.registry, line);
        CompletableFuture<Void> handled = new CompletableFuture<>();

        CompletableFuture<Void> holder = line.coalesce(() -> handled);
        CompletableFuture<Void> waiter = line.coalesce(() -> CompletableFuture.completedFuture(null));
        assertThat(busy("remote-auth")).isOne();
        assertAcquisitions("remote-auth", 1, 1);

        handled.complete(null);
        holder.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        waiter.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(busy("remote-auth")).isZero();
        assertThat(held("remote-auth").count()).isOne();
    }

    @Test
    void closeRemovesEveryMeterAndStopsFeedingThem() {
        Line line = new Line("remote-auth");
        LineMetrics metrics = LineMetrics.monitor(this.registry, line);
        acquireAndRelease(line);
        Counter acquired = acquisitions("remote-auth", "acquired");
        Timer held = held("remote-auth");
        assertThat(acquired.count()).isOne();

        metrics.close();
        acquireAndRelease(line);

        assertThat(this.registry.getMeters()).isEmpty();
        assertThat(acquired.count()).isOne();
        assertThat(held.count()).isOne();
        assertThatNoException().isThrownBy(metrics::close);
    }

    @Test
    void closeRemovesTheMetersOfEveryRegistryAndLeavesOtherLines() {
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        LineMetrics auth = new LineMetrics(new Line("remote-auth"));
        auth.bindTo(this.registry);
        auth.bindTo(other);
        LineMetrics.monitor(this.registry, new Line("token-refresh"));
        assertThat(other.getMeters()).hasSize(4);

        auth.close();

        assertThat(other.getMeters()).isEmpty();
        assertThat(this.registry.getMeters()).hasSize(4)
            .allSatisfy((meter) -> assertThat(meter.getId().getTag("line")).isEqualTo("token-refresh"));
    }

    @Test
    void bindingTwiceToOneRegistryCountsOnce() {
        Line line = new Line("remote-auth");
        LineMetrics metrics = new LineMetrics(line);
        metrics.bindTo(this.registry);
        metrics.bindTo(this.registry);

        acquireAndRelease(line);

        assertAcquisitions("remote-auth", 1, 0);
        assertThat(held("remote-auth").count()).isOne();
        assertThat(this.registry.getMeters()).hasSize(4);
    }

    @Test
    void bindsNothingOnceClosed() {
        LineMetrics metrics = new LineMetrics(new Line("remote-auth"));
        metrics.close();

        metrics.bindTo(this.registry);

        assertThat(this.registry.getMeters()).isEmpty();
    }

    @Test
    void skipsAMeterTheRegistryRefusesAndBindsTheOthers() {
        Gauge foreign = Gauge.builder("operation.queue.line.held", () -> 42).tag("line", "remote-auth")
            .register(this.registry);
        Line line = new Line("remote-auth");
        LineMetrics metrics = new LineMetrics(line);

        assertThatNoException().isThrownBy(() -> metrics.bindTo(this.registry));
        acquireAndRelease(line);

        assertThat(this.registry.getMeters()).hasSize(4).contains(foreign);
        assertAcquisitions("remote-auth", 1, 0);

        metrics.close();

        assertThat(this.registry.getMeters()).containsExactly(foreign);
    }

    @Test
    void tagsEveryMeterWithTheLinesNameWhateverTheExtraTagsSay() {
        LineMetrics.monitor(this.registry, new Line("remote-auth"), List.of(Tag.of("line", "other"), Tag.of("zone", "a")));

        assertThat(this.registry.getMeters()).hasSize(4).allSatisfy((meter) -> {
            assertThat(meter.getId().getTag("line")).isEqualTo("remote-auth");
            assertThat(meter.getId().getTag("zone")).isEqualTo("a");
        });
    }

    @Test
    void bindsEveryLineOfARegistryAsItIsCreated() {
        Lines lines = new Lines();
        lines.line("remote-auth");
        lines.addRegistrationListener((line) -> LineMetrics.monitor(this.registry, line));

        acquireAndRelease(lines.line("token-refresh"));

        assertThat(this.registry.find("operation.queue.line.busy").gauges()).extracting((gauge) -> gauge.getId().getTag("line"))
            .containsExactlyInAnyOrder("remote-auth", "token-refresh");
        assertAcquisitions("token-refresh", 1, 0);
        assertAcquisitions("remote-auth", 0, 0);
    }

    private static void acquireAndRelease(Line line) {
        try (Token token = ((AcquireOutcome.Success) line.tryAcquireToken()).token()) {
            assertThat(token.line()).isSameAs(line);
        }
    }

    private static String tagsOf(Meter meter) {
        return meter.getId().getTags().stream().map((tag) -> tag.getKey() + "=" + tag.getValue()).toList().toString();
    }

    private double busy(String line) {
        return this.registry.get("operation.queue.line.busy").tag("line", line).gauge().value();
    }

    private void assertAcquisitions(String line, int acquired, int busy) {
        assertThat(List.of(acquisitions(line, "acquired").count(), acquisitions(line, "busy").count()))
            .as("acquisitions of %s by outcome (acquired, busy)", line)
            .containsExactly((double) acquired, (double) busy);
    }

    private Counter acquisitions(String line, String outcome) {
        return this.registry.get("operation.queue.line.acquisitions").tags("line", line, "outcome", outcome).counter();
    }

    private Timer held(String line) {
        return this.registry.get("operation.queue.line.held").tag("line", line).timer();
    }
}
