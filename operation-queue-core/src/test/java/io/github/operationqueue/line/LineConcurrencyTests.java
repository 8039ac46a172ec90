package io.github.operationqueue.line;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races on a real thread pool. Every round releases its threads through one start latch, and every wait
 * has a timeout. The number of rounds scales with the {@code concurrency.repeats} system property
 * (default 3; keep it small in CI, raise it locally to hunt races).
 */
@Tag("concurrency")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LineConcurrencyTests {

    private static final int THREADS = 64;

    private static final int ROUNDS = 200;

    private static final int REPEATS = Integer.getInteger("concurrency.repeats", 3);

    private static final long WAIT_SECONDS = 10;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void shutDown() throws InterruptedException {
        this.pool.shutdownNow();
        assertThat(this.pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void exactlyOneOfManyRacingThreadsGetsTheTokenAndEveryWaiterIsReleasedByTheClose() throws Exception {
        Line line = new Line("race");
        for (int round = 0; round < ROUNDS * REPEATS; round++) {
            List<AcquireOutcome> outcomes = race(THREADS, line::tryAcquireToken);

            List<Token> tokens = new ArrayList<>();
            List<CompletableFuture<Void>> waiters = new ArrayList<>();
            for (AcquireOutcome outcome : outcomes) {
                if (outcome instanceof AcquireOutcome.Success success) {
                    tokens.add(success.token());
                }
                else if (outcome instanceof AcquireOutcome.Failure failure) {
                    waiters.add(failure.released());
                }
            }
            assertThat(tokens).as("round %d", round).hasSize(1);
            assertThat(waiters).as("round %d", round).hasSize(THREADS - 1).allMatch((w) -> !w.isDone());
            assertThat(line.stats().waiters()).isEqualTo(THREADS - 1);

            tokens.get(0).close();

            CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(line.status()).isInstanceOf(LineStatus.Free.class);
        }
        assertThat(line.stats().acquiredCount()).isEqualTo((long) ROUNDS * REPEATS);
    }

    @Test
    void concurrentCancelsTouchOnlyTheirOwnWaiterAndNeverFreeTheLine() throws Exception {
        Line line = new Line("cancels");
        for (int round = 0; round < ROUNDS * REPEATS / 10; round++) {
            Token token = LineTests.acquire(line);
            List<CompletableFuture<Void>> waiters = race(THREADS, () -> LineTests.waitFor(line.tryAcquireToken()));
            List<CompletableFuture<Void>> cancelled = waiters.subList(0, THREADS / 2);
            List<CompletableFuture<Void>> kept = waiters.subList(THREADS / 2, THREADS);

            AtomicInteger next = new AtomicInteger();
            race(cancelled.size(), () -> cancelled.get(next.getAndIncrement()).cancel(false));

            assertThat(kept).allMatch((waiter) -> !waiter.isDone());
            assertThat(line.status()).isInstanceOf(LineStatus.Busy.class);
            assertThat(line.stats().waiters()).isEqualTo(kept.size() + 1);

            token.close();

            CompletableFuture.allOf(kept.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(cancelled).allMatch(CompletableFuture::isCancelled);
        }
    }

    @Test
    void cancelsRacingTheCloseLeaveEveryWaiterEitherCancelledOrReleased() throws Exception {
        Line line = new Line("cancel-vs-close");
        for (int round = 0; round < ROUNDS * REPEATS / 10; round++) {
            Token token = LineTests.acquire(line);
            List<CompletableFuture<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < THREADS - 1; i++) {
                waiters.add(LineTests.waitFor(line.tryAcquireToken()));
            }
            AtomicInteger next = new AtomicInteger();

            race(THREADS, () -> {
                int i = next.getAndIncrement();
                if (i == 0) {
                    token.close();
                }
                else {
                    waiters.get(i - 1).cancel(false);
                }
                return i;
            });

            assertThat(waiters).allMatch((waiter) -> waiter.isCancelled()
                    || (waiter.isDone() && !waiter.isCompletedExceptionally()));
            assertThat(line.status()).isInstanceOf(LineStatus.Free.class);
            assertThat(line.stats().waiters()).isZero();
        }
    }

    @Test
    void doubleAndStaleClosesRacingANewHolderNeverReleaseIt() throws Exception {
        Line line = new Line("stale");
        AtomicInteger releases = new AtomicInteger();
        line.addListener(new LineListener() {
            @Override
            public void released(Line observed, Duration held) {
                releases.incrementAndGet();
            }
        });
        for (int round = 0; round < ROUNDS * REPEATS / 10; round++) {
            Token first = LineTests.acquire(line);
            race(THREADS / 4, () -> {
                first.close();
                return null;
            });
            assertThat(releases.get()).as("one release per acquisition").isEqualTo(2 * round + 1);

            CountDownLatch acquired = new CountDownLatch(1);
            List<Object> results = race(THREADS / 4, () -> {
                if (line.tryAcquireToken() instanceof AcquireOutcome.Success success) {
                    acquired.countDown();
                    return success.token();
                }
                assertThat(acquired.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                first.close();
                return null;
            });
            List<Token> holders = results.stream()
                .filter(Token.class::isInstance)
                .map(Token.class::cast)
                .toList();
            assertThat(holders).hasSize(1);
            assertThat(line.status()).as("stale closes left the new holder alone").isInstanceOf(LineStatus.Busy.class);
            holders.get(0).close();
            assertThat(releases.get()).isEqualTo(2 * round + 2);
        }
    }

    /** Runs {@code task} on {@code parties} pool threads released together; returns results in submit order. */
    private <T> List<T> race(int parties, Callable<T> task) throws Exception {
        CountDownLatch ready = new CountDownLatch(parties);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            futures.add(this.pool.submit(() -> {
                ready.countDown();
                assertThat(start.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                return task.call();
            }));
        }
        assertThat(ready.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
        return results;
    }
}
