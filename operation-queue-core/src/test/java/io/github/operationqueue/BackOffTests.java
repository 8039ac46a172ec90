package io.github.operationqueue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.operationqueue.flow.RemoteBackOffException;
import io.github.operationqueue.testing.ManualExecutor;
import io.github.operationqueue.testing.Operations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The quiet a remote asks for: nothing new starts until it ends, what runs finishes, and stops bound it.
 * Runner steps are taken by hand on a {@link ManualExecutor}; only the end of a quiet is on the real
 * clock, checked as a lower bound.
 */
@Timeout(30)
class BackOffTests {

    private final ManualExecutor executor = new ManualExecutor();

    private final Operations operations = new Operations();

    @Test
    void anOperationFailingWithABackOffStopsNewStartsOnAQueueWithoutOtherFlowControl() throws Exception {
        OperationQueue queue = queue();
        CompletableFuture<Object> asked = queue.submit(() -> {
            throw new RemoteBackOffException(Duration.ofHours(1), "429 Too Many Requests");
        });
        this.executor.runAll();
        assertThat(asked).isCompletedExceptionally();

        queue.enqueue(this.operations.immediate(1));
        queue.enqueue(this.operations.immediate(2));
        this.executor.runAll();
        assertThat(this.operations.started()).isEmpty();
        assertThat(queue.stats().waitingRunners()).isEqualTo(2);
        assertThat(queue.flowControl().quietRemaining()).isGreaterThan(Duration.ofMinutes(59));

        // A stop with a deadline does not wait for the hour: what is queued is abandoned.
        CompletableFuture<Void> stopped = queue.stop(Duration.ZERO);
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(queue.stats().abandoned()).isEqualTo(2);
    }

    @Test
    void aRetryFromTheFailedFuturesCallbackMeetsTheQuiet() {
        OperationQueue queue = queue();
        CompletableFuture<Object> asked = queue.submit(() -> {
            throw new RemoteBackOffException(Duration.ofHours(1), "503 Service Unavailable, Retry-After: 3600");
        });
        Duration[] quietSeenByTheCallback = new Duration[1];
        // A client's retry: the caller learns of the 503 from the future and enqueues again at once, on
        // the thread that settles it. The quiet must already apply to that retry.
        asked.whenComplete((ignored, failure) -> {
            quietSeenByTheCallback[0] = queue.flowControl().quietRemaining();
            queue.enqueue(this.operations.immediate(1));
        });
        this.executor.runAll();

        assertThat(asked).isCompletedExceptionally();
        assertThat(quietSeenByTheCallback[0]).isGreaterThan(Duration.ofMinutes(59));
        assertThat(this.operations.started()).isEmpty();
        assertThat(queue.stats().depth()).isEqualTo(1);
        queue.stop(Duration.ZERO);
    }

    @Test
    void operationsAlreadyRunningFinishDuringTheQuiet() {
        OperationQueue queue = queue();
        queue.enqueue(this.operations.pending(0));
        this.executor.runAll();
        queue.backOff(Duration.ofHours(1));
        queue.enqueue(this.operations.immediate(1));

        this.operations.complete(0);
        this.executor.runAll();
        assertThat(queue.stats().completed()).isEqualTo(1);
        assertThat(this.operations.started()).containsExactly(0);
        assertThat(queue.stats().depth()).isEqualTo(1);
    }

    @Test
    void queuedOperationsStartWhenTheQuietEnds() {
        OperationQueue queue = queue();
        long askedAt = System.nanoTime();
        queue.backOff(Duration.ofMillis(100));
        queue.enqueue(this.operations.immediate(1));
        queue.enqueue(this.operations.immediate(2));
        this.executor.runAll();
        assertThat(this.operations.started()).isEmpty();

        // The end of the quiet, on the queue's timer, hands runners to the executor.
        await().atMost(10, TimeUnit.SECONDS).until(() -> this.executor.queued() > 0);
        assertThat(System.nanoTime() - askedAt).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        this.executor.runAll();
        assertThat(this.operations.started()).containsExactly(1, 2);
    }

    @Test
    void aShorterRequestDoesNotCutALongerQuietShort() {
        OperationQueue queue = queue();
        queue.backOff(Duration.ofHours(1));
        queue.backOff(Duration.ofMillis(1));
        queue.enqueue(this.operations.immediate(1));
        assertThat(queue.flowControl().quietRemaining()).isGreaterThan(Duration.ofMinutes(59));
        this.executor.runAll();
        assertThat(this.operations.started()).isEmpty();
    }

    @Test
    void aPlainStopHonoursTheQuietAndThenDrains() throws Exception {
        OperationQueue queue = queue();
        queue.backOff(Duration.ofMillis(100));
        queue.enqueue(this.operations.immediate(1));
        CompletableFuture<Void> stopped = queue.stop();
        this.executor.runAll();
        assertThat(stopped).isNotDone();

        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            this.executor.runAll();
            return stopped.isDone();
        });
        assertThat(this.operations.started()).containsExactly(1);
        assertThat(queue.stats().abandoned()).isZero();
    }

    private OperationQueue queue() {
        OperationQueue queue = OperationQueue.builder().name("polite").executor(this.executor).build();
        queue.start(2);
        return queue;
    }
}
