package io.github.operationqueue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.flow.ConcurrencyLimit;
import io.github.operationqueue.flow.StartRate;
import io.github.operationqueue.testing.ManualExecutor;
import io.github.operationqueue.testing.Operations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain {@code stop()} once nothing is left to start: every runner that waits, whether for a rate
 * permit on the timer, for a quiet to end or for room under the limit, is stopped where it is rather
 * than left to its timer. Runner steps are taken by hand on a {@link ManualExecutor}, and permits lie an
 * hour ahead, so a stop that waited for one could never complete within the test.
 */
@Timeout(30)
class DrainedStopTests {

    private static final long HOUR = Duration.ofHours(1).toNanos();

    private final ManualExecutor executor = new ManualExecutor();

    private final Operations operations = new Operations();

    @Test
    void aStopOfADrainedQueueClaimsRunnersWaitingForAPermitAtOnce() {
        // Two runners reserve a permit an hour ahead while an entry is still queued; another one takes it.
        OperationQueue queue = rated(new ScriptedRate(0, HOUR, HOUR, 0));
        queue.enqueue(this.operations.immediate(1));
        queue.enqueue(this.operations.immediate(2));
        queue.start(4);
        this.executor.runAll();
        assertThat(this.operations.started()).containsExactly(1, 2);
        assertThat(queue.stats().waitingRunners()).isEqualTo(4);
        assertThat(queue.flowControl().permitsReserved()).isEqualTo(4);

        CompletableFuture<Void> stopped = queue.stop();
        this.executor.runAll();

        assertThat(stopped).isDone();
        assertThat(queue.stats().stoppedRunners()).isEqualTo(4);
        assertThat(queue.stats().completed()).isEqualTo(2);
        assertThat(queue.scheduler.liveRunners()).isZero();
        assertThat(this.executor.queued()).isZero();
    }

    @Test
    void aDrainThatEndsAfterTheStopClaimsRunnersWaitingForAPermit() {
        OperationQueue queue = rated(new ScriptedRate(0, HOUR, 0));
        queue.enqueue(this.operations.pending(0));
        queue.enqueue(this.operations.immediate(1));
        queue.start(2);
        this.executor.runAll();
        // One runner performs 0; the other waits an hour for the permit to start 1.
        CompletableFuture<Void> stopped = queue.stop();
        this.executor.runAll();
        assertThat(stopped).isNotDone();

        // The first runner, back from 0, takes 1 with a free permit: the queue is drained.
        this.operations.complete(0);
        this.executor.runAll();

        assertThat(this.operations.started()).containsExactly(0, 1);
        assertThat(stopped).isDone();
        assertThat(queue.stats().stoppedRunners()).isEqualTo(2);
        assertThat(queue.scheduler.liveRunners()).isZero();
    }

    @Test
    void aPermitTimerThatFiresAfterTheClaimLeavesTheRunnerStopped() throws Exception {
        OperationQueue queue = rated(new ScriptedRate(0, Duration.ofMillis(1).toNanos(), 0));
        CountDownLatch timerHeld = new CountDownLatch(1);
        CountDownLatch releaseTimer = new CountDownLatch(1);
        // The timer's one thread is held, so that the permit's wake-up cannot run before the stop's claim.
        queue.scheduler.timer().schedule(() -> {
            timerHeld.countDown();
            awaitQuietly(releaseTimer);
        }, 0);
        try {
            assertThat(timerHeld.await(10, TimeUnit.SECONDS)).isTrue();
            queue.enqueue(this.operations.pending(0));
            queue.enqueue(this.operations.pending(1));
            queue.start(2);
            this.executor.runAll();
            this.operations.complete(0);
            this.executor.runAll();
            // The first runner performs 1 and the queue is drained; the second waits for a permit a
            // millisecond ahead, on the held timer.
            assertThat(this.operations.started()).containsExactly(0, 1);
            CompletableFuture<Void> stopped = queue.stop();

            assertThat(queue.stats().stoppedRunners()).isEqualTo(1);
            assertThat(queue.stats().runningRunners()).isEqualTo(1);
            assertThat(stopped).isNotDone();
        }
        finally {
            releaseTimer.countDown();
        }
        // The timer runs its tasks in the order they are due: once this later one has run, the permit's has.
        CountDownLatch permitTimerPassed = new CountDownLatch(1);
        queue.scheduler.timer().schedule(permitTimerPassed::countDown, Duration.ofMillis(2).toNanos());
        assertThat(permitTimerPassed.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(this.executor.queued()).isZero();
        assertThat(queue.stats().stoppedRunners()).isEqualTo(1);
        this.operations.complete(1);
        this.executor.runAll();
        assertThat(queue.stop()).isDone();
        assertThat(queue.stats().stoppedRunners()).isEqualTo(2);
        assertThat(queue.scheduler.liveRunners()).isZero();
    }

    @Test
    void aStopOfADrainedQueueDoesNotWaitOutAQuiet() {
        OperationQueue queue = OperationQueue.builder().name("quiet-drained").executor(this.executor).build();
        queue.start(3);
        queue.enqueue(this.operations.immediate(1));
        this.executor.runAll();
        queue.backOff(Duration.ofHours(1));

        CompletableFuture<Void> stopped = queue.stop();
        this.executor.runAll();

        assertThat(stopped).isDone();
        assertThat(queue.stats().stoppedRunners()).isEqualTo(3);
        assertThat(queue.flowControl().quietRemaining()).isGreaterThan(Duration.ofMinutes(59));
    }

    @Test
    void runnersParkedOnAFullLimitStopOnceTheLastOperationIsTaken() {
        OperationQueue queue = OperationQueue.builder()
            .name("limit-drained")
            .executor(this.executor)
            .limit(ConcurrencyLimit.fixed(1))
            .build();
        queue.enqueue(this.operations.pending(0));
        queue.enqueue(this.operations.immediate(1));
        queue.start(3);
        this.executor.runAll();
        assertThat(queue.stats().waitingRunners()).isEqualTo(2);

        CompletableFuture<Void> stopped = queue.stop();
        this.executor.runAll();
        // The limit still holds during the drain: 1 waits for 0 to finish.
        assertThat(this.operations.started()).containsExactly(0);
        assertThat(stopped).isNotDone();

        this.operations.complete(0);
        this.executor.runAll();
        assertThat(this.operations.started()).containsExactly(0, 1);
        assertThat(stopped).isDone();
        assertThat(queue.stats().stoppedRunners()).isEqualTo(3);
        assertThat(queue.scheduler.liveRunners()).isZero();
    }

    private OperationQueue rated(StartRate rate) {
        return OperationQueue.builder().name("drained").executor(this.executor).rate(rate).build();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands out the given permit waits in turn, then an hour each. */
    private static final class ScriptedRate implements StartRate {

        private final Deque<Long> waits = new ArrayDeque<>();

        ScriptedRate(long... waits) {
            for (long wait : waits) {
                this.waits.add(wait);
            }
        }

        @Override
        public synchronized long reserveNanos() {
            Long next = this.waits.poll();
            return (next != null) ? next : HOUR;
        }

        @Override
        public String describe() {
            return "scripted";
        }
    }
}
