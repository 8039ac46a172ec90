package io.github.operationqueue.autoconfigure.integration;

import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineCoordinator;
import io.github.operationqueue.line.LineLease;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.integration.support.locks.RenewableLockRegistry;

/**
 * A {@link LineCoordinator} backed by a lock of a Spring Integration {@link LockRegistry}
 * ({@code JdbcLockRegistry}, {@code RedisLockRegistry}, ZooKeeper, Hazelcast): the lock protocol is
 * the registry's, this class only drives it for one {@link Line}.
 *
 * <dl>
 * <dt>Lock key</dt>
 * <dd>{@code operation-queue.line.<line name>} unless {@link Builder#lockKey(String)} says
 * otherwise. Every instance that shares the line must use the same key and a registry on the same
 * store (and region, for JDBC).</dd>
 * <dt>Threads</dt>
 * <dd>Registry locks belong to the thread that took them (the JDBC and Redis locks hold a local
 * {@code ReentrantLock}), so every call on the lock (try, renew, unlock, and the probes while another
 * instance holds it) runs on one thread per coordinator, {@code line-lock-<name>}. Answers are
 * handed to the line on another thread of the coordinator ({@code line-lock-<name>-callback}), where
 * the line may run a {@code coalesce} handler; no method of this class blocks its caller.</dd>
 * <dt>Bounds</dt>
 * <dd>Each registry call must answer within {@link Builder#acquireTimeout(Duration)} (default 5 s),
 * or the acquisition, probe or release that waits for it fails with a {@code TimeoutException};
 * a registry call can outlast that (the JDBC registry retries transient errors without end), and a
 * lock it obtains too late is unlocked at once.</dd>
 * <dt>Holding</dt>
 * <dd>While the line's token is held, a {@link RenewableLockRegistry} lock is renewed every
 * {@link Builder#renewEvery(Duration)} (default 1 s; keep it well below the registry's time to live),
 * so a live holder keeps its lock however long it works and a dead one loses it after the time to live.
 * A renewal the registry refuses, or an unlock that finds the lock expired, is reported as a lost
 * lease (the line logs it and tells its listeners); a renewal that fails for another reason (the store
 * is unreachable) is logged and tried again.</dd>
 * <dt>Waiting for another instance</dt>
 * <dd>The coordinator probes the lock: takes it if it is free and gives it back at once. By default it
 * probes with {@code tryLock()} and backs off between probes from 20 ms to
 * {@link Builder#maxPollInterval(Duration)} (default 500 ms). With {@link Builder#waitInRegistry(boolean)}
 * each probe is a {@code tryLock(maxPollInterval)} instead, which returns as soon as the registry
 * sees the release: use it with a registry that is notified of releases ({@code RedisLockRegistry}
 * with {@code PUB_SUB_LOCK}). A probe that fails (store unreachable, timeout) fails the wait.</dd>
 * </dl>
 *
 * <p>{@link #close()} gives a held lock back, fails pending answers and stops the threads; the
 * starter calls it when the application context closes, before the registry is destroyed.
 */
