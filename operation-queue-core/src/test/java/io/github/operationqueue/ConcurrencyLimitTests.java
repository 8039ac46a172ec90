package io.github.operationqueue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.flow.ConcurrencyLimit;
import io.github.operationqueue.flow.netflix.NetflixConcurrencyLimits;
import io.github.operationqueue.testing.ManualExecutor;
import io.github.operationqueue.testing.Operations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The concurrency limit of a queue, stepped by hand on a {@link ManualExecutor}: after
 * {@code runAll()} every runner has parked or holds an operation, so what started is final until the
 * test completes a stage, and every assertion is on counts.
 */
@Timeout(30)
class ConcurrencyLimitTests {

    private final ManualExecutor executor = new ManualExecutor();

    private final Operations operations = new Operations();

    @Test
    void runnersBeyondTheLimitParkUntilAnOperationFinishes() {
        OperationQueue queue = queue(ConcurrencyLimit.fixed(2), 5);
        enqueuePending(queue, 6);
        this.executor.runAll();

        assertThat(this.operations.started()).containsExactly(0, 1);
        OperationQueueStats stats = queue.stats();
        assertThat(stats.runningRunners()).isEqualTo(2);
        assertThat(stats.waitingRunners()).isEqualTo(3);
        assertThat(queue.flowControl().inFlight()).isEqualTo(2);

        this.operations.complete(0);
        this.executor.runAll();
        assertThat(this.operations.started()).containsExactly(0, 1, 2);
        assertThat(queue.flowControl().inFlight()).isEqualTo(2);
    }

    @Test
    void aLimitSetAtRunTimeWakesRunnersForTheRoomItOpens() {
        OperationQueue queue = queue(ConcurrencyLimit.fixed(1), 5);
        enqueuePending(queue, 6);
        this.executor.runAll();
        assertThat(this.operations.started()).hasSize(1);

        queue.setLimit(4);
        this.executor.runAll();
        assertThat(this.operations.started()).hasSize(4);
        assertThat(queue.limit()).isEqualTo(4);
        assertThat(queue.flowControl().algorithm()).isEqualTo("fixed");

        queue.setLimit(2);
        for (int i = 0; i < 3; i++) {
            this.operations.complete(i);
        }
        this.executor.runAll();
        // Three finished, one was left in flight: only one more may start under a limit of 2.
        assertThat(this.operations.started()).hasSize(5);
    }

    @Test
    void theLimitIsNeverMoreThanTheRunners() {
        OperationQueue queue = queue(ConcurrencyLimit.fixed(50), 3);
        assertThat(queue.limit()).isEqualTo(3);
        enqueuePending(queue, 10);
        this.executor.runAll();
        assertThat(this.operations.started()).hasSize(3);
    }

    @Test
    void aimdThroughTheQueueShrinksOnOverloadAndGrowsWhenTheRemoteHasRoom() {
        OperationQueue queue = OperationQueue.builder()
            .name("aimd")
            .executor(this.executor)
            .limit(NetflixConcurrencyLimits.aimd(1, 20, 10))
            .overloadOn(ServiceUnavailable.class)
            .build();
        queue.start(20);
        for (int i = 0; i < 10; i++) {
            queue.enqueue(() -> CompletableFuture.failedFuture(new ServiceUnavailable()));
        }
        this.executor.runAll();
        int shrunk = queue.limit();
        assertThat(shrunk).isLessThan(10);

        // Rounds of operations that keep the limit in use and finish fine.
        for (int round = 0; round < 5; round++) {
            int limit = queue.limit();
            int first = this.operations.started().size();
            enqueuePending(queue, limit);
            this.executor.runAll();
            for (int i = first; i < this.operations.started().size(); i++) {
                this.operations.complete(i);
            }
            this.executor.runAll();
        }
        assertThat(queue.limit()).isGreaterThan(shrunk);
    }

