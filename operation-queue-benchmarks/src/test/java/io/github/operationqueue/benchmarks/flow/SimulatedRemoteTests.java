package io.github.operationqueue.benchmarks.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.operationqueue.benchmarks.Pools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The scenario's stand-in keeps the capacity semantics issue 20 describes: up to K requests served at once,
 * up to K more waiting first come first served, a 503 beyond that; a capacity changed at run time applies to
 * what comes next. A manual timer decides when each reply is due, so every assertion is on counts; one test
 * runs on a real timer.
 */
class SimulatedRemoteTests {

    private static final Duration LATENCY = Duration.ofMillis(25);

    private static final Duration REJECTION = Duration.ofMillis(5);

    private final ManualTimer timer = new ManualTimer();

    @Test
    void servesCapacityAtOnceLetsAsManyWaitAndRejectsTheRest() {
        SimulatedRemote remote = remote(3);
        List<CompletableFuture<Void>> replies = call(remote, 11);

        assertThat(remote.serving()).isEqualTo(3);
        assertThat(remote.waiting()).isEqualTo(3);
        assertThat(remote.rejected()).isEqualTo(5);
        assertThat(this.timer.delays()).containsExactly(nanos(LATENCY), nanos(LATENCY), nanos(LATENCY),
                nanos(REJECTION), nanos(REJECTION), nanos(REJECTION), nanos(REJECTION), nanos(REJECTION));

        this.timer.runAllWithDelay(nanos(REJECTION));
        assertThat(replies.subList(6, 11)).allSatisfy((reply) -> assertThat(reply)
            .failsWithin(Duration.ZERO)
            .withThrowableOfType(ExecutionException.class)
            .withCauseInstanceOf(RemoteOverloadedException.class));
        assertThat(replies.subList(0, 6)).noneMatch(CompletableFuture::isDone);
    }

    @Test
    void aFinishedRequestLetsTheOldestWaitingOneIn() {
        SimulatedRemote remote = remote(2);
        List<CompletableFuture<Void>> replies = call(remote, 4);

        this.timer.runFirst();
        assertThat(replies.get(0)).isCompleted();
        assertThat(remote.serving()).isEqualTo(2);
        assertThat(remote.waiting()).isEqualTo(1);

        this.timer.runFirst();
        this.timer.runFirst();
        assertThat(replies.get(1)).isCompleted();
        assertThat(replies.get(2)).as("the first that waited is served first").isCompleted();
        assertThat(replies.get(3)).isNotDone();
        assertThat(remote.waiting()).isZero();
        assertThat(remote.serving()).isEqualTo(1);
        assertThat(remote.served()).isEqualTo(3);
    }

    @Test
    void aLowerCapacityLetsTheServedFinishAndServesFewerFromThenOn() {
        SimulatedRemote remote = remote(4);
        call(remote, 4);

        remote.setCapacity(2);
        assertThat(remote.serving()).as("requests being served are not cut short").isEqualTo(4);
        CompletableFuture<Void> beyondTwiceTheNewCapacity = remote.call();
        assertThat(remote.rejected()).isEqualTo(1);

        this.timer.runFirst();
        this.timer.runFirst();
        assertThat(remote.serving()).isEqualTo(2);
        CompletableFuture<Void> waits = remote.call();
        assertThat(remote.waiting()).isEqualTo(1);

        remote.setCapacity(3);
        assertThat(remote.waiting()).as("a higher capacity serves the waiting at once").isZero();
        assertThat(remote.serving()).isEqualTo(3);
        assertThat(waits).isNotDone();
        assertThat(beyondTwiceTheNewCapacity).isNotDone();
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> remote(0)).withMessageContaining("capacity");
        SimulatedRemote remote = remote(1);
        assertThatIllegalArgumentException().isThrownBy(() -> remote.setCapacity(0))
            .withMessageContaining("at least 1, was 0");
    }

    @Test
    @Timeout(30)
    void answersEveryRequestOnARealTimer() throws Exception {
        ScheduledThreadPoolExecutor realTimer = new ScheduledThreadPoolExecutor(1);
        try {
            SimulatedRemote remote = new SimulatedRemote(5, Duration.ofMillis(20), Duration.ofMillis(2), REJECTION,
                    SimulatedRemote.Timer.of(realTimer));
            List<CompletableFuture<Void>> replies = call(remote, 15);

            CompletableFuture.allOf(replies.stream()
                .map((reply) -> reply.handle((ok, failure) -> null))
                .toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            long rejected = replies.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            // 5 unless a reply came before the last call: a request that finds room is not rejected.
            assertThat(rejected).isEqualTo(remote.rejected()).isLessThanOrEqualTo(5);
            assertThat(remote.served()).isEqualTo(15 - rejected);
            assertThat(remote.serving()).isZero();
            assertThat(remote.waiting()).isZero();
        }
        finally {
            Pools.close(realTimer);
        }
    }

    private SimulatedRemote remote(int capacity) {
        return new SimulatedRemote(capacity, LATENCY, Duration.ZERO, REJECTION, this.timer);
    }

    private static List<CompletableFuture<Void>> call(SimulatedRemote remote, int count) {
        return IntStream.range(0, count).mapToObj((i) -> remote.call()).toList();
    }

    private static long nanos(Duration duration) {
        return duration.toNanos();
    }

    /** Holds each task until the test runs it: the oldest first, or all with one delay. */
    private static final class ManualTimer implements SimulatedRemote.Timer {

        private final List<Runnable> tasks = new ArrayList<>();

        private final List<Long> delays = new ArrayList<>();

        @Override
        public void schedule(Runnable task, long delayNanos) {
            this.tasks.add(task);
            this.delays.add(delayNanos);
        }

        List<Long> delays() {
            return List.copyOf(this.delays);
        }

        void runFirst() {
            this.delays.remove(0);
            this.tasks.remove(0).run();
        }

        void runAllWithDelay(long delayNanos) {
            List<Runnable> due = new ArrayList<>();
            for (int i = this.tasks.size() - 1; i >= 0; i--) {
                if (this.delays.get(i) == delayNanos) {
                    due.add(0, this.tasks.remove(i));
                    this.delays.remove(i);
                }
            }
            due.forEach(Runnable::run);
        }
    }
}
