package io.github.operationqueue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.github.operationqueue.testing.ManualExecutor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * One test per core row of the README's "What you do wrong and what you get" table: each mistake gets an
 * error at once that names the thing and the fix, or, for what only shows later, a counted and reported
 * failure. Nothing is accepted and then dropped.
 */
class BadInputTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ManualExecutor executor = new ManualExecutor();

    private final OperationQueue queue = OperationQueue.builder().name("mail").executor(this.executor).build();

    @Test
    void aNullOperationIsRefusedAtOnceByEveryWayIn() {
        assertThatNullPointerException().isThrownBy(() -> this.queue.enqueue(null))
            .withMessage("operation must not be null");
        assertThatNullPointerException().isThrownBy(() -> this.queue.tryEnqueue(null))
            .withMessage("operation must not be null");
        assertThatNullPointerException().isThrownBy(() -> this.queue.submit(null))
            .withMessage("operation must not be null");
        assertThatNullPointerException().isThrownBy(() -> this.queue.submitBlocking(null))
            .withMessage("body must not be null");
        assertThatNullPointerException().isThrownBy(() -> QueuedOperation.of(null));
        assertThat(this.queue.stats().enqueued()).isZero();
    }

    @Test
    void moreRunnersThanOneStartMayAddAreRefusedWithTheLimit() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.queue.start(2_000_000_000))
            .withMessage("runners must be at most 10000 per call to start(int), was 2000000000; "
                    + "call start again to add more");
        assertThat(this.queue.stats().runners()).isZero();
    }

    @Test
    void negativeCountsAreRefusedWithTheValueGiven() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.queue.start(-1))
            .withMessage("runners must be 0 or more, was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> OperationQueue.builder().capacity(-5))
            .withMessage("capacity must be 0 (unbounded) or more, was -5");
        assertThatIllegalArgumentException().isThrownBy(() -> this.queue.stop(Duration.ofSeconds(-1)))
            .withMessageContaining("timeout must not be negative");
        assertThat(this.queue.stats().stopped()).as("a refused stop(timeout) does not stop").isFalse();
    }

    @Test
    void zeroRunnersAddsNoneAndTheQueueHoldsWhatItAccepts() {
        this.queue.start(0);
        this.queue.enqueue(() -> CompletableFuture.completedFuture(null));
        assertThat(this.queue.stats().runners()).isZero();
        assertThat(this.queue.stats().depth()).isEqualTo(1);
    }

    @Test
    void aBlankNameIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> OperationQueue.builder().name(" "))
            .withMessage("name must not be null or blank");
    }

    @Test
    void aStoppedQueueRefusesEveryEnqueueAndNewRunnersNamingItself() {
        this.queue.stop();
        assertThat(this.queue.enqueue(() -> CompletableFuture.completedFuture(null))).failsWithin(TIMEOUT)
            .withThrowableOfType(ExecutionException.class)
            .withCauseInstanceOf(QueueStoppedException.class)
            .withMessageContaining("Operation queue 'mail' is stopped and cannot accept operation");
        assertThatExceptionOfType(QueueStoppedException.class)
            .isThrownBy(() -> this.queue.tryEnqueue(() -> CompletableFuture.completedFuture(null)))
            .withMessageContaining("Operation queue 'mail' is stopped");
        assertThat(this.queue.submitBlocking(() -> "never")).failsWithin(TIMEOUT)
            .withThrowableOfType(ExecutionException.class)
            .withCauseInstanceOf(QueueStoppedException.class);
        assertThatExceptionOfType(QueueStoppedException.class).isThrownBy(() -> this.queue.start(1))
            .withMessage("Operation queue 'mail' is stopped and cannot start runners");
        assertThat(this.queue.stats().enqueued()).isZero();
    }

    @Test
    void anOperationReturningNullFailsAndIsCountedNotLost() {
        this.queue.start(1);
        CompletableFuture<Object> outcome = this.queue.submit(() -> null);
        this.executor.runAll();
        assertThat(outcome).failsWithin(TIMEOUT)
            .withThrowableOfType(ExecutionException.class)
            .withCauseInstanceOf(IllegalStateException.class)
            .withMessageContaining("QueuedOperation.perform() returned null; return a completed stage instead");
        assertThat(this.queue.stats().failed()).isEqualTo(1);
    }

    @Test
    void aDecoratorReturningNullIsNamedWithItsQueue() {
        OperationQueue decorated = OperationQueue.builder()
            .name("mail")
            .executor(this.executor)
            .decorator((operation) -> null)
            .build();
        assertThatNullPointerException().isThrownBy(() -> decorated.enqueue(() -> null))
            .withMessage("The OperationDecorator of queue 'mail' returned null");
        assertThat(decorated.stats().enqueued()).isZero();
    }

    @Test
    void anUnknownQueueNameInTheRegistryIsNamedWithTheKnownOnes() {
        OperationQueues queues = new OperationQueues();
        queues.register(this.queue);
        assertThat(queues.find("post")).isEmpty();
        assertThatExceptionOfType(java.util.NoSuchElementException.class).isThrownBy(() -> queues.get("post"))
            .withMessage("No operation queue is named 'post'; known queues: [mail]");
    }
}
