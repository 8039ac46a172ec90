package io.github.operationqueue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.operationqueue.testing.ManualExecutor;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short cuts of the dispatch path: a plain enqueue stored without a wrapper and timed only while
 * someone listens, and a stage that is already complete recorded without a callback. Each must give
 * the same outcome, counts and listener calls as the long way.
 */
class DispatchPathTests {

    private final ManualExecutor executor = new ManualExecutor();

    @Test
    void anOperationAcceptedBeforeTheFirstListenerStartsWithAZeroWaitAndIsCounted() {
        OperationQueue queue = OperationQueue.builder().name("late-listener").executor(this.executor).build();
        queue.start(1);
        this.executor.runAll();
        queue.pause();
        queue.enqueue(() -> CompletableFuture.completedFuture(null));
        List<Duration> waits = new CopyOnWriteArrayList<>();
        List<Duration> durations = new CopyOnWriteArrayList<>();
        queue.addListener(new OperationQueueListener() {

            @Override
            public void started(String name, Duration waited) {
                waits.add(waited);
            }

            @Override
            public void completed(String name, Duration duration, Throwable failure) {
                durations.add(duration);
            }

        });
        queue.enqueue(() -> CompletableFuture.completedFuture(null));
        queue.resume();
        this.executor.runAll();

        assertThat(queue.stats().completed()).isEqualTo(2);
        assertThat(waits).hasSize(2).first().isEqualTo(Duration.ZERO);
        assertThat(waits.get(1)).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(durations).hasSize(2).allSatisfy((duration) -> assertThat(duration).isGreaterThanOrEqualTo(Duration.ZERO));
    }

    @Test
    void completedFailedAndPendingStagesAreEachRecordedOnceAndTheRunnerGoesOn() {
        OperationQueue queue = OperationQueue.builder()
            .name("stages")
            .executor(this.executor)
            .failureLogLevel(Level.DEBUG)
            .build();
        queue.start(1);
        CompletableFuture<Object> pending = new CompletableFuture<>();
        AtomicInteger performed = new AtomicInteger();
        queue.enqueue(() -> {
            performed.incrementAndGet();
            return CompletableFuture.completedFuture("done");
        });
        queue.enqueue(() -> {
            performed.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("expected by the test"));
        });
        queue.enqueue(() -> {
            performed.incrementAndGet();
            return pending;
        });
        CompletableFuture<Object> submitted = queue.submit(() -> CompletableFuture.completedFuture("value"));
        this.executor.runAll();
        assertThat(performed).hasValue(3);
        assertThat(submitted).isNotDone();

        pending.complete(null);
        this.executor.runAll();

        assertThat(submitted).isCompletedWithValue("value");
        OperationQueueStats stats = queue.stats();
        assertThat(stats.completed()).isEqualTo(3);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.enqueued()).isEqualTo(4);
    }
}
