package io.github.operationqueue.reliability;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.github.operationqueue.OperationQueue;
import io.github.operationqueue.OperationQueueStats;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Submits a seeded mix of operations to a queue and keeps their {@link Ledger}: synchronous, blocking and
 * asynchronous, a tenth failing, some leaving their thread interrupted (each operation checks that it
 * starts with the interrupt status clear). {@link #verify} checks the ledger against the queue's stats.
 */
final class Workload {

    final Ledger ledger = new Ledger();

    final LongAdder interruptsLeftBehind = new LongAdder();

    private final OperationQueue queue;

    private final ScheduledExecutorService timer;

    Workload(OperationQueue queue, ScheduledExecutorService timer) {
        this.queue = queue;
        this.timer = timer;
    }

    /** Submits one operation chosen with {@code random}; never blocks. */
    CompletableFuture<Object> submitOne(SplittableRandom random) {
        Ledger.Entry entry = this.ledger.open(Ledger.Channel.SUBMIT);
        boolean fails = random.nextInt(10) == 0;
        boolean interrupts = random.nextInt(20) == 0;
        int kind = random.nextInt(3);
        long delayMicros = random.nextInt(500);
        CompletableFuture<Object> outcome = this.queue.submit(() -> {
            if (Thread.currentThread().isInterrupted()) {
                this.ledger.violation(entry, "started with its thread interrupted");
            }
            entry.performed();
            if (interrupts) {
                this.interruptsLeftBehind.increment();
                Thread.currentThread().interrupt();
            }
            CompletionStage<Long> stage;
            if (kind == 0) {
                stage = fails ? CompletableFuture.failedFuture(new SoakFailure())
                        : CompletableFuture.completedFuture(entry.id);
            }
            else if (kind == 1) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(delayMicros / 10));
                if (fails) {
                    entry.finished(true);
                    throw new SoakFailure();
                }
                stage = CompletableFuture.completedFuture(entry.id);
            }
            else {
                CompletableFuture<Long> later = new CompletableFuture<>();
                this.timer.schedule(() -> {
                    if (fails) {
                        later.completeExceptionally(new SoakFailure());
                    }
                    else {
                        later.complete(entry.id);
                    }
                }, delayMicros, TimeUnit.MICROSECONDS);
                stage = later;
            }
            return stage.whenComplete((value, failure) -> entry.finished(failure != null));
        });
        outcome.whenComplete(entry::reported);
        return outcome;
    }

    /**
     * Checks, once every submit future is complete, that each operation finished once or was reported
     * refused or abandoned, and that the stats say the same; returns the number of accepted operations lost.
     */
    long verify(OperationQueueStats stats) {
        assertThat(this.ledger.violations()).as("ledger violations").isEmpty();
        assertThat(this.ledger.unsettled()).as("operations whose future never completed")
            .extracting(Ledger.Entry::describe)
            .isEmpty();
        assertThat(stats.completed()).as("completed").isEqualTo(this.ledger.succeeded.sum());
        assertThat(stats.failed()).as("failed").isEqualTo(this.ledger.failed.sum());
        assertThat(stats.completed() + stats.failed()).as("performed").isEqualTo(this.ledger.submitRan.sum());
        long abandoned = stats.enqueued() - this.ledger.submitRan.sum();
        assertThat(stats.abandoned()).as("abandoned").isEqualTo(abandoned);
        assertThat(abandoned).as("abandoned, at most the futures that reported so")
            .isLessThanOrEqualTo(this.ledger.submitNotRunReported.sum());
        return stats.enqueued() - stats.completed() - stats.failed() - stats.abandoned();
    }
}
