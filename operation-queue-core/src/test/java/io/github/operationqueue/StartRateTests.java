package io.github.operationqueue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.operationqueue.flow.ConcurrencyLimit;
import io.github.operationqueue.flow.StartRate;
import io.github.operationqueue.flow.resilience4j.Resilience4jStartRate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The start rate: a permit per start, a runner waiting for its permit parked on the queue's timer
 * holding no executor thread, and a stop that does not wait for permits. The rate's clock is held
 * still where the waits must be exact; elapsed time is only ever checked as a lower bound, which a
 * rate guarantees.
 */
@Timeout(30)
class StartRateTests {

    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>());

    @AfterEach
    void shutDownPool() {
        this.pool.shutdownNow();
    }

    @Test
    void runnersWaitingForAPermitHoldNoThreadAndAStopCutShortDoesNotWaitForThem() throws Exception {
        OperationQueue queue = OperationQueue.builder()
            .name("rated")
            .executor(this.pool)
            .rate(Resilience4jStartRate.of(2, Duration.ofHours(1), 2))
            .build();
        queue.start(20);
        for (int i = 0; i < 6; i++) {
            queue.enqueue(() -> CompletableFuture.completedFuture(null));
        }

        await().atMost(10, TimeUnit.SECONDS)
            .until(() -> queue.stats().waitingRunners() == 20 && this.pool.getActiveCount() == 0);
        // Two permits an hour: two started, four wait on the timer, and no thread is held for them.
        assertThat(queue.stats().completed()).isEqualTo(2);
        assertThat(queue.stats().depth()).isEqualTo(4);
        assertThat(queue.flowControl().rate()).isEqualTo("2/PT1H (burst 2)");

        queue.stop(Duration.ofMillis(10)).get(10, TimeUnit.SECONDS);
        assertThat(queue.stats().abandoned()).isEqualTo(4);
        assertThat(queue.stats().stoppedRunners()).isEqualTo(20);
    }

    @Test
    void startsAreSpacedByTheirPermitsAndEachWaitIsRecorded() throws Exception {
        // A clock held at 0: the first permit is now, the next ones one and two slices ahead.
        OperationQueue queue = OperationQueue.builder()
            .name("spaced")
            .executor(this.pool)
            .rate(Resilience4jStartRate.of(1, Duration.ofMillis(100), 1, () -> 0L))
            .build();
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        long builtAt = System.nanoTime();
        queue.start(1);
        for (int i = 0; i < 3; i++) {
            queue.enqueue(() -> {
                startedAt.add(System.nanoTime());
                return CompletableFuture.completedFuture(null);
            });
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> queue.stats().completed() == 3);

        FlowControlStats flow = queue.flowControl();
        assertThat(flow.permitsReserved()).isEqualTo(3);
        assertThat(flow.permitWaitTotal()).isEqualTo(Duration.ofMillis(300));
        assertThat(startedAt.get(2) - builtAt).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        queue.stop().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPlainStopDrainsThroughThePermits() throws Exception {
        OperationQueue queue = OperationQueue.builder()
            .name("draining")
            .executor(this.pool)
            .rate(Resilience4jStartRate.of(1, Duration.ofMillis(20), 1))
            .build();
        queue.start(3);
        for (int i = 0; i < 5; i++) {
            queue.enqueue(() -> CompletableFuture.completedFuture(null));
        }
        queue.stop().get(10, TimeUnit.SECONDS);
        assertThat(queue.stats().completed()).isEqualTo(5);
        assertThat(queue.stats().abandoned()).isZero();
    }

    @Test
    void aBrokenRateStartsOperationsAtOnceRatherThanStallTheQueue() throws Exception {
        OperationQueue queue = OperationQueue.builder()
            .name("broken-rate")
            .executor(this.pool)
            .rate(new io.github.operationqueue.flow.StartRate() {
                @Override
                public long reserveNanos() {
                    throw new IllegalStateException("no permits today");
                }

                @Override
                public String describe() {
                    return "broken";
                }
            })
            .build();
        queue.start(2);
        for (int i = 0; i < 4; i++) {
            queue.enqueue(() -> CompletableFuture.completedFuture(null));
        }
        queue.stop().get(10, TimeUnit.SECONDS);
        assertThat(queue.stats().completed()).isEqualTo(4);
    }

    @Test
    void aPermitLeftUnusedIsNotSavedForALaterBurst() throws Exception {
        // The test's rate: free permits at first, then none for an hour.
        AtomicLong nextWait = new AtomicLong();
        AtomicInteger reservedWhileClosed = new AtomicInteger();
        StartRate rate = new StartRate() {
            @Override
            public long reserveNanos() {
                long wait = nextWait.get();
                if (wait > 0) {
                    reservedWhileClosed.incrementAndGet();
                }
                return wait;
            }

            @Override
            public String describe() {
                return "test";
            }
        };
        OperationQueue queue = OperationQueue.builder()
            .name("unsaved-permits")
            .executor(this.pool)
            .limit(ConcurrencyLimit.fixed(1))
            .rate(rate)
            .build();
        CountDownLatch release = new CountDownLatch(1);
        queue.enqueue(() -> CompletableFuture.runAsync(() -> awaitQuietly(release)));
        queue.enqueue(() -> CompletableFuture.completedFuture(null));
        // Both runners see work; one starts, the other finds the limit full.
        queue.start(2);
        await().atMost(10, TimeUnit.SECONDS)
            .until(() -> queue.flowControl().inFlight() == 1 && queue.stats().waitingRunners() == 1
                    && queue.stats().runningRunners() == 1);
        release.countDown();
        queue.whenIdle().get(10, TimeUnit.SECONDS);

        nextWait.set(Duration.ofHours(1).toNanos());
        queue.enqueue(() -> CompletableFuture.completedFuture(null));
        await().atMost(10, TimeUnit.SECONDS)
            .until(() -> reservedWhileClosed.get() > 0 || queue.stats().completed() > 2);
        // No permit for an hour: what a runner reserved in the earlier burst must not start it now.
        assertThat(queue.stats().completed()).isEqualTo(2);
        assertThat(queue.stats().depth()).isEqualTo(1);
        queue.stop(Duration.ofMillis(10)).get(10, TimeUnit.SECONDS);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void refusesARateThatCannotBeScheduledNamingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> Resilience4jStartRate.of(5, Duration.ofSeconds(1), 6))
            .withMessageContaining("5 per PT1S with burst 6");
        assertThatIllegalArgumentException().isThrownBy(() -> Resilience4jStartRate.of(0, Duration.ofSeconds(1), 1))
            .withMessageContaining("permits >= 1");
    }
}