    // Through the queue only what counts decides: how the limit moves with time is BbrLimitTests' (in virtual
    // time), as the queue reads the real clock.
    @Test
    void bbrThroughTheQueueDropsAfterARoundOfFailuresClassedAsOverload() {
        OperationQueue queue = OperationQueue.builder()
            .name("bbr")
            .executor(this.executor)
            .limit(ConcurrencyLimit.bbr(1, 100, 20))
            .overloadOn(ServiceUnavailable.class)
            .build();
        queue.start(100);
        assertThat(queue.flowControl().algorithm()).isEqualTo("bbr");
        assertThat(queue.limit()).isEqualTo(20);

        // A round (twice the limit) of operations that all fail as the remote's 503 would.
        for (int i = 0; i < 40; i++) {
            queue.enqueue(() -> CompletableFuture.failedFuture(new ServiceUnavailable()));
        }
        this.executor.runAll();

        assertThat(queue.limit()).isLessThanOrEqualTo(14);
        assertThat(queue.stats().failed()).isEqualTo(40);
    }

    @Test
    void aStopCutShortAbandonsWhatWaitsBehindTheLimit() throws Exception {
        OperationQueue queue = queue(ConcurrencyLimit.fixed(1), 3);
        enqueuePending(queue, 4);
        this.executor.runAll();
        CompletableFuture<Void> stopped = queue.stop(Duration.ZERO);

        await().atMost(10, TimeUnit.SECONDS).until(() -> queue.stats().abandoned() == 3);
        assertThat(stopped).isNotDone();
        this.operations.complete(0);
        this.executor.runAll();
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(queue.stats().completed()).isEqualTo(1);
    }

    @Test
    void aPlainStopDrainsEverythingThroughTheLimit() throws Exception {
        OperationQueue queue = queue(ConcurrencyLimit.fixed(2), 4);
        enqueuePending(queue, 5);
        this.executor.runAll();
        CompletableFuture<Void> stopped = queue.stop();
        for (int i = 0; i < 5; i++) {
            this.executor.runAll();
            this.operations.complete(i);
        }
        this.executor.runAll();
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(queue.stats().completed()).isEqualTo(5);
        assertThat(queue.stats().abandoned()).isZero();
    }

    @Test
    void aQueueWithoutALimitCannotBeSteeredAndSaysHow() {
        OperationQueue queue = OperationQueue.builder().name("plain").executor(this.executor).build();
        queue.start(3);
        assertThat(queue.limit()).isEqualTo(3);
        assertThat(queue.flowControl().algorithm()).isEqualTo("none");
        assertThatIllegalStateException().isThrownBy(() -> queue.setLimit(2))
            .withMessageContaining("plain was built without a concurrency limit")
            .withMessageContaining("operation-queue.queues.plain.limit.algorithm");
        assertThatIllegalArgumentException().isThrownBy(() -> queue(ConcurrencyLimit.fixed(1), 1).setLimit(0))
            .withMessageContaining("at least 1, was 0");
    }

    @Test
    void aFailingLimitKeepsItsLastValueAndTheQueueGoesOn() {
        ConcurrencyLimit broken = new ConcurrencyLimit() {
            private int calls;

            @Override
            public int limit() {
                if (++this.calls > 2) {
                    throw new IllegalStateException("broken limit");
                }
                return 2;
            }

            @Override
            public void onSample(long startTimeNanos, long executionNanos, int inFlight, boolean overload) {
                throw new IllegalStateException("broken sample");
            }
        };
        OperationQueue queue = queue(broken, 4);
        enqueuePending(queue, 4);
        this.executor.runAll();
        assertThat(this.operations.started()).hasSize(2);
        this.operations.complete(0);
        this.executor.runAll();
        assertThat(this.operations.started()).hasSize(3);
    }

    private OperationQueue queue(ConcurrencyLimit limit, int runners) {
        OperationQueue queue = OperationQueue.builder().name("limited").executor(this.executor).limit(limit).build();
        queue.start(runners);
        return queue;
    }

    private void enqueuePending(OperationQueue queue, int count) {
        int first = this.operations.started().size() + (int) queue.stats().depth();
        for (int i = 0; i < count; i++) {
            queue.enqueue(this.operations.pending(first + i));
        }
    }

    static final class ServiceUnavailable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        ServiceUnavailable() {
            super("503 Service Unavailable");
        }
    }
}
