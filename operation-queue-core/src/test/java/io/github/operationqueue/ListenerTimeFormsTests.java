package io.github.operationqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which of a listener's two forms of {@code started} and {@code completed} the queue reaches: each event
 * arrives exactly once, whichever form a listener overrides, and listeners added from several threads at
 * once all hear the events that follow.
 */
class ListenerTimeFormsTests {

    private static final IllegalStateException FAILURE = new IllegalStateException("expected");

    @Test
    @Timeout(10)
    void aListenerOverridingOnlyTheNanosecondFormsHearsEachEventOnce() {
        List<String> events = new CopyOnWriteArrayList<>();
        OperationQueueListener nanos = new OperationQueueListener() {
            @Override
            public void started(String queue, long waitedNanos) {
                events.add("started " + queue + ((waitedNanos >= 0) ? "" : " negative"));
            }

            @Override
            public void completed(String queue, long durationNanos, Throwable failure) {
                events.add("completed " + queue + ((failure != null) ? " " + failure.getMessage() : "")
                        + ((durationNanos >= 0) ? "" : " negative"));
            }
        };

        performOneSucceedingAndOneFailing(nanos);

        assertThat(events).containsExactly("started q", "completed q", "started q", "completed q expected");
    }

    @Test
    @Timeout(10)
    void aListenerOverridingBothFormsHearsOnlyTheNanosecondOnes() {
        List<String> events = new CopyOnWriteArrayList<>();
        OperationQueueListener both = new OperationQueueListener() {
            @Override
            public void started(String queue, Duration waited) {
                events.add("started as Duration");
            }

            @Override
            public void started(String queue, long waitedNanos) {
                events.add("started as nanos");
            }

            @Override
            public void completed(String queue, Duration duration, Throwable failure) {
                events.add("completed as Duration");
            }

            @Override
            public void completed(String queue, long durationNanos, Throwable failure) {
                events.add("completed as nanos");
            }
        };

        performOneSucceedingAndOneFailing(both);

        assertThat(events).containsExactly("started as nanos", "completed as nanos", "started as nanos",
                "completed as nanos");
    }

    @Test
    @Timeout(10)
    void aListenerOverridingOnlyTheDurationFormsGetsTheSameTimesAsDurations() {
        List<Long> waits = new CopyOnWriteArrayList<>();
        List<String> completions = new CopyOnWriteArrayList<>();
        OperationQueueListener durations = new OperationQueueListener() {
            @Override
            public void started(String queue, Duration waited) {
                waits.add(waited.toNanos());
            }

            @Override
            public void completed(String queue, Duration duration, Throwable failure) {
                completions.add((duration.isNegative() ? "negative " : "") + ((failure != null) ? "failed" : "ok"));
            }
        };

        performOneSucceedingAndOneFailing(durations);

        assertThat(waits).hasSize(2).allSatisfy((wait) -> assertThat(wait).isNotNegative());
        assertThat(completions).containsExactly("ok", "failed");
    }

    @Test
    @Timeout(30)
    void listenersAddedFromSeveralThreadsAtOnceAllHearTheNextEvent() throws Exception {
        int adders = 4;
        int perAdder = 250;
        OperationQueue queue = OperationQueue.builder().name("q").executor(Runnable::run).build();
        queue.start(1);
        AtomicInteger heard = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(adders);
        try {
            List<Future<?>> additions = new ArrayList<>();
            for (int i = 0; i < adders; i++) {
                additions.add(threads.submit(() -> {
                    go.await();
                    for (int j = 0; j < perAdder; j++) {
                        queue.addListener(new OperationQueueListener() {
                            @Override
                            public void enqueued(String name) {
                                heard.incrementAndGet();
                            }
                        });
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> addition : additions) {
                addition.get(20, TimeUnit.SECONDS);
            }
        }
        finally {
            threads.shutdownNow();
        }

        queue.enqueue(() -> CompletableFuture.completedFuture(null));

        assertThat(heard).as("listeners that heard the enqueue").hasValue(adders * perAdder);
        queue.stop(Duration.ofSeconds(5)).join();
    }

    private static void performOneSucceedingAndOneFailing(OperationQueueListener listener) {
        OperationQueue queue = OperationQueue.builder().name("q").executor(Runnable::run).listener(listener).build();
        queue.start(1);
        queue.enqueue(() -> CompletableFuture.completedFuture(null));
        queue.enqueue(() -> CompletableFuture.failedFuture(FAILURE));
        queue.stop(Duration.ofSeconds(5)).join();
    }

}
