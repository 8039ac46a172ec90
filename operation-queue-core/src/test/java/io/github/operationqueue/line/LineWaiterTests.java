package io.github.operationqueue.line;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The waiters of one acquisition as a structure: what a release signals when dependents fail or
 * executors refuse, and what memory the line keeps for waiters that gave up or were released.
 * Reachability is checked with weak references and {@code System.gc()} inside Awaitility.
 */
@Timeout(30)
class LineWaiterTests {

    private static final int WAITERS = 100;

    private static final Duration COLLECTED_WITHIN = Duration.ofSeconds(10);

    private final Line line = new Line("waiter-line");

    @Test
    void cancelledWaitersAreDroppedByTheNextWaiterWhileTheTokenIsStillHeld() {
        Token token = acquire();
        List<WeakReference<CompletableFuture<Void>>> cancelled = weakWaiters(true);

        CompletableFuture<Void> next = waiterOf(this.line.tryAcquireToken());

        // A line held for long by a holder while callers time out must not keep every caller that gave up.
        awaitCollected(cancelled);
        assertThat(this.line.stats().waiters()).isEqualTo(1);
        token.close();
        assertThat(next).isCompletedWithValue(null);
    }

    @Test
    void aWaiterKeptAfterTheReleaseKeepsNoOtherWaiterReachable() {
        Token token = acquire();
        List<WeakReference<CompletableFuture<Void>>> others = weakWaiters(false);
        // The last waiter is the top of the token's stack: before the release it links to all the others.
        CompletableFuture<Void> kept = waiterOf(this.line.tryAcquireToken());

        token.close();

        assertThat(kept).isCompletedWithValue(null);
        awaitCollected(others);
        assertThat(this.line.stats().waiters()).isZero();
    }

    @Test
    void aReleasedTokenKeptByItsHolderKeepsNoWaiterReachable() {
        Token token = acquire();
        List<WeakReference<CompletableFuture<Void>>> waiters = weakWaiters(false);

        token.close();

        assertThat(token.waiters()).isZero();
        awaitCollected(waiters);
        // A waiter that comes to the released token completes at once and is not kept either.
        assertThat(token.newWaiter()).isCompletedWithValue(null);
        assertThat(token.waiters()).isZero();
    }

    @Test
    void anExecutorThatRefusesFailsOnlyItsOwnDependentAndEveryOtherWaiterIsSignalled() {
        Token token = acquire();
        Executor refusing = (task) -> {
            throw new RejectedExecutionException("refusing executor of the test");
        };
        AtomicInteger resumed = new AtomicInteger();
        List<CompletableFuture<Void>> resumptions = new ArrayList<>();
        List<CompletableFuture<Void>> refused = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            CompletableFuture<Void> waiter = waiterOf(this.line.tryAcquireToken());
            if (i % 2 == 0) {
                refused.add(waiter.thenRunAsync(resumed::incrementAndGet, refusing));
            }
            else {
                resumptions.add(waiter.thenRun(resumed::incrementAndGet));
            }
        }

        token.close();

        assertThat(resumed).hasValue(WAITERS / 2);
        assertThat(resumptions).allSatisfy((resumption) -> assertThat(resumption).isCompletedWithValue(null));
        assertThat(refused).allSatisfy((resumption) -> assertThatExceptionOfType(CompletionException.class)
            .isThrownBy(resumption::join)
            .withCauseInstanceOf(RejectedExecutionException.class));
        assertThat(this.line.holder()).isEqualTo(LineHolder.NONE);
    }

    @Test
    void aDependentThatThrowsKeepsNoOtherWaiterWaiting() {
        Token token = acquire();
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        List<CompletableFuture<Void>> failing = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            CompletableFuture<Void> waiter = waiterOf(this.line.tryAcquireToken());
            waiters.add(waiter);
            failing.add(waiter.thenRun(() -> {
                throw new IllegalStateException("dependent of the test fails");
            }));
        }

        token.close();

        assertThat(waiters).allSatisfy((waiter) -> assertThat(waiter).isCompletedWithValue(null));
        assertThat(failing).allSatisfy((dependent) -> assertThat(dependent).isCompletedExceptionally());
    }

    @Test
    void waitersThatCompletedOrWereCancelledBeforeTheReleaseAreNeitherCountedNorSignalled() {
        Token token = acquire();
        CompletableFuture<Void> cancelled = waiterOf(this.line.tryAcquireToken());
        CompletableFuture<Void> waiting = waiterOf(this.line.tryAcquireToken());
        CompletableFuture<Void> completedByItsCaller = waiterOf(this.line.tryAcquireToken());
        CompletableFuture<Void> busy = ((LineStatus.Busy) this.line.status()).released();
        cancelled.cancel(false);
        completedByItsCaller.completeExceptionally(new IllegalStateException("caller gave up"));

        assertThat(this.line.stats().waiters()).isEqualTo(2);
        token.close();

        assertThat(cancelled).isCancelled();
        assertThat(completedByItsCaller).isCompletedExceptionally().isNotCancelled();
        assertThat(waiting).isCompletedWithValue(null);
        assertThat(busy).isCompletedWithValue(null);
        assertThat(this.line.stats().waiters()).isZero();
    }

    private Token acquire() {
        return ((AcquireOutcome.Success) this.line.tryAcquireToken()).token();
    }

    /** Makes {@value #WAITERS} waiters, cancelled or not, and keeps no strong reference to any. */
    private List<WeakReference<CompletableFuture<Void>>> weakWaiters(boolean cancel) {
        List<WeakReference<CompletableFuture<Void>>> waiters = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            CompletableFuture<Void> waiter = waiterOf(this.line.tryAcquireToken());
            if (cancel) {
                assertThat(waiter.cancel(false)).isTrue();
            }
            waiters.add(new WeakReference<>(waiter));
        }
        return waiters;
    }

    private static CompletableFuture<Void> waiterOf(AcquireOutcome outcome) {
        return ((AcquireOutcome.Failure) outcome).released();
    }

    private static void awaitCollected(List<? extends WeakReference<?>> references) {
        await().atMost(COLLECTED_WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return references.stream().allMatch((reference) -> reference.get() == null);
        });
    }
}
