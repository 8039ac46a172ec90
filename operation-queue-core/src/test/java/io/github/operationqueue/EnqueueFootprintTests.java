package io.github.operationqueue;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * What an enqueue and a submit cost the calling thread in bytes, and the contract of the one shared
 * future that makes a plain enqueue allocate nothing but its queue node. Bytes are counted by the JVM
 * for this thread alone ({@code getCurrentThreadAllocatedBytes}), so neither load nor timing moves them.
 */
class EnqueueFootprintTests {

    private static final int OPERATIONS = 100_000;

    // Interpreted and compiled code may allocate differently: a few rounds, the smallest counts.
    private static final int ROUNDS = 5;

    private static final Executor NEVER_RUNS = (task) -> {
        throw new AssertionError("no runner was started");
    };

    @Test
    void anEnqueueAcceptedAtOnceAllocatesNoFutureOnlyItsQueueNode() {
        OperationQueue queue = OperationQueue.builder().name("footprint").executor(NEVER_RUNS).build();
        QueuedOperation operation = () -> CompletableFuture.completedFuture(null);

        double bytes = bytesPerCall((count) -> {
            for (int i = 0; i < count; i++) {
                queue.enqueue(operation);
            }
        });

        // A ConcurrentLinkedQueue node is 24 bytes with compressed references; a future would add 24 more.
        assertThat(bytes).as("bytes allocated per enqueue").isLessThan(32);
        assertThat(queue.stats().depth()).isEqualTo((long) OPERATIONS * ROUNDS);
    }

    @Test
    void aSubmitAllocatesAtMostEightyBytesAsAThreadPoolExecutorsSubmitRetains() {
        OperationQueue queue = OperationQueue.builder().name("footprint").executor(NEVER_RUNS).build();
        CompletableFuture<String> result = CompletableFuture.completedFuture("done");
        Callable<CompletionStage<String>> operation = () -> result;

        double bytes = bytesPerCall((count) -> {
            for (int i = 0; i < count; i++) {
                queue.submit(operation);
            }
        });

        assertThat(bytes).as("bytes allocated per submit").isLessThanOrEqualTo(80);
    }

    @Test
    void theSharedFutureOfAnAcceptedEnqueueCannotBeOverwrittenAndOneCallerCannotChangeAnothersView() {
        OperationQueue queue = OperationQueue.builder().name("shared").executor(NEVER_RUNS).build();
        CompletableFuture<Void> mine = queue.enqueue(() -> CompletableFuture.completedFuture(null));
        CompletableFuture<Void> theirs = queue.enqueue(() -> CompletableFuture.completedFuture(null));

        assertThatExceptionOfType(UnsupportedOperationException.class)
            .isThrownBy(() -> mine.obtrudeException(new IllegalStateException("expected by the test")))
            .withMessageContaining("copy()");
        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> mine.obtrudeValue(null));
        assertThat(mine.completeExceptionally(new IllegalStateException("expected by the test"))).isFalse();
        assertThat(mine.cancel(true)).isFalse();
        mine.orTimeout(1, TimeUnit.NANOSECONDS);

        assertThat(theirs.isDone()).isTrue();
        assertThat(theirs.isCompletedExceptionally()).isFalse();
        assertThat(theirs.join()).isNull();
        CompletableFuture<String> dependent = theirs.thenApply((ignored) -> "next");
        assertThat(dependent.getClass()).as("dependents are the caller's own plain futures")
            .isEqualTo(CompletableFuture.class);
        assertThat(dependent.complete("mine")).isFalse();
        CompletableFuture<Void> copy = theirs.copy();
        copy.obtrudeException(new IllegalStateException("expected by the test"));
        assertThat(theirs.isCompletedExceptionally()).isFalse();
    }

    @Test
    void aSubmitsFutureIsTheCallersOwnAndItsDependentsArePlainFutures() {
        OperationQueue queue = OperationQueue.builder().name("submitted").executor(Runnable::run).build();
        CompletableFuture<String> first = queue.submit(() -> CompletableFuture.completedFuture("first"));
        CompletableFuture<String> second = queue.submit(() -> CompletableFuture.completedFuture("second"));
        assertThat(first).isNotSameAs(second);
        first.obtrudeValue("overwritten by its caller");
        queue.start(1);

        assertThat(first.join()).isEqualTo("overwritten by its caller");
        assertThat(second.join()).isEqualTo("second");
        assertThat(second.thenApply(String::length).getClass()).isEqualTo(CompletableFuture.class);
        assertThat(queue.stats().completed()).isEqualTo(2);
    }

    /**
     * A submit's future is its queue entry; once settled it must not keep the caller's operation (and
     * what that captured) alive for as long as the caller keeps the future, as a {@code FutureTask}
     * drops its callable when it is done.
     */
    @Test
    @Timeout(30)
    void aSettledSubmitsFutureNoLongerHoldsItsOperationOrTheDecoratedOne() {
        OperationQueue queue = OperationQueue.builder()
            .name("settled")
            .executor(Runnable::run)
            .decorator((operation) -> operation::perform)
            .build();
        queue.start(1);
        List<WeakReference<Object>> capturedByTheOperation = new ArrayList<>();
        CompletableFuture<String> kept = submitCapturingAnObject(queue, capturedByTheOperation);
        assertThat(kept.join()).isEqualTo("Object");

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            return capturedByTheOperation.get(0).get() == null;
        });
        assertThat(kept).isCompletedWithValue("Object");
    }

    /** Submits an operation that alone holds an object, which {@code captured} then refers to weakly. */
    private static CompletableFuture<String> submitCapturingAnObject(OperationQueue queue,
            List<WeakReference<Object>> captured) {
        Object held = new Object();
        captured.add(new WeakReference<>(held));
        return queue.submit(() -> CompletableFuture.completedFuture(held.getClass().getSimpleName()));
    }

    private static double bytesPerCall(IntConsumer calls) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeThat(threads).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean counting = (com.sun.management.ThreadMXBean) threads;
        assumeThat(counting.isThreadAllocatedMemorySupported() && counting.isThreadAllocatedMemoryEnabled())
            .as("this JVM counts the bytes each thread allocates").isTrue();
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long before = counting.getCurrentThreadAllocatedBytes();
            calls.accept(OPERATIONS);
            fewest = Math.min(fewest, counting.getCurrentThreadAllocatedBytes() - before);
        }
        return (double) fewest / OPERATIONS;
    }
}