public final class LockRegistryLineCoordinator implements LineCoordinator, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(LockRegistryLineCoordinator.class);

    /** Prefix of the default lock key; the line's name follows. */
    public static final String DEFAULT_LOCK_KEY_PREFIX = "operation-queue.line.";

    private static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(20);

    private final String lineName;

    private final LockRegistry<?> registry;

    private final String lockKey;

    private final Duration acquireTimeout;

    private final @Nullable Duration renewEvery;

    private final Duration maxPollInterval;

    private final boolean waitInRegistry;

    /** Every call on the registry's lock runs here: the lock belongs to the thread that took it. */
    private final ScheduledExecutorService lockThread;

    /** Completes the futures handed to the line, so that its code never runs on the lock thread. */
    private final ExecutorService callbacks;

    /** Futures handed out and not complete yet; failed by close(). */
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

    private volatile @Nullable RegistryLease held;

    private LockRegistryLineCoordinator(Builder builder) {
        this.lineName = builder.lineName;
        this.registry = builder.registry;
        this.lockKey = (builder.lockKey != null) ? builder.lockKey : DEFAULT_LOCK_KEY_PREFIX + builder.lineName;
        this.acquireTimeout = builder.acquireTimeout;
        this.renewEvery = (builder.registry instanceof RenewableLockRegistry<?>) ? builder.renewEvery : null;
        this.maxPollInterval = builder.maxPollInterval;
        this.waitInRegistry = builder.waitInRegistry;
        ScheduledThreadPoolExecutor lockExecutor = new ScheduledThreadPoolExecutor(1,
                threads("line-lock-" + builder.lineName));
        lockExecutor.setRemoveOnCancelPolicy(true);
        this.lockThread = lockExecutor;
        this.callbacks = Executors.newCachedThreadPool(threads("line-lock-" + builder.lineName + "-callback"));
    }

    /**
     * Starts a coordinator for the line {@code lineName} on a lock of {@code registry}.
     *
     * @param registry the registry whose lock the line holds
     * @param lineName the line's name, which the default lock key is derived from
     * @return a builder with every default
     */
    public static Builder builder(LockRegistry<?> registry, String lineName) {
        return new Builder(registry, lineName);
    }

    /**
     * Returns the key of the registry lock this coordinator uses.
     *
     * @return the lock key
     */
    public String lockKey() {
        return this.lockKey;
    }

    @Override
    public Duration acquireTimeout() {
        return this.acquireTimeout;
    }

    @Override
    public CompletableFuture<LineLease> tryAcquire() {
        CompletableFuture<LineLease> answer = track(new CompletableFuture<>());
        runOnLockThread(answer, () -> {
            if (answer.isDone()) {
                return; // the line stopped waiting before this call's turn came
            }
            Lock lock = this.registry.obtain(this.lockKey);
            if (!lock.tryLock()) {
                answer(answer, null);
                return;
            }
            RegistryLease lease = new RegistryLease(lock);
            answerLater(() -> {
                // Held and renewing before the line hears of it: completing the answer may run code that
                // gives the lease back at once, and a renewal started after that would outlive the lock.
                this.held = lease;
                lease.startRenewing();
                if (!answer.complete(lease)) {
                    logger.debug("{}: lock obtained after the line stopped waiting; giving it back", this.lineName);
                    lease.release();
                }
            }, lease::release);
        });
        return answer;
    }

    @Override
    public CompletableFuture<Void> awaitRelease() {
        CompletableFuture<Void> released = track(new CompletableFuture<>());
        probe(released, MIN_POLL_INTERVAL);
        return released;
    }

    /**
     * Gives a held lock back (within the acquire timeout), fails every pending answer with an
     * {@link IllegalStateException}, and stops this coordinator's threads. Idempotent.
     */
    @Override
    public void close() {
        RegistryLease lease = this.held;
        if (lease != null && !this.lockThread.isShutdown()) {
            try {
                lease.release().get(this.acquireTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            catch (Exception ex) {
                logger.warn("{}: could not give the lock '{}' back on close; it expires after the registry's time "
                        + "to live: {}", this.lineName, this.lockKey, ex.toString());
            }
        }
        this.lockThread.shutdownNow();
        IllegalStateException closed = new IllegalStateException(
                "The lock coordinator of line '" + this.lineName + "' was closed");
        for (CompletableFuture<?> future : this.pending) {
            future.completeExceptionally(closed);
        }
        this.callbacks.shutdown();
    }

    @Override
    public String toString() {
        return "LockRegistryLineCoordinator[line=" + this.lineName + ", lockKey=" + this.lockKey + ", registry="
                + this.registry + "]";
    }

    /** Probes the lock after {@code delay}; completes {@code released} when it is free, else probes again later. */
    private void probe(CompletableFuture<Void> released, Duration delay) {
        if (released.isDone()) {
            return;
        }
        CompletableFuture<Boolean> free = new CompletableFuture<>();
        Duration bound = this.waitInRegistry ? this.acquireTimeout.plus(this.maxPollInterval) : this.acquireTimeout;
        free.orTimeout(delay.plus(bound).toMillis(), TimeUnit.MILLISECONDS);
        try {
            this.lockThread.schedule(() -> {
                if (released.isDone() || free.isDone()) {
                    return;
                }
                try {
                    Lock lock = this.registry.obtain(this.lockKey);
                    boolean taken = this.waitInRegistry
                            ? lock.tryLock(this.maxPollInterval.toMillis(), TimeUnit.MILLISECONDS) : lock.tryLock();
                    if (taken) {
                        lock.unlock();
                    }
                    free.complete(taken);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    free.completeExceptionally(ex);
                }
                catch (RuntimeException ex) {
                    free.completeExceptionally(ex);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException ex) {
            free.completeExceptionally(closedException(ex));
        }
        free.whenComplete((taken, failure) -> {
            if (failure != null) {
                answerLater(() -> released.completeExceptionally(failure), () -> { });
            }
            else if (taken) {
                answerLater(() -> released.complete(null), () -> { });
            }
            else {
                Duration next = delay.multipliedBy(2);
                probe(released, (next.compareTo(this.maxPollInterval) > 0) ? this.maxPollInterval : next);
            }
        });
    }

    private <T> CompletableFuture<T> track(CompletableFuture<T> future) {
        this.pending.add(future);
        future.whenComplete((ignored, failure) -> this.pending.remove(future));
        return future;
    }

    /** Runs {@code work} on the lock thread; a failure of it, or a rejection, fails {@code answer}. */
    private void runOnLockThread(CompletableFuture<?> answer, Runnable work) {
        try {
            this.lockThread.execute(() -> {
                try {
                    work.run();
                }
                catch (RuntimeException ex) {
                    answerLater(() -> answer.completeExceptionally(ex), () -> { });
                }
            });
        }
        catch (RejectedExecutionException ex) {
            answer.completeExceptionally(closedException(ex));
        }
    }

    private <T> void answer(CompletableFuture<T> answer, @Nullable T value) {
        answerLater(() -> answer.complete(value), () -> { });
    }

    /** Runs {@code completion} on a callback thread; runs {@code ifClosed} instead once this coordinator is closed. */
    private void answerLater(Runnable completion, Runnable ifClosed) {
        try {
            this.callbacks.execute(completion);
        }
        catch (RejectedExecutionException ex) {
            ifClosed.run();
        }
    }

    private IllegalStateException closedException(Exception cause) {
        return new IllegalStateException("The lock coordinator of line '" + this.lineName + "' was closed", cause);
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return (task) -> {
            Thread thread = new Thread(task, (count.getAndIncrement() == 0) ? name : name + "-" + count.get());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The registry lock held for the line's current token; renewed while held. */
    private final class RegistryLease implements LineLease {

        private final Lock lock;

        private final CompletableFuture<Exception> lost = new CompletableFuture<>();

        /** Written and read on the lock thread only. */
        private @Nullable ScheduledFuture<?> renewal;

        /** Written and read on the lock thread only. */
        private boolean renewalFailing;

        RegistryLease(Lock lock) {
            this.lock = lock;
        }

        void startRenewing() {
            Duration every = LockRegistryLineCoordinator.this.renewEvery;
            if (every == null) {
                return;
            }
            try {
                LockRegistryLineCoordinator.this.lockThread.execute(() -> {
                    if (LockRegistryLineCoordinator.this.held == this) {
                        this.renewal = LockRegistryLineCoordinator.this.lockThread.scheduleWithFixedDelay(this::renew,
                                every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
                    }
                });
            }
            catch (RejectedExecutionException ex) {
                // Closed meanwhile: close() gives the lock back.
            }
        }

        /** On the lock thread. */
        private void renew() {
            try {
                ((RenewableLockRegistry<?>) LockRegistryLineCoordinator.this.registry)
                    .renewLock(LockRegistryLineCoordinator.this.lockKey);
                if (this.renewalFailing) {
                    logger.info("{}: renewing the lock '{}' works again", LockRegistryLineCoordinator.this.lineName,
                            LockRegistryLineCoordinator.this.lockKey);
                    this.renewalFailing = false;
                }
            }
            catch (RuntimeException ex) {
                if (isRefusedRenewal(ex)) {
                    stopRenewing();
                    this.lost.complete(ex);
                    return;
                }
                if (!this.renewalFailing) {
                    logger.warn("{}: could not renew the lock '{}'; trying again, it expires after the registry's time "
                            + "to live otherwise: {}", LockRegistryLineCoordinator.this.lineName,
                            LockRegistryLineCoordinator.this.lockKey, ex.toString());
                    this.renewalFailing = true;
                }
            }
        }

        /**
         * Whether the registry refused to renew because the lock is not this process's any more: the JDBC
         * and Redis registries say so with an IllegalStateException "Could not renew ...", whereas a store
         * that cannot be reached fails with another exception (a DataAccessException, or an
         * IllegalStateException of a stopped connection factory).
         */
        private static boolean isRefusedRenewal(RuntimeException ex) {
            return ex instanceof IllegalStateException && ex.getMessage() != null
                    && ex.getMessage().startsWith("Could not renew");
        }

        private void stopRenewing() {
            if (this.renewal != null) {
                this.renewal.cancel(false);
                this.renewal = null;
            }
        }

        @Override
        public CompletableFuture<Void> release() {
            CompletableFuture<Void> released = new CompletableFuture<>();
            released.orTimeout(LockRegistryLineCoordinator.this.acquireTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (LockRegistryLineCoordinator.this.held == this) {
                LockRegistryLineCoordinator.this.held = null;
            }
            runOnLockThread(released, () -> {
                stopRenewing();
                try {
                    this.lock.unlock();
                    released.complete(null);
                }
                catch (ConcurrentModificationException | IllegalStateException ex) {
                    // The registry found the lock expired (or taken) in its store.
                    this.lost.complete(ex);
                    released.complete(null);
                }
            });
            return released;
        }

        @Override
        public CompletableFuture<Exception> lost() {
            return this.lost;
        }

    }

    /**
     * Settings of a {@link LockRegistryLineCoordinator}.
     */
    public static final class Builder {

        private final LockRegistry<?> registry;

        private final String lineName;

        private @Nullable String lockKey;

        private Duration acquireTimeout = Duration.ofSeconds(5);

        private Duration renewEvery = Duration.ofSeconds(1);

        private Duration maxPollInterval = Duration.ofMillis(500);

        private boolean waitInRegistry;

        private Builder(LockRegistry<?> registry, String lineName) {
            this.registry = Objects.requireNonNull(registry, "registry must not be null");
            this.lineName = Objects.requireNonNull(lineName, "lineName must not be null");
        }

        /**
         * Sets the registry lock key; default {@code operation-queue.line.<line name>}.
         *
         * @param lockKey the key, the same in every instance
         * @return this builder
         */
        public Builder lockKey(String lockKey) {
            this.lockKey = Objects.requireNonNull(lockKey, "lockKey must not be null");
            return this;
        }

        /**
         * Sets how long one registry call may take before the line stops waiting for it; default 5 s.
         *
         * @param acquireTimeout a positive duration
         * @return this builder
         */
        public Builder acquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = positive(acquireTimeout, "acquireTimeout");
            return this;
        }

        /**
         * Sets how often a held lock of a {@link RenewableLockRegistry} is renewed; default 1 s. Keep it
         * well below the registry's time to live.
         *
         * @param renewEvery a positive duration
         * @return this builder
         */
        public Builder renewEvery(Duration renewEvery) {
            this.renewEvery = positive(renewEvery, "renewEvery");
            return this;
        }

        /**
         * Sets the longest pause between two probes while another instance holds the lock; default
         * 500 ms.
         *
         * @param maxPollInterval a positive duration
         * @return this builder
         */
        public Builder maxPollInterval(Duration maxPollInterval) {
            this.maxPollInterval = positive(maxPollInterval, "maxPollInterval");
            return this;
        }

        /**
         * Sets whether probes let the registry wait for the release ({@code tryLock} with a timeout),
         * which suits registries notified of releases; default {@code false} (poll with back-off).
         *
         * @param waitInRegistry whether to wait inside the registry
         * @return this builder
         */
        public Builder waitInRegistry(boolean waitInRegistry) {
            this.waitInRegistry = waitInRegistry;
            return this;
        }

        /**
         * Creates the coordinator, with its two threads.
         *
         * @return the coordinator; close it when the line is no longer used
         */
        public LockRegistryLineCoordinator build() {
            return new LockRegistryLineCoordinator(this);
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name + " must not be null");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, but was " + duration);
            }
            return duration;
        }

    }

}
