package io.github.operationqueue.line;

import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lock store in memory that several "processes" share, each through its own
 * {@link LineCoordinator}: the simplest real implementation of the SPI, for the core's tests.
 *
 * <p>The store answers on its own threads, never on the caller's. A test can hold its answers back
 * ({@link #holdAnswers()}), make it fail ({@link #failWith}), expire the current holder's lock
 * ({@link #expire()}), and count the questions it was asked.
 */
final class SharedLockStore implements AutoCloseable {

    private final ExecutorService answers = Executors.newCachedThreadPool((task) -> {
        Thread thread = new Thread(task, "shared-lock-store");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicInteger attempts = new AtomicInteger();

    // guarded by this
    private String owner;

    // guarded by this
    private long holdId;

    // guarded by this
    private final List<CompletableFuture<Void>> releaseWaiters = new ArrayList<>();

    /** Answers wait for this; complete by default. */
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    private volatile RuntimeException failure;

    LineCoordinator coordinator(String process, Duration acquireTimeout) {
        return new Coordinator(process, acquireTimeout);
    }

    /** Holds every answer back until the returned future is completed. */
    CompletableFuture<Void> holdAnswers() {
        CompletableFuture<Void> held = new CompletableFuture<>();
        this.gate = held;
        return held;
    }

    /** Makes every later question fail with {@code failure}; {@code null} heals the store. */
    void failWith(RuntimeException failure) {
        this.failure = failure;
        List<CompletableFuture<Void>> waiting;
        synchronized (this) {
            waiting = (failure != null) ? List.copyOf(this.releaseWaiters) : List.of();
            this.releaseWaiters.removeAll(waiting);
        }
        waiting.forEach((waiter) -> this.answers.execute(() -> waiter.completeExceptionally(failure)));
    }

    /** Drops the current hold as a time to live would; its lease finds out when it is released. */
    void expire() {
        freeAndNotify(null, -1);
    }

    int attempts() {
        return this.attempts.get();
    }

    synchronized String owner() {
        return this.owner;
    }

    @Override
    public void close() throws InterruptedException {
        this.answers.shutdownNow();
        this.answers.awaitTermination(5, TimeUnit.SECONDS);
    }

    private boolean freeAndNotify(String process, long id) {
        List<CompletableFuture<Void>> waiting;
        synchronized (this) {
            if (process != null && (!process.equals(this.owner) || this.holdId != id)) {
                return false;
            }
            this.owner = null;
            waiting = List.copyOf(this.releaseWaiters);
            this.releaseWaiters.clear();
        }
        waiting.forEach((waiter) -> this.answers.execute(() -> waiter.complete(null)));
        return true;
    }

    private final class Coordinator implements LineCoordinator {

        private final String process;

        private final Duration acquireTimeout;

        Coordinator(String process, Duration acquireTimeout) {
            this.process = process;
            this.acquireTimeout = acquireTimeout;
        }

        @Override
        public CompletableFuture<LineLease> tryAcquire() {
            CompletableFuture<LineLease> answer = new CompletableFuture<>();
            SharedLockStore.this.gate.thenRunAsync(() -> {
                SharedLockStore.this.attempts.incrementAndGet();
                RuntimeException failing = SharedLockStore.this.failure;
                if (failing != null) {
                    answer.completeExceptionally(failing);
                    return;
                }
                Lease lease = null;
                synchronized (SharedLockStore.this) {
                    if (SharedLockStore.this.owner == null) {
                        SharedLockStore.this.owner = this.process;
                        lease = new Lease(this.process, ++SharedLockStore.this.holdId);
                    }
                }
                if (!answer.complete(lease) && lease != null) {
                    // Too late: the line gave up on this answer, so the lock must go back.
                    lease.release();
                }
            }, SharedLockStore.this.answers);
            return answer;
        }

        @Override
        public CompletableFuture<Void> awaitRelease() {
            CompletableFuture<Void> released = new CompletableFuture<>();
            RuntimeException failing = SharedLockStore.this.failure;
            if (failing != null) {
                SharedLockStore.this.answers.execute(() -> released.completeExceptionally(failing));
                return released;
            }
            synchronized (SharedLockStore.this) {
                if (SharedLockStore.this.owner != null) {
                    SharedLockStore.this.releaseWaiters.add(released);
                    return released;
                }
            }
            SharedLockStore.this.answers.execute(() -> released.complete(null));
            return released;
        }

        @Override
        public Duration acquireTimeout() {
            return this.acquireTimeout;
        }

    }

    private final class Lease implements LineLease {

        private final String process;

        private final long id;

        private final CompletableFuture<Exception> lost = new CompletableFuture<>();

        Lease(String process, long id) {
            this.process = process;
            this.id = id;
        }

        @Override
        public CompletableFuture<Void> release() {
            return CompletableFuture.runAsync(() -> {
                if (!freeAndNotify(this.process, this.id)) {
                    this.lost.complete(new ConcurrentModificationException("the lock of " + this.process
                            + " had expired before it was released"));
                }
            }, SharedLockStore.this.answers);
        }

        @Override
        public CompletableFuture<Exception> lost() {
            return this.lost;
        }

    }

}
