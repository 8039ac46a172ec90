package io.github.operationqueue.example.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The stand-in's capacity {@code K}: {@code K} requests served at once, the next {@code K} waiting in
 * order of arrival, the rest refused at once. Driven by hand: a request holds its slot until the test
 * releases it.
 */
class ServiceCapacityTests {

    private static final Logger logger = LoggerFactory.getLogger(ServiceCapacityTests.class);

    @Test
    void kAreServedAtOnceTheNextKWaitAndTheOneAfterIsRefused() {
        ServiceCapacity capacity = new ServiceCapacity(3);

        List<CompletableFuture<Boolean>> served = admit(capacity, 3);
        List<CompletableFuture<Boolean>> waiting = admit(capacity, 3);
        CompletableFuture<Boolean> beyond = capacity.admit();

        assertThat(served).allSatisfy((turn) -> assertThat(turn).isCompletedWithValue(true));
        assertThat(waiting).allSatisfy((turn) -> assertThat(turn).isNotDone());
        assertThat(beyond).as("the (2K+1)th request").isCompletedWithValue(false);
        assertThat(capacity.status()).isEqualTo(new CapacityStatus(3, 3, 3, 1));
    }

    @Test
    void aReleasedSlotGoesToTheLongestWaitingRequest() {
        ServiceCapacity capacity = new ServiceCapacity(2);
        admit(capacity, 2);
        List<CompletableFuture<Boolean>> waiting = admit(capacity, 2);

        capacity.release();

        assertThat(waiting.get(0)).isCompletedWithValue(true);
        assertThat(waiting.get(1)).isNotDone();
        assertThat(capacity.status()).isEqualTo(new CapacityStatus(2, 2, 1, 0));
        capacity.release();
        assertThat(waiting.get(1)).isCompletedWithValue(true);
        capacity.release();
        capacity.release();
        assertThat(capacity.status()).isEqualTo(new CapacityStatus(2, 0, 0, 0));
    }

    @Test
    void aWaitingRequestThatGivesUpLeavesTheLineAndItsSlotGoesToTheNext() {
        ServiceCapacity capacity = new ServiceCapacity(2);
        admit(capacity, 2);
        CompletableFuture<Boolean> gaveUp = capacity.admit();
        CompletableFuture<Boolean> next = capacity.admit();

        gaveUp.cancel(false);

        assertThat(capacity.status()).as("the request that gave up waits no more").isEqualTo(new CapacityStatus(2, 2, 1, 0));
        capacity.release();
        assertThat(next).isCompletedWithValue(true);
        capacity.release();
        capacity.release();
        assertThat(capacity.status()).as("no slot kept by the request that gave up")
            .isEqualTo(new CapacityStatus(2, 0, 0, 0));
    }

    @Test
    void aRequestThatGivesUpWhileItsSlotIsHandedToItPassesTheSlotOn() {
        ServiceCapacity capacity = new ServiceCapacity(1);
        admit(capacity, 1);
        CompletableFuture<Boolean> waiting = capacity.admit();
        // Completed as if by its holder between being taken off the line and being told: the slot must not be lost.
        waiting.obtrudeException(new IllegalStateException("gave up"));
        capacity.setCapacity(2);
        capacity.release();

        assertThat(capacity.status()).isEqualTo(new CapacityStatus(2, 0, 0, 0));
    }

    @Test
    void aNewRequestDoesNotOvertakeOnesThatWait() {
        ServiceCapacity capacity = new ServiceCapacity(2);
        admit(capacity, 2);
        CompletableFuture<Boolean> waiting = capacity.admit();
        capacity.setCapacity(1);
        capacity.release();
        capacity.release();

        // One slot is free again and a request waits: it gets it, not the one arriving now.
        assertThat(waiting).isCompletedWithValue(true);
        assertThat(capacity.admit()).isNotDone();
    }

    @Test
    void aLowerCapacityLetsNoWaitingRequestInUntilFewerAreServed() {
        ServiceCapacity capacity = new ServiceCapacity(4);
        admit(capacity, 4);
        List<CompletableFuture<Boolean>> waiting = admit(capacity, 2);

        capacity.setCapacity(2);
        capacity.release();
        capacity.release();

        assertThat(waiting).allSatisfy((turn) -> assertThat(turn).isNotDone());
        assertThat(capacity.status()).isEqualTo(new CapacityStatus(2, 2, 2, 0));
        // As many wait as are served now: one more is refused.
        assertThat(capacity.admit()).isCompletedWithValue(false);
        capacity.release();
        assertThat(waiting.get(0)).isCompletedWithValue(true);
    }

    @Test
    void aHigherCapacityLetsWaitingRequestsInAtOnce() {
        ServiceCapacity capacity = new ServiceCapacity(1);
        admit(capacity, 1);
        CompletableFuture<Boolean> waiting = capacity.admit();

        capacity.setCapacity(2);

        assertThat(waiting).isCompletedWithValue(true);
        assertThat(capacity.status()).isEqualTo(new CapacityStatus(2, 2, 0, 0));
    }

    @Test
    void aCapacityBelowOneIsRefusedNamingThePropertyAndTheParameter() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ServiceCapacity(0))
            .withMessage("The stand-in's capacity (example.remote.capacity, or k in POST /remote/capacity?k=) must "
                    + "be at least 1 request served at once, but was 0");
        ServiceCapacity capacity = new ServiceCapacity(3);
        assertThatIllegalArgumentException().isThrownBy(() -> capacity.setCapacity(-1));
        assertThat(capacity.status().capacity()).isEqualTo(3);
    }

    @Test
    @Timeout(60)
    void concurrentRequestsNeverHoldMoreThanKSlotsAndEachAdmittedOneIsServed() throws Exception {
        long seed = System.nanoTime();
        logger.info("seed {}", seed);
        int k = 4;
        int threads = 8;
        int requestsPerThread = 5_000;
        ServiceCapacity capacity = new ServiceCapacity(k);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        AtomicInteger servedCount = new AtomicInteger();
        AtomicInteger refusedCount = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed + t);
                done.add(CompletableFuture.runAsync(() -> {
                    awaitQuietly(start);
                    for (int i = 0; i < requestsPerThread; i++) {
                        CompletableFuture<Boolean> turn = capacity.admit();
                        // Served requests release on whatever thread let them in, as the stand-in's timer does.
                        turn.thenAccept((admitted) -> {
                            if (!admitted) {
                                refusedCount.incrementAndGet();
                                return;
                            }
                            mostHeld.accumulateAndGet(holding.incrementAndGet(), Math::max);
                            servedCount.incrementAndGet();
                            holding.decrementAndGet();
                            capacity.release();
                        });
                        if (random.nextInt(16) == 0) {
                            Thread.yield();
                        }
                    }
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(50, TimeUnit.SECONDS);
        }
        finally {
            pool.shutdownNow();
        }

        assertThat(mostHeld.get()).as("slots held at once, seed %d", seed).isLessThanOrEqualTo(k);
        assertThat(servedCount.get() + refusedCount.get()).as("requests answered, seed %d", seed)
            .isEqualTo(threads * requestsPerThread);
        assertThat(capacity.status()).as("seed %d", seed)
            .isEqualTo(new CapacityStatus(k, 0, 0, refusedCount.get()));
    }

    private static List<CompletableFuture<Boolean>> admit(ServiceCapacity capacity, int requests) {
        List<CompletableFuture<Boolean>> turns = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            turns.add(capacity.admit());
        }
        return turns;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
