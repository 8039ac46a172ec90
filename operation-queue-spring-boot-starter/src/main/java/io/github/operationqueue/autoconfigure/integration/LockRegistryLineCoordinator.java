package io.github.operationqueue.autoconfigure.integration;

import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

import io.github.operationqueue.line.Line;
import io.github.operationqueue.line.LineCoordinator;
import io.github.operationqueue.line.LineLease;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.support.locks.DistributedLock;
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
 * {@code ReentrantLock}, and the JDBC lock renews only on that thread). So each acquisition runs on
 * a thread of its own, {@code line-lock-<name>-<n>}; if it takes the lock, that thread stays with the
 * lease and does its renewals and its unlock, and nothing else. Each wait for another instance probes
 * on another thread of its own. A registry call that never returns (the JDBC registry retries
 * transient errors without end) thus holds one thread and delays nothing else: not a renewal, not
 * the next acquisition, not {@link #close()}. The schedule (renewals, probes, the lease deadline)
 * runs on {@code line-lock-<name>-timer}, which never calls the registry, and answers are handed to
 * the line on {@code line-lock-<name>-callback}, where the line may run a {@code coalesce} handler;
 * no method of this class blocks its caller.</dd>
 * <dt>Bounds</dt>
 * <dd>Each registry call must answer within {@link Builder#acquireTimeout(Duration)} (default 5 s),
 * or the acquisition, probe or release that waits for it fails with a {@code TimeoutException}; a
 * lock obtained too late is unlocked at once. While three registry calls
 * of this coordinator have not returned, it starts no other and fails the attempt at once.</dd>
 * <dt>Holding</dt>
 * <dd>While the line's token is held, a {@link RenewableLockRegistry} lock is renewed every
 * {@link Builder#renewEvery(Duration)}: by default a third of the registry's time to live (read from
 * a {@code JdbcLockRegistry} or {@code RedisLockRegistry}, or set with
 * {@link Builder#timeToLive(Duration)}), else 1 s. The coordinator keeps a <b>local deadline</b>: the
 * start of the last successful renewal (or of the acquisition) plus the time to live, less a safety
 * margin of a fifth of it. Another instance can take the lock only once the store's time to live has
 * run out, which is after that deadline; when the deadline passes without a successful renewal (the
 * store is out of reach, a renewal hangs, the process was paused) the lease is reported lost at once:
 * the line logs a WARN, tells its listeners ({@code leaseLost}), counts
 * {@code operation.queue.line.leases.lost} and marks the token ({@code Token.isLeaseLost()}). A
 * renewal the registry refuses, or an unlock that finds the lock expired, is reported the same way.
 * The instances' clocks must agree to within the safety margin (the JDBC registry writes expiry times
 * from the client's clock).</dd>
 * <dt>Waiting for another instance</dt>
 * <dd>The coordinator probes the lock: takes it if it is free and gives it back at once. By default it
 * probes with {@code tryLock()} and backs off between probes from 20 ms to
 * {@link Builder#maxPollInterval(Duration)} (default 500 ms). With {@link Builder#waitInRegistry(boolean)}
 * each probe is a {@code tryLock(maxPollInterval)} instead, which returns as soon as the registry
 * sees the release: use it with a registry that is notified of releases ({@code RedisLockRegistry}
 * with {@code PUB_SUB_LOCK}). A probe that fails (store unreachable, timeout) fails the wait.</dd>
 * </dl>
 *
 * <p>{@link #close()} gives a held lock back, waiting at most the acquire timeout for the registry,
 * fails every pending answer and every later call with an {@link IllegalStateException}, and stops the
 * threads; the starter calls it when the application context closes, before the registry is
 * destroyed.
 */
public final class LockRegistryLineCoordinator implements LineCoordinator, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(LockRegistryLineCoordinator.class);

    /** Prefix of the default lock key; the line's name follows. */
    public static final String DEFAULT_LOCK_KEY_PREFIX = "operation-queue.line.";

    /** Registry calls that may be under way at once; more means the earlier ones hang. */
    static final int MAX_CALLS_IN_PROGRESS = 3;

    private static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(20);

    private static final Duration DEFAULT_RENEWAL = Duration.ofSeconds(1);

    private final String lineName;

    private final LockRegistry<?> registry;

    private final String lockKey;

    private final Duration acquireTimeout;

    private final @Nullable Duration timeToLive;

    private final @Nullable Duration renewEvery;

    private final Duration maxPollInterval;

    private final boolean waitInRegistry;

    /** Schedules renewals, probes and deadline checks; never calls the registry itself. */
    private final ScheduledThreadPoolExecutor timer;

    /** Completes the futures handed to the line, so that its code never runs on a lock thread. */
    private final ExecutorService callbacks;

    private final ThreadFactory lockThreads;

    /** Threads that may still run a registry call, until they have terminated; interrupted by close(). */
    private final Set<ExecutorService> lockThreadsAlive = ConcurrentHashMap.newKeySet();

    private final AtomicInteger callsInProgress = new AtomicInteger();

    /** Futures handed out and not complete yet; failed by close(). */
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;

    private volatile @Nullable RegistryLease held;

    /**
     * The release of the last lease, bounded by the acquire timeout. The next acquisition waits for it:
     * until its unlock has run, the registry's local lock belongs to the lease's thread, and a try from
     * another thread would find this very process holding the lock.
     */
    private volatile CompletableFuture<Void> lastRelease = CompletableFuture.completedFuture(null);

    private LockRegistryLineCoordinator(Builder builder, @Nullable Duration timeToLive, @Nullable Duration renewEvery) {
        this.lineName = builder.lineName;
        this.registry = builder.registry;
        this.lockKey = (builder.lockKey != null) ? builder.lockKey : DEFAULT_LOCK_KEY_PREFIX + builder.lineName;
        this.acquireTimeout = builder.acquireTimeout;
        this.timeToLive = timeToLive;
        this.renewEvery = renewEvery;
        this.maxPollInterval = builder.maxPollInterval;
        this.waitInRegistry = builder.waitInRegistry;
        this.timer = new ScheduledThreadPoolExecutor(1, threads("line-lock-" + builder.lineName + "-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.callbacks = Executors.newCachedThreadPool(threads("line-lock-" + builder.lineName + "-callback"));
        this.lockThreads = threads("line-lock-" + builder.lineName + "-call");
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

    /**
     * Returns the time to live of the lock in its store, as set or read from the registry.
     *
     * @return the time to live, or {@code null} if it is not known (then there is no local deadline)
     */
    public @Nullable Duration timeToLive() {
        return this.timeToLive;
    }

    /**
     * Returns how often a held lock is renewed.
     *
     * @return the renewal period, or {@code null} if the registry cannot renew its locks
     */
    public @Nullable Duration renewEvery() {
        return this.renewEvery;
    }

    /**
     * Returns the longest pause between two probes while another instance holds the lock.
     *
     * @return the interval
     */
    public Duration maxPollInterval() {
        return this.maxPollInterval;
    }

    @Override
    public CompletableFuture<LineLease> tryAcquire() {
        CompletableFuture<LineLease> answer = track(new CompletableFuture<>());
        if (answer.isDone() || refusedForHangingCalls(answer)) {
            return answer;
        }
        ExecutorService thread = newLockThread();
        this.lastRelease.handle((ignored, failure) -> null).thenRun(() -> callOn(thread, answer, () -> {
            // The thread stays only with a lease it took; every other way out lets it end.
            boolean keptForLease = false;
            try {
                if (answer.isDone()) {
                    return; // the line stopped waiting before this call's turn came
                }
                long askedAt = System.nanoTime();
                Lock lock = this.registry.obtain(this.lockKey);
                if (!tryLock(lock, Duration.ZERO)) {
                    answer(answer, null);
                    return;
                }
                if (answer.isDone()) {
                    logger.debug("{}: lock obtained after the line stopped waiting; giving it back", this.lineName);
                    unlockQuietly(lock);
                    return;
                }
                RegistryLease lease = new RegistryLease(lock, thread, askedAt);
                keptForLease = true;
                answerLater(() -> {
                    // Held and renewing before the line hears of it: completing the answer may run code that
                    // gives the lease back at once, and a renewal started after that would outlive the lock.
                    this.held = lease;
                    lease.startRenewing();
                    if (!answer.complete(lease)) {
                        logger.debug("{}: lock obtained after the line stopped waiting; giving it back",
                                this.lineName);
                        lease.release();
                    }
                }, lease::release);
            }
            finally {
                if (!keptForLease) {
                    retire(thread);
                }
            }
        }));
        return answer;
    }

    @Override
    public CompletableFuture<Void> awaitRelease() {
        CompletableFuture<Void> released = track(new CompletableFuture<>());
        if (released.isDone()) {
            return released;
        }
        ExecutorService thread = newLockThread();
        released.whenComplete((ignored, failure) -> retire(thread));
        probe(released, thread, MIN_POLL_INTERVAL);
        return released;
    }

    /**
     * Gives a held lock back, waiting at most the acquire timeout for the registry whatever it does,
     * fails every pending answer (and every later call) with an {@link IllegalStateException}, and stops
     * this coordinator's threads. Idempotent.
     */
    @Override
    public void close() {
        this.closed = true;
        RegistryLease lease = this.held;
        if (lease != null) {
            try {
                lease.release().get(this.acquireTimeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            catch (Exception ex) {
                logger.warn("{}: could not give the lock '{}' back on close; it expires after the registry's time "
                        + "to live: {}", this.lineName, this.lockKey, ex.toString());
            }
        }
        this.timer.shutdownNow();
        IllegalStateException closing = closedException(null);
        for (CompletableFuture<?> future : this.pending) {
            future.completeExceptionally(closing);
        }
        this.lockThreadsAlive.forEach(ExecutorService::shutdownNow);
        this.callbacks.shutdown();
    }

    @Override
    public String toString() {
        return "LockRegistryLineCoordinator[line=" + this.lineName + ", lockKey=" + this.lockKey + ", timeToLive="
                + this.timeToLive + ", renewEvery=" + this.renewEvery + ", registry=" + this.registry + "]";
    }

    /** Probes the lock after {@code delay} on {@code thread}; completes {@code released} when it is free, else probes again later. */
    private void probe(CompletableFuture<Void> released, ExecutorService thread, Duration delay) {
        if (released.isDone()) {
            return;
        }
        CompletableFuture<Boolean> free = new CompletableFuture<>();
        Duration bound = this.waitInRegistry ? this.acquireTimeout.plus(this.maxPollInterval) : this.acquireTimeout;
        free.orTimeout(delay.plus(bound).toNanos(), TimeUnit.NANOSECONDS);
        try {
            this.timer.schedule(() -> {
                if (!refusedForHangingCalls(free)) {
                    callOn(thread, free, () -> {
                        if (released.isDone() || free.isDone()) {
                            return;
                        }
                        Lock lock = this.registry.obtain(this.lockKey);
                        boolean taken = tryLock(lock, this.waitInRegistry ? this.maxPollInterval : Duration.ZERO);
                        if (taken) {
                            lock.unlock();
                        }
                        free.complete(taken);
                    });
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException ex) {
            free.completeExceptionally(closedException(ex));
        }
        free.whenComplete((taken, failure) -> {
            if (failure != null) {
                fail(released, failure);
            }
            else if (taken) {
                answer(released, null);
            }
            else {
                Duration next = delay.multipliedBy(2);
                probe(released, thread, (next.compareTo(this.maxPollInterval) > 0) ? this.maxPollInterval : next);
            }
        });
    }

    /** Tries the lock, with this coordinator's time to live where the lock takes one. */
    private boolean tryLock(Lock lock, Duration wait) {
        try {
            if (this.timeToLive != null && lock instanceof DistributedLock distributed) {
                return distributed.tryLock(wait, this.timeToLive);
            }
            return wait.isZero() ? lock.tryLock() : lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying the lock '" + this.lockKey + "'", ex);
        }
    }

    private void unlockQuietly(Lock lock) {
        try {
            lock.unlock();
        }
        catch (RuntimeException ex) {
            logger.debug("{}: unlock of a lock obtained too late failed: {}", this.lineName, ex.toString());
        }
    }

    private <T> CompletableFuture<T> track(CompletableFuture<T> future) {
        this.pending.add(future);
        future.whenComplete((ignored, failure) -> this.pending.remove(future));
        // After the add: a close() that ran before it has set `closed`, one that runs after it sees the future.
        if (this.closed) {
            future.completeExceptionally(closedException(null));
        }
        return future;
    }

    /** Fails {@code answer} at once, and says so, while earlier registry calls still hang. */
    private boolean refusedForHangingCalls(CompletableFuture<?> answer) {
        int inProgress = this.callsInProgress.get();
        if (inProgress < MAX_CALLS_IN_PROGRESS) {
            return false;
        }
        answer.completeExceptionally(new IllegalStateException(this.lineName + ": " + inProgress
                + " calls to the lock registry have not returned (its store does not answer); no other call is "
                + "started until one of them returns"));
        return true;
    }

    private ExecutorService newLockThread() {
        ExecutorService thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.NANOSECONDS, new LinkedBlockingQueue<>(),
                this.lockThreads) {
            @Override
            protected void terminated() {
                // Only now: a retired thread whose registry call still hangs must stay where close() finds it.
                LockRegistryLineCoordinator.this.lockThreadsAlive.remove(this);
            }
        };
        this.lockThreadsAlive.add(thread);
        return thread;
    }

    /** Lets {@code thread} end once its current call, if any, has returned; close() interrupts it until then. */
    private void retire(ExecutorService thread) {
        thread.shutdown();
    }

    /** Runs a registry call on {@code thread}; a failure of it, or a rejection, fails {@code answer}. */
    private void callOn(ExecutorService thread, CompletableFuture<?> answer, Runnable call) {
        try {
            thread.execute(() -> {
                this.callsInProgress.incrementAndGet();
                try {
                    call.run();
                }
                catch (RuntimeException ex) {
                    fail(answer, ex);
                }
                finally {
                    this.callsInProgress.decrementAndGet();
                }
            });
        }
        catch (RejectedExecutionException ex) {
            answer.completeExceptionally(closedException(ex));
        }
    }

    private <T> void answer(CompletableFuture<T> answer, @Nullable T value) {
        answerLater(() -> answer.complete(value), () -> answer.completeExceptionally(closedException(null)));
    }

    private void fail(CompletableFuture<?> answer, Throwable failure) {
        answerLater(() -> answer.completeExceptionally(failure), () -> answer.completeExceptionally(failure));
    }

    /** Runs {@code completion} on a callback thread; runs {@code ifClosed} here instead once this coordinator is closed. */
    private void answerLater(Runnable completion, Runnable ifClosed) {
        try {
            this.callbacks.execute(completion);
        }
        catch (RejectedExecutionException ex) {
            ifClosed.run();
        }
    }

    private IllegalStateException closedException(@Nullable Exception cause) {
        return new IllegalStateException("The lock coordinator of line '" + this.lineName
                + "' was closed: the application is shutting down", cause);
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return (task) -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }

    /** The registry lock held for the line's current token, with the thread that took it; renewed while held. */
    private final class RegistryLease implements LineLease {

        private final Lock lock;

        /** The thread that took the lock: the only one that may renew or unlock it. */
        private final ExecutorService owner;

        private final CompletableFuture<Exception> lost = new CompletableFuture<>();

        /** System.nanoTime() at the start of the last registry call that confirmed the lock. */
        private volatile long confirmedAtNanos;

        private final AtomicBoolean renewing = new AtomicBoolean();

        private volatile boolean releasing;

        private volatile @Nullable ScheduledFuture<?> renewal;

        private volatile @Nullable ScheduledFuture<?> deadlineCheck;

        RegistryLease(Lock lock, ExecutorService owner, long askedAtNanos) {
            this.lock = lock;
            this.owner = owner;
            this.confirmedAtNanos = askedAtNanos;
        }

        /** On a callback thread, before the line hears of the lease. */
        void startRenewing() {
            LockRegistryLineCoordinator coordinator = LockRegistryLineCoordinator.this;
            Duration every = coordinator.renewEvery;
            try {
                if (every != null) {
                    this.renewal = coordinator.timer.scheduleWithFixedDelay(this::renewOnOwner, every.toNanos(),
                            every.toNanos(), TimeUnit.NANOSECONDS);
                }
                if (coordinator.timeToLive != null) {
                    scheduleDeadlineCheck();
                }
            }
            catch (RejectedExecutionException ex) {
                // Closed meanwhile: close() gives the lock back.
            }
        }

        /** The local deadline: the last confirmation plus the time to live, less the safety margin. */
        private long deadlineNanos() {
            Duration ttl = Objects.requireNonNull(LockRegistryLineCoordinator.this.timeToLive);
            return this.confirmedAtNanos + ttl.toNanos() - Builder.safetyMargin(ttl).toNanos();
        }

        private void scheduleDeadlineCheck() {
            long delay = Math.max(0, deadlineNanos() - System.nanoTime());
            this.deadlineCheck = LockRegistryLineCoordinator.this.timer.schedule(this::checkDeadline, delay,
                    TimeUnit.NANOSECONDS);
        }

        /** On the timer thread, which a hanging registry call cannot hold up. */
        private void checkDeadline() {
            if (this.releasing || this.lost.isDone()) {
                return;
            }
            long now = System.nanoTime();
            if (now - deadlineNanos() < 0) {
                scheduleDeadlineCheck();
                return;
            }
            LockRegistryLineCoordinator coordinator = LockRegistryLineCoordinator.this;
            Duration ttl = Objects.requireNonNull(coordinator.timeToLive);
            Duration since = Duration.ofNanos(now - this.confirmedAtNanos);
            stopTimers();
            Duration left = ttl.minus(since);
            this.lost.complete(new IllegalStateException("No renewal of the lock '" + coordinator.lockKey
                    + "' succeeded for " + millis(since) + "; with its time to live of " + millis(ttl) + " another "
                    + "instance may take it " + (left.isNegative() ? "already" : millis(left) + " from now")
                    + " (the local deadline keeps a safety margin of " + millis(Builder.safetyMargin(ttl)) + ")"));
        }

        /** On the timer thread: hands a renewal to the owner thread, unless the last one is still under way. */
        private void renewOnOwner() {
            if (this.releasing || this.lost.isDone() || !this.renewing.compareAndSet(false, true)) {
                return;
            }
            try {
                this.owner.execute(this::renew);
            }
            catch (RejectedExecutionException ex) {
                this.renewing.set(false);
            }
        }

        /** On the owner thread. */
        private void renew() {
            LockRegistryLineCoordinator coordinator = LockRegistryLineCoordinator.this;
            long startedAt = System.nanoTime();
            try {
                if (this.releasing || this.lost.isDone()) {
                    return;
                }
                RenewableLockRegistry<?> renewable = (RenewableLockRegistry<?>) coordinator.registry;
                if (coordinator.timeToLive != null) {
                    renewable.renewLock(coordinator.lockKey, coordinator.timeToLive);
                }
                else {
                    renewable.renewLock(coordinator.lockKey);
                }
                this.confirmedAtNanos = startedAt;
            }
            catch (RuntimeException ex) {
                if (isRefusedRenewal(ex)) {
                    stopTimers();
                    this.lost.complete(ex);
                    return;
                }
                logger.warn("{}: could not renew the lock '{}'; trying again in {}: {}", coordinator.lineName,
                        coordinator.lockKey, coordinator.renewEvery, ex.toString());
            }
            finally {
                this.renewing.set(false);
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

        private void stopTimers() {
            cancel(this.renewal);
            cancel(this.deadlineCheck);
        }

        private static void cancel(@Nullable ScheduledFuture<?> future) {
            if (future != null) {
                future.cancel(false);
            }
        }

        @Override
        public CompletableFuture<Void> release() {
            LockRegistryLineCoordinator coordinator = LockRegistryLineCoordinator.this;
            CompletableFuture<Void> released = new CompletableFuture<>();
            released.orTimeout(coordinator.acquireTimeout.toNanos(), TimeUnit.NANOSECONDS);
            this.releasing = true;
            coordinator.lastRelease = released;
            if (coordinator.held == this) {
                coordinator.held = null;
            }
            stopTimers();
            try {
                this.owner.execute(() -> {
                    try {
                        this.lock.unlock();
                        released.complete(null);
                    }
                    catch (ConcurrentModificationException | IllegalStateException ex) {
                        // The registry found the lock expired (or taken) in its store.
                        this.lost.complete(ex);
                        released.complete(null);
                    }
                    catch (RuntimeException ex) {
                        released.completeExceptionally(ex);
                    }
                    finally {
                        coordinator.retire(this.owner);
                    }
                });
            }
            catch (RejectedExecutionException ex) {
                released.completeExceptionally(coordinator.closedException(ex));
            }
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

        private @Nullable Duration timeToLive;

        private @Nullable Duration renewEvery;

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
         * Sets the time to live of the lock in its store, which the coordinator then passes to every
         * acquisition and renewal of a {@link DistributedLock}; default: the registry's own, read from a
         * {@code JdbcLockRegistry} or {@code RedisLockRegistry} (or a subclass of one), else unknown (no
         * local deadline).
         *
         * @param timeToLive a positive duration
         * @return this builder
         */
        public Builder timeToLive(Duration timeToLive) {
            this.timeToLive = positive(timeToLive, "timeToLive");
            return this;
        }

        /**
         * Sets how often a held lock of a {@link RenewableLockRegistry} is renewed; default a third of the
         * time to live, or 1 s when that is unknown. {@link #build()} refuses a period that leaves no room
         * for a second renewal before the local deadline.
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
         * Creates the coordinator, with its timer and callback threads.
         *
         * @return the coordinator; close it when the line is no longer used
         * @throws UnsafeRenewalException if the renewal period cannot keep the lease safe with the time
         *         to live: the message gives the numbers and the largest safe period
         * @throws IllegalStateException if no time to live was set and the registry is a
         *         {@code JdbcLockRegistry} or {@code RedisLockRegistry} (or a subclass) whose time to live
         *         cannot be read (a Spring Integration version that moved the field): set it with
         *         {@link #timeToLive(Duration)}
         */
        public LockRegistryLineCoordinator build() {
            Duration ttl = (this.timeToLive != null) ? this.timeToLive : RegistryTimeToLive.of(this.registry);
            Duration renewal = null;
            if (this.registry instanceof RenewableLockRegistry<?>) {
                renewal = (this.renewEvery != null) ? this.renewEvery
                        : (ttl != null) ? ttl.dividedBy(3) : DEFAULT_RENEWAL;
                if (ttl != null) {
                    checkSafe(ttl, renewal);
                }
            }
            if (ttl == null) {
                logger.info("{}: the time to live of {}'s locks is unknown, so a holder cut off from the store is "
                        + "only told once the store answers again; set the time to live to have it told in time",
                        this.lineName, this.registry.getClass().getName());
            }
            return new LockRegistryLineCoordinator(this, ttl, renewal);
        }

        /**
         * The local deadline is the time to live less this margin: room for the timer's delay, a pause of
         * this process and the difference between the instances' clocks.
         */
        static Duration safetyMargin(Duration timeToLive) {
            return timeToLive.dividedBy(5);
        }

        /** The largest renewal period that still leaves room for a second try before the local deadline. */
        static Duration longestSafeRenewal(Duration timeToLive) {
            return timeToLive.minus(safetyMargin(timeToLive)).dividedBy(2);
        }

        private void checkSafe(Duration ttl, Duration renewal) {
            Duration longest = longestSafeRenewal(ttl);
            if (renewal.compareTo(longest) > 0) {
                throw new UnsafeRenewalException("Line '" + this.lineName + "': renewing every " + millis(renewal)
                        + " is unsafe with a lock time to live of " + millis(ttl) + ": the lease counts as lost "
                        + millis(ttl.minus(safetyMargin(ttl))) + " after its last renewal (the time to live less a "
                        + "safety margin of a fifth), and a failed renewal must be tried again before that. Renew at "
                        + "most every " + millis(longest) + " (or leave the renewal unset: a third of the time to "
                        + "live), or give the registry a longer time to live", longest);
            }
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
